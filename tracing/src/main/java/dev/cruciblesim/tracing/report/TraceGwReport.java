package dev.cruciblesim.tracing.report;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.PrintFormat;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

/**
 * tracegw.d (quiet): counts guest IOs into and out of the upstairs, printed at the end.
 *
 * <pre>
 * gw-read-start  { @read_start = count(); }     ... and likewise for the other five probes
 * END { printa(" read_start:%@d    read_end:%@d\n", @read_start, @read_done);
 *       printa("write_start:%@d   write_end:%@d\n", @write_start, @write_done);
 *       printa("flush_start:%@d   flush_end:%@d\n", @flush_start, @flush_done); }
 * </pre>
 * Only the first format has a leading space (spec §9(d)). A keyless count that never fired has no
 * entry, so a pair where neither side fired prints no line at all, and a pair where one side
 * fired prints 0 for the other (spec §1.6, §7: printa walks the union of the keys). All six are
 * printed by printa, so after END's output only the pre-dump {@code "\n"} follows.
 */
final class TraceGwReport extends ScriptReport {
    private static final PrintFormat READ_LINE = PrintFormat.compile(" read_start:%@d    read_end:%@d\n");
    private static final PrintFormat WRITE_LINE = PrintFormat.compile("write_start:%@d   write_end:%@d\n");
    private static final PrintFormat FLUSH_LINE = PrintFormat.compile("flush_start:%@d   flush_end:%@d\n");

    private final Aggregation readStart = program.aggregation("read_start", AggregationFunction.count());
    private final Aggregation readDone = program.aggregation("read_done", AggregationFunction.count());
    private final Aggregation writeStart = program.aggregation("write_start", AggregationFunction.count());
    private final Aggregation writeDone = program.aggregation("write_done", AggregationFunction.count());
    private final Aggregation flushStart = program.aggregation("flush_start", AggregationFunction.count());
    private final Aggregation flushDone = program.aggregation("flush_done", AggregationFunction.count());

    TraceGwReport() {
        super("tracegw", true);
    }

    @Override
    public int enable(ProbeRegistry registry) {
        return counting(registry, "gw-read-start", readStart)
                + counting(registry, "gw-read-done", readDone)
                + counting(registry, "gw-write-start", writeStart)
                + counting(registry, "gw-write-done", writeDone)
                + counting(registry, "gw-flush-start", flushStart)
                + counting(registry, "gw-flush-done", flushDone)
                + endProbeMatches();
    }

    private int counting(ProbeRegistry registry, String probeName, Aggregation counter) {
        return clause(registry, UPSTAIRS + probeName, (probe, timestampNs, gwId, unused, s0, s1) -> counter.increment());
    }

    @Override
    boolean hasEndClause() {
        return true;
    }

    @Override
    void endClause() {
        program.printa(READ_LINE, readStart, readDone);
        program.printa(WRITE_LINE, writeStart, writeDone);
        program.printa(FLUSH_LINE, flushStart, flushDone);
    }
}
