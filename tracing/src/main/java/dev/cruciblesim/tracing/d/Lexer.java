package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.d.Token.Kind;

/**
 * Splits D source into tokens on demand. Like D's own lexer it has two states, chosen by the
 * parser for each token: between clauses a run of probe-description characters
 * ({@code [-$:a-zA-Z_.?*\[\]!0-9]}, so {@code crucible_upstairs*:::gw-*-start} or {@code tick-1s})
 * is one {@link Kind#PROBE_SPEC} and {@code #pragma} lines are directives; inside predicates and
 * bodies it reads C-style expression tokens. C ({@code /* *}{@code /}) and C++ ({@code //})
 * comments are skipped in both.
 *
 * <p>Macro arguments: {@code $N} becomes the N-th script argument, an integer token when it reads
 * as one and an identifier otherwise; {@code $$N} is always a string. In probe descriptions
 * {@code $N} is replaced by the argument's text ({@code crucible_upstairs$1:::}).
 */
final class Lexer {
    /** Longest first, so that {@code <<=} wins over {@code <<} and {@code <}. */
    private static final String[] OPERATORS = {
        "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "^^", "+=", "-=", "*=",
        "/=", "%=", "&=", "|=", "^=", "+", "-", "*", "/", "%", "<", ">", "=", "!", "~", "&", "|", "^", "?", ":",
        "(", ")", "[", "]", "{", "}", ",", ";", "."
    };

    private final String source;
    /** What each error line starts with, e.g. {@code dtrace: failed to compile script x.d: }. */
    private final String errorPrefix;
    private int position;
    private int line = 1;
    private int lineStart;

    private final java.util.List<String> macroArguments;

    Lexer(String source, String errorPrefix, java.util.List<String> macroArguments) {
        this.source = source;
        this.errorPrefix = errorPrefix;
        this.macroArguments = macroArguments;
    }

    /** The next token between clauses: a probe description, a pragma, or punctuation. */
    Token nextBetweenClauses() {
        skipSpaceAndComments(true);
        if (position >= source.length()) {
            return token(Kind.END_OF_INPUT, "", position);
        }
        int start = position;
        char c = source.charAt(position);
        if (c == '#') {
            return pragma();
        }
        if (isSpecStart(c)) {
            while (position < source.length() && isSpecPart(source.charAt(position))) {
                position++;
            }
            return token(Kind.PROBE_SPEC, expandMacros(source.substring(start, position), start), start);
        }
        return operator();
    }

    /** The next token inside a predicate or a clause body. */
    Token nextInClause() {
        skipSpaceAndComments(false);
        if (position >= source.length()) {
            return token(Kind.END_OF_INPUT, "", position);
        }
        int start = position;
        char c = source.charAt(position);
        if (Character.isLetter(c) || c == '_' || c == '`') {
            while (position < source.length() && isIdentifierPart(source.charAt(position))) {
                position++;
            }
            return token(Kind.IDENTIFIER, source.substring(start, position), start);
        }
        if (c == '@') {
            position++;
            while (position < source.length() && isIdentifierPart(source.charAt(position))) {
                position++;
            }
            return token(Kind.AGGREGATION, source.substring(start + 1, position), start);
        }
        if (Character.isDigit(c)) {
            while (position < source.length() && Character.isLetterOrDigit(source.charAt(position))) {
                position++;
            }
            return token(Kind.INTEGER, source.substring(start, position), start);
        }
        if (c == '"') {
            return string();
        }
        if (c == '$') {
            return macro();
        }
        if (c == '\'') {
            return character();
        }
        return operator();
    }

    private Token macro() {
        int start = position++;
        boolean asString = position < source.length() && source.charAt(position) == '$';
        if (asString) {
            position++;
        }
        int digits = position;
        while (position < source.length() && Character.isDigit(source.charAt(position))) {
            position++;
        }
        if (digits == position) {
            while (position < source.length() && isIdentifierPart(source.charAt(position))) {
                position++;
            }
            throw error(start, "macro variable " + source.substring(start, position) + " is not defined",
                    "only the script's arguments $0, $1, ... are defined");
        }
        String value = argument(source.substring(digits, position), start);
        if (asString) {
            return token(Kind.STRING, value, start);
        }
        if (value.matches("-?(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*")) {
            if (value.startsWith("-")) {
                // A negative argument: the lexer has no negative literals, so give the parser what "-N" lexes as.
                throw error(start, "macro argument " + source.substring(start, position) + " is negative",
                        "write -$N with a positive argument");
            }
            return token(Kind.INTEGER, value, start);
        }
        if (!value.isEmpty() && (Character.isLetter(value.charAt(0)) || value.charAt(0) == '_')
                && value.chars().allMatch(ch -> isIdentifierPart((char) ch))) {
            return token(Kind.IDENTIFIER, value, start);
        }
        throw error(start, "macro argument " + source.substring(start, position) + " is not an integer or identifier",
                "use $$N to use it as a string");
    }

    private String argument(String digits, int start) {
        int n = Integer.parseInt(digits);
        if (n >= macroArguments.size()) {
            throw error(start, "macro argument $" + n + " is not defined",
                    "the script was given " + (macroArguments.size() - 1) + " arguments");
        }
        return macroArguments.get(n);
    }

