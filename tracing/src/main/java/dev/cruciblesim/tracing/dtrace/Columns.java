package dev.cruciblesim.tracing.dtrace;

/** Fixed-width column helpers; text wider than its column is never truncated, it pushes the line right. */
final class Columns {
    private Columns() {
    }

    static void spaces(StringBuilder out, int count) {
        for (int i = 0; i < count; i++) {
            out.append(' ');
        }
    }

    static void repeat(StringBuilder out, char c, int count) {
        for (int i = 0; i < count; i++) {
            out.append(c);
        }
    }

    static void right(StringBuilder out, String text, int width) {
        spaces(out, width - text.length());
        out.append(text);
    }

    static void left(StringBuilder out, String text, int width) {
        out.append(text);
        spaces(out, width - text.length());
    }
}
