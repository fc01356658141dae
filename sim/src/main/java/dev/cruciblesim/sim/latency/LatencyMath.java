package dev.cruciblesim.sim.latency;

import java.util.SplittableRandom;

/**
 * Numerics shared by the models.
 *
 * <p>Sampling uses {@link StrictMath}, not {@link Math}: {@code Math.log}/{@code exp}/{@code pow}
 * may be replaced by CPU-specific intrinsics that differ in the last bit, and a seeded run must
 * draw the same delays on every JVM and machine so that baselines can be reproduced.
 */
final class LatencyMath {
    private static final double SQRT_2 = StrictMath.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / StrictMath.sqrt(2.0 * Math.PI);

    private LatencyMath() {
    }

    /** Rounds a sampled delay to whole nanoseconds; NaN and negatives give 0, huge values the cap. */
    static long toNs(double delayNs) {
        if (!(delayNs > 0.0)) {
            return 0L;
        }
        if (delayNs >= LatencyModels.MAX_DELAY_NS) {
            return LatencyModels.MAX_DELAY_NS;
        }
        return Math.round(delayNs);
    }

    /**
     * A standard normal draw by Marsaglia's polar method. The method yields a pair; the second
     * value is dropped because models are immutable and so have nowhere to keep it. Costs about
     * 2.5 uniforms and one log on average, and consumes a varying number of uniforms.
     */
    static double standardNormal(SplittableRandom random) {
        double u;
        double s;
        do {
            u = 2.0 * random.nextDouble() - 1.0;
            double v = 2.0 * random.nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        return u * StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
    }

    /** The standard normal density. */
    static double phi(double x) {
        return INV_SQRT_2PI * StrictMath.exp(-0.5 * x * x);
    }

    /** The standard normal distribution function, within about 1.2e-7 (see {@link #erfc}). */
    static double bigPhi(double x) {
        return 0.5 * erfc(-x / SQRT_2);
    }

    /**
     * The complementary error function by the Chebyshev fit of Numerical Recipes (2nd ed., §6.2,
     * {@code erfcc}): fractional error below 1.2e-7 everywhere. Only constructors call it, and a
     * mean is not needed to more digits than that.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double ans = t * StrictMath.exp(-z * z + poly);
        return x >= 0.0 ? ans : 2.0 - ans;
    }
}
