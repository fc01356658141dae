package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.workload.HarnessLimits;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.upstairs.policy.UpstairsPolicy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The upstairs' settings.
 *
 * @param policy               the revision's rules (dependencies, ack quorum, flow control, failed clients), by its
 *                             name in {@code upstairs.policy}
 * @param maxInFlightPerClient jobs sent to one downstairs before it answers (Crucible O: 100), 1..{@value
 *                             HarnessLimits#MAX_IN_FLIGHT_PER_CLIENT}
 * @param flushTimeoutNs       the automatic-flush check period (Crucible O: 5 s), {@code > 0}
 * @param statusIntervalNs     how often {@code up-status} fires (one upstairs_info line each), {@code > 0}
 * @param processing           the upstairs' own processing time per event; {@code null} for none
 */
public record UpstairsSettings(UpstairsPolicy policy, int maxInFlightPerClient, long flushTimeoutNs,
        long statusIntervalNs, LatencyModel processing) {
    public UpstairsSettings {
        Objects.requireNonNull(policy, "policy");
        if (maxInFlightPerClient < 1 || maxInFlightPerClient > HarnessLimits.MAX_IN_FLIGHT_PER_CLIENT) {
            throw new IllegalArgumentException("max in flight per client must be 1.."
                    + HarnessLimits.MAX_IN_FLIGHT_PER_CLIENT + ", got " + maxInFlightPerClient);
        }
        if (flushTimeoutNs <= 0) {
            throw new IllegalArgumentException("flush timeout must be > 0 ns, got " + flushTimeoutNs);
        }
        if (statusIntervalNs <= 0) {
            throw new IllegalArgumentException("status interval must be > 0 ns, got " + statusIntervalNs);
        }
    }

    /** @return {@code policy, max_in_flight, flush_timeout_ns, status_interval_ns, processing}, in that order */
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("policy", policy.name());
        description.put("max_in_flight", maxInFlightPerClient);
        description.put("flush_timeout_ns", flushTimeoutNs);
        description.put("status_interval_ns", statusIntervalNs);
        description.put("processing", Scenario.describe(processing));
        return description;
    }
}
