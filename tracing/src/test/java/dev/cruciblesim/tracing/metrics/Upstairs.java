package dev.cruciblesim.tracing.metrics;

import dev.cruciblesim.sim.time.ManualClock;
import dev.cruciblesim.tracing.probe.CrucibleProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeDefinition;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.util.Map;
import java.util.TreeMap;

/** The upstairs probes of one instance on a manual clock, fired by name. */
final class Upstairs {
    /** Not 0: D treats a start stamp of 0 as "no entry". */
    static final long START_NS = 1_000_000_000L;

    final ManualClock clock = new ManualClock(START_NS);
    private final Map<String, Probe> probes = new TreeMap<>();

    Upstairs(ProbeRegistry registry) {
        for (ProbeDefinition definition : CrucibleProbes.all()) {
            if (definition.provider().equals(CrucibleProbes.UPSTAIRS_PROVIDER)) {
                probes.put(definition.name(), registry.create(definition, 1, clock));
            }
        }
    }

    void fire(String name, long arg0) {
        probes.get(name).fire(arg0);
    }

    void fire(String name, long arg0, long arg1) {
        probes.get(name).fire(arg0, arg1);
    }

    /** One job sent to one client and answered {@code latencyNs} later. */
    void clientIo(String op, long dsId, long clientId, long latencyNs) {
        fire("ds-" + op + "-io-start", dsId, clientId);
        clock.advance(latencyNs);
        fire("ds-" + op + "-io-done", dsId, clientId);
    }

    /** One guest IO through gw-op-start and gw-op-done, {@code latencyNs} apart. */
    void guestIo(String op, long gwId, long latencyNs) {
        fire("gw-" + op + "-start", gwId);
        clock.advance(latencyNs);
        fire("gw-" + op + "-done", gwId);
    }
}
