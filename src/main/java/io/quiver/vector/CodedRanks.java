package io.quiver.vector;

/**
 * A query prepared against one part's compressed codes (int8, binary, TurboQuant): the approximate
 * rank of any coded ordinal, as {@link Metric#rank} (the dot product, or minus the squared
 * distance). A graph's walk ranks by it and rescores the beam with the original vectors.
 */
interface CodedRanks {
    float rank(int ord);
}
