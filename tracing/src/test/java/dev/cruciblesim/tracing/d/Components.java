package dev.cruciblesim.tracing.d;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.time.ManualClock;
import dev.cruciblesim.tracing.probe.CrucibleProbes;
import dev.cruciblesim.tracing.probe.FaultProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeDefinition;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * One simulated upstairs's probes (and the fault probes) on a registry with a manual clock, fired
 * by name. No threads: a test fires probes, advances the clock, and reads the script's output.
 */
final class Components {
    /** Not 0: D treats a start stamp of 0 as "no entry". */
    static final long START_NS = 1_000_000_000L;

    final ManualClock clock = new ManualClock(START_NS);
    final ProbeRegistry registry;
    private final Map<String, Probe> probes = new HashMap<>();

    Components(ProbeRegistry registry, long instanceId) {
        this.registry = registry;
        for (ProbeDefinition definition : CrucibleProbes.all()) {
            if (definition.provider().equals(CrucibleProbes.UPSTAIRS_PROVIDER)) {
                probes.put(definition.name(), registry.create(definition, instanceId, clock));
            }
        }
        for (ProbeDefinition definition : FaultProbes.all()) {
            probes.put(definition.name(), registry.create(definition, instanceId, clock));
        }
    }

    Components(long instanceId) {
        this(new ProbeRegistry(), instanceId);
    }

    Probe probe(String name) {
        Probe probe = probes.get(name);
        if (probe == null) {
            throw new IllegalArgumentException("no probe " + name);
        }
        return probe;
    }

    void fire(String name, long arg0) {
        probe(name).fire(arg0);
    }

    void fire(String name, long arg0, long arg1) {
        probe(name).fire(arg0, arg1);
    }

    void status(String json) {
        probe("up-status").fire("stat", json);
    }

    /** A guest IO through gw-op-start and gw-op-done, {@code latencyNs} apart. */
    void guestIo(IoOp op, long gwId, long latencyNs) {
        fire("gw-" + op.probeName() + "-start", gwId);
        clock.advance(latencyNs);
        fire("gw-" + op.probeName() + "-done", gwId);
    }

    /** Compiles {@code source} as script {@code x.d} with default options, enables it here, and returns it. */
    DScript run(String source) {
        return run(source, DScript.Options.DEFAULT);
    }

    DScript run(String source, DScript.Options options) {
        DScript script = DScript.compile(source, "x.d", options);
        script.enable(registry);
        return script;
    }
}
