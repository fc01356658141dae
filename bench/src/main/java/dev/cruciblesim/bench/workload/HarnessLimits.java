package dev.cruciblesim.bench.workload;

/** The largest runs the harness accepts; a scenario beyond them is refused when it is loaded. */
public final class HarnessLimits {
    /** Bounds the rings sized from it (8 entries per in-flight job upstairs). */
    public static final int MAX_IN_FLIGHT_PER_CLIENT = 65_536;
    /**
     * 2^32 blocks (16 TiB of 4 KiB blocks): stamps name a block in 32 bits ({@code BlockStamp}). Memory follows the
     * blocks written, not this: the oracle and the stamp stores are sparse, and what follows the volume's size is
     * 4 bytes per 1024 blocks in each of them plus the per-extent metadata of each downstairs.
     */
    public static final long MAX_VOLUME_BLOCKS = 1L << 32;
    /** Crucible's guest splits IO into 1 MiB chunks; larger single IOs are refused rather than overflowed. */
    public static final int MAX_IO_BYTES = 1 << 20;
    /** Each job keeps per-operation histograms (about 1 MiB per kind of latency): a bound keeps that in reach. */
    public static final int MAX_JOBS = 64;
    /** Far beyond what a simulated volume sustains; a bound keeps an open loop's count of unissued IO quick. */
    public static final double MAX_RATE_IOPS = 10_000_000;

    private HarnessLimits() {
    }
}
