package io.quiver.vector;

/**
 * Per-query use of a quantized collection (Qdrant's {@code params.quantization}).
 *
 * @param ignore       walk the graph with the original vectors, as if the collection had no codes
 * @param rescore      rescore the candidates with the original vectors (else hits carry the codes' approximate scores)
 * @param oversampling candidates taken by code before rescoring: {@code max(beam, ceil(limit * oversampling))}, at least 1
 */
public record QuantizedSearch(boolean ignore, boolean rescore, float oversampling) {
    public static final QuantizedSearch DEFAULT = new QuantizedSearch(false, true, 1f);

    public QuantizedSearch {
        if (!(oversampling >= 1f && oversampling <= 1000f)) {
            throw new IllegalArgumentException("quantization.oversampling must be between 1 and 1000, not " + oversampling);
        }
    }
}
