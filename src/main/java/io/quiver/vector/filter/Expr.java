package io.quiver.vector.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Redis vector-set filter expression ({@code VSIM ... FILTER}), compiled by {@link ExpressionParser}:
 * selectors ({@code .field}) read the point's JSON attributes (its payload), literals, arrays, and
 * operators. A selector whose field is missing makes the whole expression false (Redis's rule);
 * {@link #MISSING} carries that up.
 */
public sealed interface Expr {
    Object MISSING = new Object() {
        @Override
        public String toString() {
            return "missing";
        }
    };

    Object eval(Object root);

    static boolean truthy(Object v) {
        if (v == null || v == MISSING) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        return v instanceof List<?> l && !l.isEmpty();
    }

    /** A number as Redis's expressions use it (booleans count 1 and 0), or null. */
    static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        return null;
    }

    record Literal(Object value) implements Expr {
        public Object eval(Object root) {
            return value;
        }
    }

    /** {@code .a.b}: the attribute at that path. */
    record Selector(List<String> path) implements Expr {
        public Object eval(Object root) {
            Object v = root;
            for (String p : path) {
                if (!(v instanceof Map<?, ?> m) || !m.containsKey(p)) {
                    return MISSING;
                }
                v = m.get(p);
            }
            return v == null ? MISSING : v;
        }
    }

    record Array(List<Expr> items) implements Expr {
        public Object eval(Object root) {
            List<Object> out = new ArrayList<>(items.size());
            for (Expr e : items) {
                Object v = e.eval(root);
                if (v == MISSING) {
                    return MISSING;
                }
                out.add(v);
            }
            return out;
        }
    }

    record Not(Expr operand) implements Expr {
        public Object eval(Object root) {
            Object v = operand.eval(root);
            return v == MISSING ? MISSING : !truthy(v);
        }
    }

    record Negate(Expr operand) implements Expr {
        public Object eval(Object root) {
            Double d = number(operand.eval(root));
            return d == null ? MISSING : -d;
        }
    }

    record Binary(String op, Expr left, Expr right) implements Expr {
        public Object eval(Object root) {
            switch (op) {
                case "and" -> {
                    Object l = left.eval(root);
                    if (!truthy(l)) {
                        return l == MISSING ? MISSING : false;
                    }
                    Object r = right.eval(root);
                    return r == MISSING ? MISSING : truthy(r);
                }
                case "or" -> {
                    Object l = left.eval(root);
                    if (truthy(l)) {
                        return true;
                    }
                    Object r = right.eval(root);
                    if (truthy(r)) {
                        return true;
                    }
                    return l == MISSING || r == MISSING ? MISSING : false;
                }
                default -> {
                }
            }
            Object l = left.eval(root), r = right.eval(root);
            if (l == MISSING || r == MISSING) {
                return MISSING;
            }
            switch (op) {
                case "==" -> {
                    return equal(l, r);
                }
                case "!=" -> {
                    return !equal(l, r);
                }
                case "in" -> {
                    if (r instanceof List<?> list) {
                        for (Object x : list) {
                            if (equal(l, x)) {
                                return true;
                            }
                        }
                        return false;
                    }
                    return l instanceof String ls && r instanceof String rs && rs.contains(ls);
                }
                default -> {
                }
            }
            if (l instanceof String ls && r instanceof String rs) {
                int c = ls.compareTo(rs);
                return switch (op) {
                    case ">" -> c > 0;
                    case ">=" -> c >= 0;
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    default -> MISSING;
                };
            }
            Double a = number(l), b = number(r);
            if (a == null || b == null) {
                return MISSING;
            }
            return switch (op) {
                case ">" -> a > b;
                case ">=" -> a >= b;
                case "<" -> a < b;
                case "<=" -> a <= b;
                case "+" -> a + b;
                case "-" -> a - b;
                case "*" -> a * b;
                case "/" -> a / b;
                case "%" -> a % b;
                case "**" -> Math.pow(a, b);
                default -> MISSING;
            };
        }

        private static boolean equal(Object l, Object r) {
            if (l instanceof String || r instanceof String) {
                return l.equals(r);
            }
            Double a = number(l), b = number(r);
            return a != null && b != null ? a.doubleValue() == b.doubleValue() : l.equals(r);
        }
    }
}
