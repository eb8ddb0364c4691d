package io.quiver.vector.io;

/**
 * One row read from an import file.
 *
 * @param id      the id given in the file (jsonl), or null: the row number is used
 * @param vector  the vector
 * @param payload the payload as JSON object text, or null
 */
public record VectorRow(Object id, float[] vector, String payload) {
}
