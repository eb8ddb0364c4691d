package io.quiver.service.vector;

import io.quiver.vector.PointId;
import io.quiver.vector.SparseVector;

import java.util.ArrayList;
import java.util.List;

/**
 * Qdrant's queries by examples: {@code recommend} (positive and negative examples, three
 * strategies), {@code discover} (a target and context pairs) and {@code context} (pairs only). An
 * example is a point id (its vector is looked up, in {@code lookup_from}'s collection when given) or
 * a vector of the searched space's kind.
 */
public sealed interface ExampleQuery {
    /** Every example of the query, in order (positives first). */
    List<Example> examples();

    /** A point id or a raw vector: exactly one of the fields is set. */
    record Example(PointId id, float[] dense, SparseVector sparse, float[][] multi) {
        public static Example of(PointId id) {
            return new Example(id, null, null, null);
        }

        public boolean byId() {
            return id != null;
        }
    }

    record Pair(Example positive, Example negative) {
    }

    enum Strategy {
        AVERAGE_VECTOR, BEST_SCORE, SUM_SCORES;

        /** Qdrant's wire name: {@code average_vector}, {@code best_score}, {@code sum_scores}. */
        public static Strategy parse(String s) {
            return switch (s) {
                case "average_vector" -> AVERAGE_VECTOR;
                case "best_score" -> BEST_SCORE;
                case "sum_scores" -> SUM_SCORES;
                default -> throw new IllegalArgumentException("unknown variant `" + s
                        + "`, expected one of `average_vector`, `best_score`, `sum_scores`");
            };
        }
    }

    record Recommend(List<Example> positive, List<Example> negative, Strategy strategy) implements ExampleQuery {
        public List<Example> examples() {
            List<Example> all = new ArrayList<>(positive);
            all.addAll(negative);
            return all;
        }
    }

    record Discover(Example target, List<Pair> context) implements ExampleQuery {
        public List<Example> examples() {
            List<Example> all = new ArrayList<>();
            all.add(target);
            context.forEach(p -> {
                all.add(p.positive());
                all.add(p.negative());
            });
            return all;
        }
    }

    /**
     * Qdrant's relevance feedback with its naive strategy: a point scores
     * {@code a * sim(target) + sum over pairs of (confidence^b * c) * (sim(positive) - sim(negative))},
     * the pairs made by sorting the feedback by its score, highest first, and pairing the first with
     * the last, the second with the second last, ... (at most 3 pairs, none with fewer than two
     * items); a pair's confidence is the difference of its two feedback scores.
     *
     * @param items  the feedback examples, {@code scores[i]} the feedback score of {@code items[i]}
     */
    record Feedback(Example target, List<Example> items, float[] scores, float a, float b, float c) implements ExampleQuery {
        /** Qdrant's most pairs a feedback forms. */
        public static final int MAX_PAIRS = 3;

        public List<Example> examples() {
            List<Example> all = new ArrayList<>();
            all.add(target);
            all.addAll(items);
            return all;
        }
    }

    record Context(List<Pair> pairs) implements ExampleQuery {
        public List<Example> examples() {
            List<Example> all = new ArrayList<>();
            pairs.forEach(p -> {
                all.add(p.positive());
                all.add(p.negative());
            });
            return all;
        }
    }

    /**
     * Where examples given by id are looked up: another collection and its vector name (null: the
     * searched space's name).
     */
    record Lookup(String collection, String vector) {
    }
}
