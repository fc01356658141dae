package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.sim.latency.LatencyModel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long a downstairs takes to execute one operation: {@code fixed.sampleNs() + perByteNs * bytes}.
 *
 * @param fixed     the per-operation part; {@code null} means 0 ns
 * @param perByteNs the part proportional to the bytes moved (a flush moves none), in nanoseconds per byte, {@code >= 0}
 */
public record ServiceTime(LatencyModel fixed, double perByteNs) {
    /** No service time at all: the downstairs answers as soon as it has done the work. */
    public static final ServiceTime NONE = new ServiceTime(null, 0);

    public ServiceTime {
        if (!(perByteNs >= 0) || Double.isInfinite(perByteNs)) {
            throw new IllegalArgumentException("per-byte service time must be a finite number >= 0 ns, got " + perByteNs);
        }
    }

    /** @return {@code fixed} (a model's description, or null) and {@code per_byte_ns}, in that order */
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("fixed", Scenario.describe(fixed));
        description.put("per_byte_ns", perByteNs);
        return description;
    }
}