    private String expandMacros(String spec, int start) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            int end = i + 1;
            while (c == '$' && end < spec.length() && Character.isDigit(spec.charAt(end))) {
                end++;
            }
            if (c == '$' && end > i + 1) {
                out.append(argument(spec.substring(i + 1, end), start));
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private Token operator() {
        int start = position;
        for (String operator : OPERATORS) {
            if (source.startsWith(operator, position)) {
                position += operator.length();
                return token(Kind.OPERATOR, operator, start);
            }
        }
        position++;
        return token(Kind.OPERATOR, source.substring(start, position), start);
    }

    /** {@code #pragma D option name[=value]}; other pragmas and directives are errors, not silently dropped. */
    private Token pragma() {
        int start = position;
        int end = source.indexOf('\n', position);
        if (end < 0) {
            end = source.length();
        }
        String text = source.substring(position, end).strip();
        position = end;
        String[] words = text.substring(1).strip().split("\\s+");
        if (words.length >= 3 && words[0].equals("pragma") && words[1].equals("D") && words[2].equals("option")) {
            return token(Kind.PRAGMA_OPTION, String.join("", java.util.Arrays.copyOfRange(words, 3, words.length)),
                    start);
        }
        if (words.length >= 1 && words[0].equals("pragma")) {
            // D ignores pragmas it does not know ("#pragma ident", other vendors' pragmas).
            return nextBetweenClauses();
        }
        throw error(start, "invalid control directive: " + text, "only #pragma D option is supported");
    }

    private Token string() {
        int start = position++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (position >= source.length() || source.charAt(position) == '\n') {
                throw error(start, "newline encountered in string literal", "close the string with \"");
            }
            char c = source.charAt(position++);
            if (c == '"') {
                return token(Kind.STRING, value.toString(), start);
            }
            value.append(c == '\\' ? escape(start) : c);
        }
    }

    private Token character() {
        int start = position++;
        if (position >= source.length()) {
            throw error(start, "unterminated character constant", null);
        }
        char c = source.charAt(position++);
        char value = c == '\\' ? escape(start) : c;
        if (position >= source.length() || source.charAt(position) != '\'') {
            throw error(start, "invalid character constant", "a character constant holds one character");
        }
        position++;
        return token(Kind.INTEGER, Integer.toString(value), start);
    }

    private char escape(int start) {
        if (position >= source.length()) {
            throw error(start, "newline encountered in string literal", null);
        }
        char c = source.charAt(position++);
        switch (c) {
            case 'n': return '\n';
            case 't': return '\t';
            case 'r': return '\r';
            case 'a': return 7;
            case 'b': return '\b';
            case 'f': return '\f';
            case 'v': return 11;
            case '\\': return '\\';
            case '"': return '"';
            case '\'': return '\'';
            case '?': return '?';
            case 'x': {
                int value = 0;
                int digits = 0;
                while (position < source.length() && Character.digit(source.charAt(position), 16) >= 0) {
                    value = value * 16 + Character.digit(source.charAt(position++), 16);
                    digits++;
                }
                if (digits == 0) {
                    throw error(start, "\\x used with no following hex digits", null);
                }
                return (char) (value & 0xFF);
            }
            default:
                if (c >= '0' && c <= '7') {
                    int value = c - '0';
                    for (int i = 0; i < 2 && position < source.length() && source.charAt(position) >= '0'
                            && source.charAt(position) <= '7'; i++) {
                        value = value * 8 + (source.charAt(position++) - '0');
                    }
                    return (char) (value & 0xFF);
                }
                // C keeps an unknown escape's character; D warns nothing either.
                return c;
        }
    }

    private void skipSpaceAndComments(boolean betweenClauses) {
        while (position < source.length()) {
            char c = source.charAt(position);
            if (c == '\n') {
                position++;
                line++;
                lineStart = position;
            } else if (Character.isWhitespace(c)) {
                position++;
            } else if (source.startsWith("/*", position)) {
                int start = position;
                int end = source.indexOf("*/", position + 2);
                if (end < 0) {
                    throw error(start, "end-of-file encountered before matching */", null);
                }
                for (int i = position; i < end; i++) {
                    if (source.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                position = end + 2;
            } else if (source.startsWith("//", position)) {
                while (position < source.length() && source.charAt(position) != '\n') {
                    position++;
                }
            } else if (betweenClauses && c == '#' && source.startsWith("#!", position) && position == 0) {
                // An interpreter line (#!/usr/sbin/dtrace -s) at the top of an executable script.
                while (position < source.length() && source.charAt(position) != '\n') {
                    position++;
                }
            } else {
                return;
            }
        }
    }

    private static boolean isSpecStart(char c) {
        return Character.isLetter(c) || "-$:_.?*\\[]!".indexOf(c) >= 0;
    }

    private static boolean isSpecPart(char c) {
        return Character.isLetterOrDigit(c) || "-$:_.?*\\[]!`".indexOf(c) >= 0;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '`';
    }

    private Token token(Kind kind, String text, int start) {
        return new Token(kind, text, line, start - lineStart + 1);
    }

    DCompileException error(int offset, String what, String detail) {
        int column = offset - lineStart + 1;
        return new DCompileException(errorPrefix + "line " + line + ": " + what,
                line, "column " + column + (detail == null ? "" : ": " + detail));
    }
}
