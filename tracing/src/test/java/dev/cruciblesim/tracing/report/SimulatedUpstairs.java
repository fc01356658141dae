package dev.cruciblesim.tracing.report;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.time.ManualClock;
import dev.cruciblesim.tracing.probe.CrucibleProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeDefinition;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in for one upstairs instance in report tests: it creates every upstairs probe on a
 * registry with its own {@link ManualClock} and fires them by name, so tests read as probe
 * sequences with explicit latencies.
 */
final class SimulatedUpstairs {
    /** Not 0: D treats a start stamp of 0 as "no entry". */
    static final long START_NS = 1_000_000_000L;

    final ManualClock clock = new ManualClock(START_NS);
    private final Map<String, Probe> probes = new HashMap<>();
    private final Probe[] gwStart = new Probe[IoOp.values().length];
    private final Probe[] gwDone = new Probe[IoOp.values().length];

    SimulatedUpstairs(ProbeRegistry registry, long instanceId) {
        for (ProbeDefinition definition : CrucibleProbes.all()) {
            if (definition.provider().equals(CrucibleProbes.UPSTAIRS_PROVIDER)) {
                probes.put(definition.name(), registry.create(definition, instanceId, clock));
            }
        }
        for (IoOp op : IoOp.values()) {
            gwStart[op.ordinal()] = probe("gw-" + op.probeName() + "-start");
            gwDone[op.ordinal()] = probe("gw-" + op.probeName() + "-done");
        }
    }

    void fire(String probeName, long arg0) {
        probe(probeName).fire(arg0);
    }

    void fire(String probeName, long arg0, long arg1) {
        probe(probeName).fire(arg0, arg1);
    }

    void status(String json) {
        probe("up-status").fire("stat", json);
    }

    /** A guest IO through gw-op-start and gw-op-done, {@code latencyNs} apart. */
    void guestIo(IoOp op, long gwId, long latencyNs) {
        gwStart[op.ordinal()].fire(gwId);
        clock.advance(latencyNs);
        gwDone[op.ordinal()].fire(gwId);
    }

    private Probe probe(String name) {
        Probe probe = probes.get(name);
        if (probe == null) {
            throw new IllegalArgumentException("no upstairs probe " + name);
        }
        return probe;
    }
}
