package dev.cruciblesim.downstairs;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.time.SaturatingTime;

import java.util.SplittableRandom;

/**
 * The switches a fault injector turns on one downstairs while it runs: slower service, a stall, IO errors and
 * corrupt reads. The injector sets them from its own thread (each is a volatile field); the {@link DownstairsCore}
 * reads them once per job on its thread, so a change takes effect from the next job that starts. A core without one
 * ({@link DownstairsConfig#faults()} null) reads nothing.
 *
 * <p>Chance decisions (does this job fail? is this read corrupted?) draw from one seeded stream on the core's thread,
 * so in virtual time, where jobs start in a fixed order, they repeat run after run.
 */
public final class DownstairsFaults {
    private final SplittableRandom random;
    private volatile double slowFactor = 1.0;
    /** Until when, on the core's clock, no job finishes; {@link Long#MIN_VALUE} for no stall. */
    private volatile long stalledUntilNs = Long.MIN_VALUE;
    private volatile double errorProbability;
    private volatile double corruptProbability;

    /** @param random the stream error and corruption decisions draw from; used on the core's thread only */
    public DownstairsFaults(SplittableRandom random) {
        this.random = random;
    }

    // ------------------------------------------------------------------ the injector's side

    /** Service times (the model's and the region IO's own) are multiplied by {@code factor}; 1 is normal speed. */
    public void slow(double factor) {
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("slow factor must be a finite number of at least 1, got " + factor);
        }
        slowFactor = factor;
    }

    /**
     * No job finishes before {@code untilNs} on the core's clock, and none that starts meanwhile either: the
     * downstairs stops answering while its connection stays up. The stall ends by itself at that time.
     */
    public void stallUntil(long untilNs) {
        stalledUntilNs = untilNs;
    }

    /** Each read, write and flush that starts fails with an IO error with this probability (0 for none). */
    public void errors(double probability) {
        errorProbability = checkedProbability(probability);
    }

    /** Each read that starts returns corrupted data with this probability (0 for none). */
    public void corruptReads(double probability) {
        corruptProbability = checkedProbability(probability);
    }

    private static double checkedProbability(double probability) {
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("probability must be from 0 to 1, got " + probability);
        }
        return probability;
    }

    // ------------------------------------------------------------------ the core's side

    /** @return whether the job about to start fails with an injected IO error */
    boolean failsNow() {
        double probability = errorProbability;
        return probability > 0 && (probability >= 1.0 || random.nextDouble() < probability);
    }

    /** @return whether the read about to start returns corrupted data */
    boolean corruptsNow(IoOp op) {
        double probability = corruptProbability;
        return op == IoOp.READ && probability > 0 && (probability >= 1.0 || random.nextDouble() < probability);
    }

    /**
     * @param modelNs  the service time model's answer
     * @param regionNs how long the region IO itself took on the core's clock (0 in virtual time)
     * @param nowNs    the core's clock after the region IO
     * @return the job's service time with the slow factor applied and any stall waited out: the region IO's own
     *         time counts too, so that a slow real-time downstairs without a model is slow as well
     */
    long serviceTimeNs(long modelNs, long regionNs, long nowNs) {
        double factor = slowFactor;
        long serviceNs = modelNs;
        if (factor > 1.0) {
            double scaled = modelNs * factor + regionNs * (factor - 1.0);
            serviceNs = scaled >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) scaled;
        }
        long stallEndNs = stalledUntilNs;
        if (stallEndNs != Long.MIN_VALUE && stallEndNs - SaturatingTime.plus(nowNs, serviceNs) > 0) {
            serviceNs = stallEndNs - nowNs;
        }
        return serviceNs;
    }

    /** @return whether no job may finish at {@code nowNs} */
    boolean stalledAt(long nowNs) {
        long stallEndNs = stalledUntilNs;
        return stallEndNs != Long.MIN_VALUE && stallEndNs - nowNs > 0;
    }

    /** @return when the current stall ends, or {@link Long#MIN_VALUE} for none */
    long stalledUntilNs() {
        return stalledUntilNs;
    }

    /** @return a copy of a read's bytes with the first byte of the first block flipped (the store keeps its own) */
    static byte[] corrupted(byte[] data) {
        byte[] copy = data.clone();
        if (copy.length > 0) {
            copy[0] = (byte) ~copy[0];
        }
        return copy;
    }

    /** @return a copy of a read's stamps whose first block's stamp no longer matches any write */
    static long[] corrupted(long[] stamps) {
        long[] copy = stamps.clone();
        if (copy.length > 0) {
            copy[0] = ~copy[0];
        }
        return copy;
    }

    @Override
    public String toString() {
        return "DownstairsFaults[slow " + slowFactor + ", stalled until " + stalledUntilNs + ", errors "
                + errorProbability + ", corrupt reads " + corruptProbability + "]";
    }
}
