package dev.cruciblesim.tracing.report;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.AssociativeLongArray;
import dev.cruciblesim.tracing.dtrace.KeyType;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

/**
 * perfgw.d: guest IO latency from submission to the upstairs work queue ({@code gw-*-start}) to
 * the guest being told it completed ({@code gw-*-done}), as one quantize per operation.
 *
 * <pre>
 * gw-*-start                 start[arg0] = timestamp
 * gw-*-done  /start[arg0]/   @time[op] = quantize(timestamp - start[arg0]); start[arg0] = 0
 * </pre>
 * where op is the second word of the probe name ({@code read}, {@code write}, {@code flush}).
 */
final class PerfGwReport extends ScriptReport {
    private final AssociativeLongArray startNs = program.associativeArray();
    private final Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
    private final ProbeNameWords ops = new ProbeNameWords(name -> ProbeNameWords.word(name, 1));

    PerfGwReport() {
        super("perfgw", false);
    }

    @Override
    public int enable(ProbeRegistry registry) {
        return clause(registry, UPSTAIRS + "gw-*-start",
                (probe, timestampNs, gwId, unused, s0, s1) -> startNs.put(gwId, timestampNs))
                + clause(registry, UPSTAIRS + "gw-*-done", (probe, timestampNs, gwId, unused, s0, s1) -> {
                    long startedNs = startNs.remove(gwId);
                    if (startedNs != 0) {
                        time.aggregate(ops.of(probe.name()), timestampNs - startedNs);
                    }
                });
    }
}
