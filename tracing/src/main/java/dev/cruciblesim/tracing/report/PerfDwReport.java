package dev.cruciblesim.tracing.report;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.AssociativeLongArray;
import dev.cruciblesim.tracing.dtrace.KeyType;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

/**
 * perfdw.d: per downstairs client, the time from a job being sent ({@code ds-*-io-start}) to that
 * client's reply arriving ({@code ds-*-io-done}).
 *
 * <pre>
 * ds-*-io-start                       start[arg0, arg1] = timestamp
 * ds-*-io-done /start[arg0, arg1]/    @time[strjoin(op, " for downstairs client"), arg1] =
 *                                         quantize(timestamp - start[arg0, arg1]); start[arg0, arg1] = 0
 * </pre>
 * arg0 is the job id and arg1 the client id, a {@code uint64_t}, so the second key prints as an
 * 8-byte integer.
 */
final class PerfDwReport extends ScriptReport {
    private final AssociativeLongArray startNs = program.associativeArray();
    private final Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING,
            KeyType.INT64);
    private final ProbeNameWords labels =
            new ProbeNameWords(name -> ProbeNameWords.word(name, 1) + " for downstairs client");

    PerfDwReport() {
        super("perfdw", false);
    }

    @Override
    public int enable(ProbeRegistry registry) {
        return clause(registry, UPSTAIRS + "ds-*-io-start",
                (probe, timestampNs, dsId, clientId, s0, s1) -> startNs.put(dsId, clientId, timestampNs))
                + clause(registry, UPSTAIRS + "ds-*-io-done", (probe, timestampNs, dsId, clientId, s0, s1) -> {
                    long startedNs = startNs.remove(dsId, clientId);
                    if (startedNs != 0) {
                        time.aggregate(labels.of(probe.name()), clientId, timestampNs - startedNs);
                    }
                });
    }
}
