package dev.cruciblesim.tracing.dtrace;

/** avg: a count and a sum per key; the printed and sorted value is sum / count, truncated toward zero. */
final class AvgFunction extends AggregationFunction {
    static final AvgFunction INSTANCE = new AvgFunction();

    private AvgFunction() {
    }

    @Override
    public String name() {
        return "avg";
    }

    @Override
    int stateLength() {
        return 2;
    }

    @Override
    void update(long[] state, long value, long incr) {
        Cells.add(state, 1, value);
        Cells.add(state, 0, 1);
    }

    @Override
    void merge(long[] into, long[] from) {
        into[0] += from[0];
        into[1] += from[1];
    }

    static long average(long[] state) {
        return average(state, Normal.NONE);
    }

    /** DTrace divides the sum by the factor, then by the count, both signed (spec §2.2). */
    static long average(long[] state, long normal) {
        return state[0] == 0 ? 0 : state[1] / normal / state[0];
    }

    @Override
    int compareValues(long[] a, long[] b) {
        return Long.compare(average(a), average(b));
    }

    @Override
    void appendValue(StringBuilder out, long[] state, long normal) {
        out.append(' ');
        Columns.right(out, Long.toString(average(state, normal)), 16);
    }

    @Override
    void appendFormatted(StringBuilder out, PrintFormat.Conversion conversion, long[] state, long normal) {
        // The spec notes (unverified) that printa may divide as unsigned; we print the signed average.
        conversion.appendNumber(out, average(state, normal), false);
    }
}
