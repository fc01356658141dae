package dev.cruciblesim.tracing.d;

/**
 * One lexeme with where it starts (1-based line and column).
 *
 * @param text for {@link Kind#STRING} the unescaped value, for {@link Kind#INTEGER} the literal as
 *             written, else the source text
 */
record Token(Kind kind, String text, int line, int column) {
    enum Kind {
        /** A probe description, {@code BEGIN} or {@code tick-1s} included (only between clauses). */
        PROBE_SPEC,
        /** {@code #pragma D option name[=value]}: text is {@code name[=value]}. */
        PRAGMA_OPTION,
        IDENTIFIER,
        /** {@code @name} or a bare {@code @}: text is the name, possibly empty. */
        AGGREGATION,
        INTEGER,
        STRING,
        /** A punctuator or operator; text says which. */
        OPERATOR,
        END_OF_INPUT
    }

    boolean is(String operator) {
        return kind == Kind.OPERATOR && text.equals(operator);
    }

    /**
     * @return the token as {@code syntax error near "..."} names it: its text, a string literal
     *         with its quotes (as D's lexer text has them); the parser handles end of input
     */
    String near() {
        return kind == Kind.END_OF_INPUT ? "end of input" : kind == Kind.STRING ? '"' + text + '"' : text;
    }
}
