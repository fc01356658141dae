package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.probe.WorkloadProbes;

/**
 * The workload's {@code crucible_sim_workload} probes, one start and one done per operation,
 * created on the run's registry before the reports are enabled (so dtrace's "matched N probes"
 * counts them) and fired by every job.
 */
public final class JobProbes {
    private final Probe[] start = new Probe[IoOp.values().length];
    private final Probe[] done = new Probe[IoOp.values().length];

    /**
     * @param instanceId the provider's instance id (DTrace's pid): the guest shares the upstairs' process
     * @param clock      the run's clock, read when a probe fires
     */
    public JobProbes(ProbeRegistry registry, long instanceId, NanoClock clock) {
        for (IoOp op : IoOp.values()) {
            start[op.ordinal()] = registry.create(WorkloadProbes.jobStart(op), instanceId, clock);
            done[op.ordinal()] = registry.create(WorkloadProbes.jobDone(op), instanceId, clock);
        }
    }

    Probe start(IoOp op) {
        return start[op.ordinal()];
    }

    Probe done(IoOp op) {
        return done[op.ordinal()];
    }
}
