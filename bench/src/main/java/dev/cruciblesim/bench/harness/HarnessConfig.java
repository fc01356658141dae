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
    /** The oracle and the busy flags are dense arrays: 2^26 blocks (256 GiB of 4 KiB blocks) cost 768 MiB. */
    public static final long MAX_VOLUME_BLOCKS = 1L << 26;
    /** Crucible's guest splits IO into 1 MiB chunks; larger single IOs are refused rather than overflowed. */
    public static final int MAX_IO_BYTES = 1 << 20;

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
        if (region.totalBlocks() > MAX_VOLUME_BLOCKS) {
            throw new IllegalArgumentException("--extent-size x --extent-count gives " + region.totalBlocks()
                    + " blocks; the harness tracks at most " + MAX_VOLUME_BLOCKS + " (12 bytes of oracle each)");
        }
        if ((long) workload.ioSizeBlocks() * region.blockSizeBytes() > MAX_IO_BYTES) {
            throw new IllegalArgumentException("--io-blocks " + workload.ioSizeBlocks() + " x --block-size "
                    + region.blockSizeBytes() + " exceeds the largest IO, " + MAX_IO_BYTES + " bytes");
        }
        if ((long) workload.ioSizeBlocks() * workload.queueDepth() * 2 > region.totalBlocks()) {
            throw new IllegalArgumentException("--queue-depth " + workload.queueDepth() + " x --io-blocks "
                    + workload.ioSizeBlocks() + " needs a volume of at least twice that many blocks, this one has "
                    + region.totalBlocks() + " (IOs in flight never share a block)");
        }
        if (reports.stream().distinct().count() != reports.size()) {
            throw new IllegalArgumentException("--report names a report twice: " + String.join(",", reports));
        }
    }
}
