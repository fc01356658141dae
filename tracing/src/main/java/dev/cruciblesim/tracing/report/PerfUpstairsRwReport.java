package dev.cruciblesim.tracing.report;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.AssociativeLongArray;
import dev.cruciblesim.tracing.dtrace.KeyType;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

/**
 * perf-upstairs-rw.d (2022): writes and flushes through the upstairs in three parts, each its own
 * quantize keyed by a fixed label:
 * <ol>
 * <li>guest IO received ({@code gw-op-start}) → job queued for the downstairs ({@code up-to-ds-op-start});</li>
 * <li>queued → enough downstairs done to ack ({@code up-to-ds-op-done});</li>
 * <li>ready to ack → ack sent to the guest ({@code gw-op-done}).</li>
 * </ol>
 * Each part has its own start array keyed by arg0; a stage fires only when the previous stage's
 * entry is set, then clears it and stamps the next. Aggregations in first-mention order:
 * timeone, timetwo, timethree (flush), wtimeone, wtimetwo, wtimethree (write).
 */
final class PerfUpstairsRwReport extends ScriptReport {
    private final Pipeline flush = new Pipeline("flush", "timeone", "flush guest-upds", "timetwo",
            "flush upds-ds-upds", "timethree", "flush upds-guest");
    private final Pipeline write = new Pipeline("write", "wtimeone", "write guest-upds", "wtimetwo",
            "write upds-upds", "wtimethree", "write upds-guest");

    PerfUpstairsRwReport() {
        super("perf-upstairs-rw", false);
    }

    @Override
    public int enable(ProbeRegistry registry) {
        return flush.enable(registry) + write.enable(registry);
    }

    /** The four clauses of one operation, with three aggregations and three start arrays. */
    private final class Pipeline {
        private final String op;
        private final Aggregation[] parts = new Aggregation[3];
        private final String[] labels;
        private final AssociativeLongArray[] stageStartNs = {program.associativeArray(),
            program.associativeArray(), program.associativeArray()};

        Pipeline(String op, String name1, String label1, String name2, String label2, String name3, String label3) {
            this.op = op;
            parts[0] = program.aggregation(name1, AggregationFunction.quantize(), KeyType.STRING);
            parts[1] = program.aggregation(name2, AggregationFunction.quantize(), KeyType.STRING);
            parts[2] = program.aggregation(name3, AggregationFunction.quantize(), KeyType.STRING);
            labels = new String[] {label1, label2, label3};
        }

        int enable(ProbeRegistry registry) {
            String[] probes = {"gw-" + op + "-start", "up-to-ds-" + op + "-start", "up-to-ds-" + op + "-done",
                "gw-" + op + "-done"};
            int matched = clause(registry, UPSTAIRS + probes[0],
                    (probe, timestampNs, gwId, unused, s0, s1) -> stageStartNs[0].put(gwId, timestampNs));
            for (int stage = 0; stage < 3; stage++) {
                final int part = stage;
                matched += clause(registry, UPSTAIRS + probes[stage + 1], (probe, timestampNs, gwId, unused, s0, s1) -> {
                    long startedNs = stageStartNs[part].remove(gwId);
                    if (startedNs != 0) {
                        parts[part].aggregate(labels[part], timestampNs - startedNs);
                        if (part < 2) {
                            stageStartNs[part + 1].put(gwId, timestampNs);
                        }
                    }
                });
            }
            return matched;
        }
    }
}
