package dev.cruciblesim.tracing.dtrace;

/**
 * The D type of one aggregation key field. It decides the printed column (spec §2.1) and the
 * sort order (§6.1: integers compare unsigned at their own width, strings bytewise).
 */
public enum KeyType {
    /** A D string: {@code "␠␠"} then left-justified in 50 columns. */
    STRING,
    /** An 8-byte integer such as {@code arg0} or {@code timestamp}: {@code "␠"} then R16, signed. */
    INT64,
    /** A 4-byte integer such as an {@code int} literal or {@code pid}: {@code "␠"} then R8 of the signed 32-bit value. */
    INT32;

    void append(StringBuilder out, AggregationKey key, int field) {
        switch (this) {
            case STRING -> {
                out.append("  ");
                Columns.left(out, key.string(field), 50);
            }
            case INT64 -> {
                out.append(' ');
                Columns.right(out, Long.toString(key.number(field)), 16);
            }
            case INT32 -> {
                out.append(' ');
                Columns.right(out, Integer.toString((int) key.number(field)), 8);
            }
        }
    }

    int compare(AggregationKey a, AggregationKey b, int field) {
        return switch (this) {
            // Java's UTF-16 order equals DTrace's unsigned-byte UTF-8 order except between
            // supplementary characters and U+E000..U+FFFF, which no probe argument carries.
            case STRING -> Integer.signum(a.string(field).compareTo(b.string(field)));
            case INT64 -> Long.compareUnsigned(a.number(field), b.number(field));
            case INT32 -> Integer.compareUnsigned((int) a.number(field), (int) b.number(field));
        };
    }

    boolean isString() {
        return this == STRING;
    }
}
