package io.quiver.vector.filter;

import java.util.List;
import java.util.Map;

/**
 * Qdrant's score-boosting formula ({@code {"formula": expression, "defaults": {...}}} in a query):
 * an arithmetic expression over the prefetches' scores ({@code $score}, {@code $score[i]}), payload
 * values, conditions (1 when the point passes, else 0), geo distances and decay functions, evaluated
 * per point in double precision. A variable a point lacks takes its default; a payload variable with
 * neither value nor default, or with a value of the wrong type, is an error ({@link FormulaException}),
 * as is any step whose result is not finite (division by zero without {@code by_zero_default},
 * the square root or logarithm of a negative number, an overflowing power or exponential).
 *
 * @param root     the expression
 * @param defaults default values by variable: {@code "$score[i]"} (normalised: {@code $score} is
 *                 {@code $score[0]}) or a payload key as written
 */
public record ScoreFormula(Expression root, Map<String, Object> defaults) {
    public ScoreFormula {
        defaults = Map.copyOf(defaults);
    }

    /** What one evaluation sees of a point. */
    public interface Point {
        /** The point's score in prefetch {@code index}, or null when that prefetch did not find it. */
        Float score(int index);

        /** The point's payload (parsed). */
        Map<String, Object> payload();

        /** The point, for conditions that test its id or vectors. */
        Candidate candidate();
    }

    /** An evaluation that cannot give a number; its message names the variable or step. */
    public static final class FormulaException extends RuntimeException {
        public FormulaException(String message) {
            super(message);
        }
    }

    /** The point's score by this formula. */
    public double score(Point p) {
        return root.eval(this, p);
    }

    /** Every condition the formula holds (for strict mode's checks of filtered keys). */
    public List<Filter> conditions() {
        List<Filter> out = new java.util.ArrayList<>();
        root.collectConditions(out);
        return out;
    }

    /** Whether a condition of the formula may test a point's vectors (then they must be fetched). */
    public boolean testsVectors() {
        return conditions().stream().anyMatch(ScoreFormula::testsVectors);
    }

    private static boolean testsVectors(Filter f) {
        return java.util.stream.Stream.of(f.must(), f.should(), f.mustNot(),
                        f.minShould() == null ? List.<Condition>of() : f.minShould().conditions())
                .flatMap(List::stream).anyMatch(c -> c instanceof Condition.HasVector
                        || c instanceof Filter nested && testsVectors(nested));
    }

    /**
     * The payload keys the formula reads as variables, each with the index types that serve it
     * (strict mode's {@code unindexed_filtering_retrieve: false} wants one): numbers by an integer
     * or float index, geo points by a geo index.
     */
    public Map<String, List<String>> payloadKeys() {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        root.collectKeys(out);
        return out;
    }

    /** A node of the expression. */
    public sealed interface Expression {
        double eval(ScoreFormula f, Point p);

        default void collectConditions(List<Filter> out) {
            for (Expression child : children()) {
                child.collectConditions(out);
            }
        }

        default void collectKeys(Map<String, List<String>> out) {
            for (Expression child : children()) {
                child.collectKeys(out);
            }
        }

        default List<Expression> children() {
            return List.of();
        }
    }

    public record Constant(double value) implements Expression {
        public double eval(ScoreFormula f, Point p) {
            return value;
        }
    }

    /** {@code $score[index]}: the point's score in that prefetch; else its default, else 0 (as Qdrant). */
    public record Score(int index) implements Expression {
        public double eval(ScoreFormula f, Point p) {
            Float s = p.score(index);
            if (s != null) {
                return s;
            }
            return f.defaults.get("$score[" + index + "]") instanceof Number n ? n.doubleValue() : 0;
        }
    }

    /** A payload key: the one number there (or the default when there is none). */
    public record Variable(String key, JsonPath path) implements Expression {
        public double eval(ScoreFormula f, Point p) {
            Object v = f.value(key, path, p, "number");
            if (v instanceof Number n && !(v instanceof Boolean)) {
                return n.doubleValue();
            }
            throw mismatch(key, "number", "Value is not a number");
        }

        @Override
        public void collectKeys(Map<String, List<String>> out) {
            out.putIfAbsent(key, List.of("integer", "float"));
        }
    }

    /** A condition: 1 when the point passes it, else 0. */
    public record Matches(Filter condition) implements Expression {
        public double eval(ScoreFormula f, Point p) {
            return condition.matches(p.payload(), p.candidate()) ? 1 : 0;
        }

        @Override
        public void collectConditions(List<Filter> out) {
            out.add(condition);
        }
    }

    /** Metres (haversine) from {@code origin} to the geo point at {@code key}. */
    public record GeoDistance(double lon, double lat, String key, JsonPath path) implements Expression {
        public double eval(ScoreFormula f, Point p) {
            double[] to = Geo.point(f.value(key, path, p, "geo point"));
            if (to == null) {
                throw mismatch(key, "geo point", "Value is not a geo point {\"lon\", \"lat\"}");
            }
            return Geo.distance(lon, lat, to[0], to[1]);
        }

        @Override
        public void collectKeys(Map<String, List<String>> out) {
            out.putIfAbsent(key, List.of("geo"));
        }
    }

    public record Mult(List<Expression> factors) implements Expression {
        @Override
        public List<Expression> children() {
            return factors;
        }

