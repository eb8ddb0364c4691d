package io.quiver.vector.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles Redis 8's vector-set filter expressions ({@code VSIM key ... FILTER ".year > 1950 and
 * .genre in ['a', 'b']"}) into a {@link Filter}. Grammar, loosest first: {@code or ||}, {@code and &&},
 * comparisons {@code == != > >= < <= in}, {@code + -}, {@code * / %}, {@code **} (right to left),
 * unary {@code not ! -}; operands: {@code .field} (dots into nested objects), numbers, strings in
 * single or double quotes, {@code true}/{@code false}, {@code [a, b]} arrays and parentheses.
 */
public final class ExpressionParser {
    private final String src;
    private int pos;

    private ExpressionParser(String src) {
        this.src = src;
    }

    /** The filter of an expression; a syntax error is a {@link FilterException} naming the position. */
    public static Filter parse(String expression) {
        ExpressionParser p = new ExpressionParser(expression);
        p.skip();
        if (p.pos == p.src.length()) {
            throw new FilterException("empty expression");
        }
        Expr e = p.or();
        p.skip();
        if (p.pos != p.src.length()) {
            throw p.error("unexpected input");
        }
        return Filter.must(new Condition.Expression(expression, e));
    }

    private FilterException error(String what) {
        return new FilterException(what + " at position " + pos + " in filter expression");
    }

    private void skip() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private boolean eat(String token) {
        skip();
        if (!src.startsWith(token, pos)) {
            return false;
        }
        boolean word = Character.isLetter(token.charAt(0));
        int end = pos + token.length();
        if (word && end < src.length() && (Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_')) {
            return false;
        }
        pos = end;
        return true;
    }

    private Expr or() {
        Expr l = and();
        while (eat("||") || eat("or")) {
            l = new Expr.Binary("or", l, and());
        }
        return l;
    }

    private Expr and() {
        Expr l = comparison();
        while (eat("&&") || eat("and")) {
            l = new Expr.Binary("and", l, comparison());
        }
        return l;
    }

    private Expr comparison() {
        Expr l = additive();
        while (true) {
            String op = eat("==") ? "==" : eat("!=") ? "!=" : eat(">=") ? ">=" : eat("<=") ? "<="
                    : eat(">") ? ">" : eat("<") ? "<" : eat("in") ? "in" : null;
            if (op == null) {
                return l;
            }
            l = new Expr.Binary(op, l, additive());
        }
    }

    private Expr additive() {
        Expr l = multiplicative();
        while (true) {
            String op = eat("+") ? "+" : eat("-") ? "-" : null;
            if (op == null) {
                return l;
            }
            l = new Expr.Binary(op, l, multiplicative());
        }
    }

    private Expr multiplicative() {
        Expr l = power();
        while (true) {
            skip();
            if (src.startsWith("**", pos)) {
                return l;
            }
            String op = eat("*") ? "*" : eat("/") ? "/" : eat("%") ? "%" : null;
            if (op == null) {
                return l;
            }
            l = new Expr.Binary(op, l, power());
        }
    }

    private Expr power() {
        Expr base = unary();
        if (eat("**")) {
            return new Expr.Binary("**", base, power());
        }
        return base;
    }

    private Expr unary() {
        if (eat("not")) {
            return new Expr.Not(unary());
        }
        skip();
        if (src.startsWith("!=", pos)) {
            throw error("unexpected '!='");
        }
        if (eat("!")) {
            return new Expr.Not(unary());
        }
        if (eat("-")) {
            return new Expr.Negate(unary());
        }
        return operand();
    }

    private Expr operand() {
        skip();
        if (pos >= src.length()) {
            throw error("unexpected end");
        }
        char c = src.charAt(pos);
        if (c == '(') {
            pos++;
            Expr e = or();
            if (!eat(")")) {
                throw error("missing ')'");
            }
            return e;
        }
        if (c == '[') {
            pos++;
            List<Expr> items = new ArrayList<>();
            if (!eat("]")) {
                do {
                    items.add(or());
                } while (eat(","));
                if (!eat("]")) {
                    throw error("missing ']'");
                }
            }
            boolean constant = items.stream().allMatch(i -> i instanceof Expr.Literal);
            Expr.Array a = new Expr.Array(items);
            return constant ? new Expr.Literal(a.eval(null)) : a;
        }
        if (c == '.') {
            pos++;
            List<String> path = new ArrayList<>();
            do {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                        || src.charAt(pos) == '-' && pos > start)) {
                    pos++;
                }
                if (pos == start) {
                    throw error("a selector needs a field name");
                }
                path.add(src.substring(start, pos));
            } while (pos < src.length() && src.charAt(pos) == '.' && ++pos > 0);
            return new Expr.Selector(path);
        }
        if (c == '"' || c == '\'') {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < src.length() && src.charAt(pos) != c) {
                char ch = src.charAt(pos++);
                if (ch == '\\' && pos < src.length()) {
                    ch = src.charAt(pos++);
                }
                sb.append(ch);
            }
            if (pos >= src.length()) {
                throw error("unterminated string");
            }
            pos++;
            return new Expr.Literal(sb.toString());
        }
        if (Character.isDigit(c)) {
            int start = pos;
            while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.'
                    || src.charAt(pos) == 'e' || src.charAt(pos) == 'E'
                    || (src.charAt(pos) == '-' || src.charAt(pos) == '+') && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E'))) {
                pos++;
            }
            try {
                return new Expr.Literal(Double.parseDouble(src.substring(start, pos)));
            } catch (NumberFormatException e) {
                pos = start;
                throw error("bad number");
            }
        }
        if (eat("true")) {
            return new Expr.Literal(Boolean.TRUE);
        }
        if (eat("false")) {
            return new Expr.Literal(Boolean.FALSE);
        }
        throw error("unexpected '" + c + "'");
    }
}
