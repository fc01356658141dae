package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.tracing.probe.CrucibleProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

/** The {@code crucible_upstairs} probes of one upstairs instance, indexed by operation. */
final class UpstairsProbes {
    final Probe upStatus;
    final Probe[] gwStart = new Probe[3];
    final Probe[] upToDsStart = new Probe[3];
    final Probe[] dsIoStart = new Probe[3];
    final Probe[] dsIoDone = new Probe[3];
    final Probe[] upToDsDone = new Probe[3];
    final Probe[] gwDone = new Probe[3];

    UpstairsProbes(ProbeRegistry registry, long instanceId, NanoClock clock) {
        upStatus = registry.create(CrucibleProbes.UP_STATUS, instanceId, clock);
        for (IoOp op : IoOp.values()) {
            int i = op.ordinal();
            gwStart[i] = registry.create(CrucibleProbes.gwStart(op), instanceId, clock);
            upToDsStart[i] = registry.create(CrucibleProbes.upToDsStart(op), instanceId, clock);
            dsIoStart[i] = registry.create(CrucibleProbes.dsIoStart(op), instanceId, clock);
            dsIoDone[i] = registry.create(CrucibleProbes.dsIoDone(op), instanceId, clock);
            upToDsDone[i] = registry.create(CrucibleProbes.upToDsDone(op), instanceId, clock);
            gwDone[i] = registry.create(CrucibleProbes.gwDone(op), instanceId, clock);
        }
    }
}
