package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.workload.RandomMixConfig;
import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.util.List;

/**
 * One run of the harness, fully resolved and validated: the volume, the upstairs' settings, the
 * workload and the reports to print. Messages name the command-line option that sets each field.
 *
 * @param statusIntervalMs  how often the upstairs fires {@code up-status} (one upstairs_info line each)
 * @param flushTimeoutMs    the automatic-flush check period (Crucible O: 5 s)
 * @param maxInFlightPerClient jobs sent to one downstairs before it answers (Crucible O: 100)
 * @param drainTimeoutMs    the longest the harness waits for an IO before declaring the run hung
 */
public record HarnessConfig(RegionDefinition region, RandomMixConfig workload, boolean verify, List<String> reports,
        long statusIntervalMs, long flushTimeoutMs, int maxInFlightPerClient, long drainTimeoutMs) {
    /** Bounds the rings sized from it (8 entries per in-flight job upstairs). */
    public static final int MAX_IN_FLIGHT_PER_CLIENT = 65_536;

    public HarnessConfig {
        reports = List.copyOf(reports);
        if (statusIntervalMs < 1) {
            throw new IllegalArgumentException("--status-interval-ms must be at least 1, got " + statusIntervalMs);
        }
        if (flushTimeoutMs < 1) {
            throw new IllegalArgumentException("--flush-timeout-ms must be at least 1, got " + flushTimeoutMs);
        }
        if (maxInFlightPerClient < 1 || maxInFlightPerClient > MAX_IN_FLIGHT_PER_CLIENT) {
            throw new IllegalArgumentException("--max-in-flight must be 1.." + MAX_IN_FLIGHT_PER_CLIENT + ", got "
                    + maxInFlightPerClient);
        }
        if (drainTimeoutMs < 1) {
            throw new IllegalArgumentException("--drain-timeout-ms must be at least 1, got " + drainTimeoutMs);
        }
        if (region.totalBlocks() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the volume has " + region.totalBlocks()
                    + " blocks; the harness supports at most " + Integer.MAX_VALUE);
        }
        if (workload.ioSizeBlocks() > region.totalBlocks()) {
            throw new IllegalArgumentException("--io-blocks " + workload.ioSizeBlocks() + " exceeds the volume of "
                    + region.totalBlocks() + " blocks");
        }
    }
}
