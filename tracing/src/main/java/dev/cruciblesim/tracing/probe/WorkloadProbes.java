package dev.cruciblesim.tracing.probe;

import dev.cruciblesim.sim.protocol.IoOp;

import java.util.ArrayList;
import java.util.List;

/**
 * The harness's own probes, provider {@code crucible_sim_workload}: Crucible has none for the
 * guest's workload, so these are ours. They bracket every guest IO as the workload issues it, with
 * the job it belongs to, so a script can split latency by job (the {@code perfjob} report).
 */
public final class WorkloadProbes {
    public static final String PROVIDER = "crucible_sim_workload";

    private static final ProbeDefinition[] JOB_START = new ProbeDefinition[IoOp.values().length];
    private static final ProbeDefinition[] JOB_DONE = new ProbeDefinition[IoOp.values().length];
    private static final List<ProbeDefinition> ALL;

    static {
        List<ProbeDefinition> all = new ArrayList<>();
        for (IoOp op : IoOp.values()) {
            String word = op.probeName();
            JOB_START[op.ordinal()] = new ProbeDefinition(PROVIDER, "issue", "job-" + word + "-start",
                    List.of("io_id", "lag_ns"), List.of(ArgType.UINT64, ArgType.UINT64),
                    "a job handed a " + word + " to the upstairs; lag_ns is how long after its intended start"
                            + " (0 in a closed loop)");
            JOB_DONE[op.ordinal()] = new ProbeDefinition(PROVIDER, "complete", "job-" + word + "-done",
                    List.of("io_id", "job"), List.of(ArgType.UINT64, ArgType.STRING),
                    "the " + word + " completed, seen by the job named by the job argument");
            all.add(JOB_START[op.ordinal()]);
            all.add(JOB_DONE[op.ordinal()]);
        }
        ALL = List.copyOf(all);
    }

    private WorkloadProbes() {
    }

    public static ProbeDefinition jobStart(IoOp op) {
        return JOB_START[op.ordinal()];
    }

    public static ProbeDefinition jobDone(IoOp op) {
        return JOB_DONE[op.ordinal()];
    }

    /** @return every workload probe definition */
    public static List<ProbeDefinition> all() {
        return ALL;
    }
}