        public double eval(ScoreFormula f, Point p) {
            double product = 1;
            for (Expression e : factors) {
                double v = e.eval(f, p);
                if (v == 0) {
                    return 0; // as Qdrant: a zero factor ends the product (the others are not evaluated)
                }
                product *= v;
            }
            return product;
        }

    }

    public record Sum(List<Expression> terms) implements Expression {
        @Override
        public List<Expression> children() {
            return terms;
        }

        public double eval(ScoreFormula f, Point p) {
            double sum = 0;
            for (Expression e : terms) {
                sum += e.eval(f, p);
            }
            return sum;
        }

    }

    /** {@code left / right}; a zero numerator gives 0 without evaluating {@code right}; a zero denominator {@code byZero} when given. */
    public record Div(Expression left, Expression right, Double byZero) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(left, right);
        }

        public double eval(ScoreFormula f, Point p) {
            double l = left.eval(f, p);
            if (l == 0) {
                return 0;
            }
            double r = right.eval(f, p);
            if (r == 0 && byZero != null) {
                return byZero;
            }
            return finite(l / r, l + "/" + r);
        }

    }

    /** A function of one argument: {@code neg}, {@code abs}, {@code sqrt}, {@code exp}, {@code log10}, {@code ln}. */
    public record Unary(String op, Expression arg) implements Expression {
        public Unary {
            if (!List.of("neg", "abs", "sqrt", "exp", "log10", "ln").contains(op)) {
                throw new IllegalArgumentException("unknown function " + op);
            }
        }

        @Override
        public List<Expression> children() {
            return List.of(arg);
        }

        public double eval(ScoreFormula f, Point p) {
            double x = arg.eval(f, p);
            return switch (op) {
                case "neg" -> -x;
                case "abs" -> Math.abs(x);
                case "sqrt" -> finite(Math.sqrt(x), "√" + x);
                case "exp" -> finite(Math.exp(x), "exp(" + x + ")");
                case "log10" -> finite(Math.log10(x), "log10(" + x + ")");
                default -> finite(Math.log(x), "ln(" + x + ")");
            };
        }

    }

    public record Pow(Expression base, Expression exponent) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(base, exponent);
        }

        public double eval(ScoreFormula f, Point p) {
            double b = base.eval(f, p), e = exponent.eval(f, p);
            return finite(Math.pow(b, e), b + "^" + e);
        }

    }

    /** The decay functions, each 1 at {@code target} and {@code midpoint} at {@code |x - target| = scale}. */
    public enum DecayKind { LIN, EXP, GAUSS }

    /**
     * {@code lin_decay}: {@code max(0, 1 - (1 - midpoint) / scale * |x - target|)}; {@code exp_decay}:
     * {@code exp(ln(midpoint) / scale * |x - target|)}; {@code gauss_decay}:
     * {@code exp(ln(midpoint) / scale² * (x - target)²)}. {@code target} null is 0.
     */
    public record Decay(DecayKind kind, Expression x, Expression target, double scale, double midpoint) implements Expression {
        public Decay {
            boolean midpointOk = kind == DecayKind.LIN ? midpoint >= 0 && midpoint <= 1 : midpoint > 0 && midpoint < 1;
            if (!midpointOk) {
                throw new IllegalArgumentException(kind == DecayKind.LIN
                        ? "Linear decay midpoint should be in the range [0.0, 1.0], got " + midpoint + "."
                        : "Decay midpoint should be in the range (0.0, 1.0), got " + midpoint + ".");
            }
            if (!(scale > 0)) {
                throw new IllegalArgumentException("Decay scale should be non-zero positive, got " + scale + ".");
            }
        }

        @Override
        public List<Expression> children() {
            return target == null ? List.of(x) : List.of(x, target);
        }

        public double eval(ScoreFormula f, Point p) {
            double d = x.eval(f, p) - (target == null ? 0 : target.eval(f, p));
            return switch (kind) {
                case LIN -> Math.max(0, 1 - (1 - midpoint) / scale * Math.abs(d));
                case EXP -> Math.exp(Math.log(midpoint) / scale * Math.abs(d));
                case GAUSS -> Math.exp(Math.log(midpoint) / (scale * scale) * d * d);
            };
        }

    }

    /** The value at {@code path}: the one there, several as a list, none the default, else an error. */
    private Object value(String key, JsonPath path, Point p, String expected) {
        List<Object> values = path.values(p.payload());
        if (values.contains(null)) { // a null (or an empty array) is no value, as in Qdrant
            values = new java.util.ArrayList<>(values);
            values.removeIf(java.util.Objects::isNull);
        }
        if (values.size() == 1) {
            return values.get(0);
        }
        if (values.size() > 1) {
            return values;
        }
        Object d = defaults.get(key);
        if (d == null) {
            throw mismatch(key, expected, "No value found in a payload nor defaults");
        }
        return d;
    }

    private static FormulaException mismatch(String key, String expected, String why) {
        return new FormulaException("Expected " + expected + " value for " + key
                + " in the payload and/or in the formula defaults. Error: " + why);
    }

    private static double finite(double v, String expression) {
        if (Double.isFinite(v)) {
            return v;
        }
        return fail("The expression " + expression + " = " + v + " produced a non-finite number");
    }

    private static double fail(String message) {
        throw new FormulaException(message);
    }
}
