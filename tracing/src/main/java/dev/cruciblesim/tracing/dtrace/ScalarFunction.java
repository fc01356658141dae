package dev.cruciblesim.tracing.dtrace;

/** count, sum, min and max: one signed 64-bit cell per key. */
final class ScalarFunction extends AggregationFunction {
    static final ScalarFunction COUNT = new ScalarFunction("count");
    static final ScalarFunction SUM = new ScalarFunction("sum");
    static final ScalarFunction MIN = new ScalarFunction("min");
    static final ScalarFunction MAX = new ScalarFunction("max");

    private final String name;

    private ScalarFunction(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    int stateLength() {
        return 1;
    }

    @Override
    void initialize(long[] state) {
        if (this == MIN) {
            state[0] = Long.MAX_VALUE;
        } else if (this == MAX) {
            state[0] = Long.MIN_VALUE;
        }
    }

    @Override
    void update(long[] state, long value, long incr) {
        if (this == COUNT) {
            Cells.add(state, 0, 1);
        } else if (this == SUM) {
            Cells.add(state, 0, value);
        } else if (this == MIN ? value < state[0] : value > state[0]) {
            Cells.set(state, 0, value);
        }
    }

    @Override
    void merge(long[] into, long[] from) {
        if (this == MIN) {
            into[0] = Math.min(into[0], from[0]);
        } else if (this == MAX) {
            into[0] = Math.max(into[0], from[0]);
        } else {
            into[0] += from[0];
        }
    }

    @Override
    int compareValues(long[] a, long[] b) {
        return Long.compare(a[0], b[0]);
    }

    @Override
    void appendValue(StringBuilder out, long[] state, long normal) {
        out.append(' ');
        Columns.right(out, Long.toString(Normal.divide(state[0], normal)), 16);
    }

    @Override
    void appendFormatted(StringBuilder out, PrintFormat.Conversion conversion, long[] state, long normal) {
        // printa formats a count as unsigned and the others as signed (spec §7).
        long value = this == COUNT ? Normal.divide(state[0], normal) : state[0] / normal;
        conversion.appendNumber(out, value, this == COUNT);
    }
}
