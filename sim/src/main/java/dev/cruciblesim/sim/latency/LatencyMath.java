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

    /*
     * Marsaglia and Tsang's ziggurat (J. Stat. Softw. 5(8), 2000) with 128 layers: about 99% of
     * draws cost one 32-bit uniform, a table lookup and a multiply; only the rest reach exp or log.
     * The polar method it replaced paid a log and a sqrt on every draw and dropped half its pair
     * (a model is immutable, so it has nowhere to keep the spare), which made normal and lognormal
     * links the costliest part of drawing delays. Tables are computed once with StrictMath, so
     * every JVM draws the same values.
     */
    private static final int ZIGGURAT_LAYERS = 128;
    private static final double ZIGGURAT_R = 3.442619855899;
    private static final double ZIGGURAT_V = 9.91256303526217e-3;
    private static final double TWO_POW_31 = 2147483648.0;
    private static final long[] KN = new long[ZIGGURAT_LAYERS];
    private static final double[] WN = new double[ZIGGURAT_LAYERS];
    private static final double[] FN = new double[ZIGGURAT_LAYERS];

    static {
        double dn = ZIGGURAT_R;
        double tn = dn;
        double q = ZIGGURAT_V / StrictMath.exp(-0.5 * dn * dn);
        KN[0] = (long) ((dn / q) * TWO_POW_31);
        KN[1] = 0;
        WN[0] = q / TWO_POW_31;
        WN[ZIGGURAT_LAYERS - 1] = dn / TWO_POW_31;
        FN[0] = 1.0;
        FN[ZIGGURAT_LAYERS - 1] = StrictMath.exp(-0.5 * dn * dn);
        for (int i = ZIGGURAT_LAYERS - 2; i >= 1; i--) {
            dn = StrictMath.sqrt(-2.0 * StrictMath.log(ZIGGURAT_V / dn + StrictMath.exp(-0.5 * dn * dn)));
            KN[i + 1] = (long) ((dn / tn) * TWO_POW_31);
            tn = dn;
            FN[i] = StrictMath.exp(-0.5 * dn * dn);
            WN[i] = dn / TWO_POW_31;
        }
    }

    /** A standard normal draw by the ziggurat method (above); consumes a varying number of uniforms. */
    static double standardNormal(SplittableRandom random) {
        long hz = random.nextInt();
        int iz = (int) (hz & (ZIGGURAT_LAYERS - 1));
        if (Math.abs(hz) < KN[iz]) {
            return hz * WN[iz];
        }
        return zigguratSlowPath(random, hz, iz);
    }

    /*
     * The exponential ziggurat of the same paper, 256 layers: one 32-bit uniform and a multiply
     * for about 99% of draws, where inversion paid a StrictMath log1p on every draw.
     */
    private static final int EXP_LAYERS = 256;
    private static final double EXP_R = 7.697117470131487;
    private static final double EXP_V = 3.949659822581572e-3;
    private static final double TWO_POW_32 = 4294967296.0;
    private static final long[] KE = new long[EXP_LAYERS];
    private static final double[] WE = new double[EXP_LAYERS];
    private static final double[] FE = new double[EXP_LAYERS];

    static {
        double de = EXP_R;
        double te = de;
        double q = EXP_V / StrictMath.exp(-de);
        KE[0] = (long) ((de / q) * TWO_POW_32);
        KE[1] = 0;
        WE[0] = q / TWO_POW_32;
        WE[EXP_LAYERS - 1] = de / TWO_POW_32;
        FE[0] = 1.0;
        FE[EXP_LAYERS - 1] = StrictMath.exp(-de);
        for (int i = EXP_LAYERS - 2; i >= 1; i--) {
            de = -StrictMath.log(EXP_V / de + StrictMath.exp(-de));
            KE[i + 1] = (long) ((de / te) * TWO_POW_32);
            te = de;
            FE[i] = StrictMath.exp(-de);
            WE[i] = de / TWO_POW_32;
        }
    }

    /** A standard exponential draw (mean 1) by the ziggurat method; consumes a varying number of uniforms. */
    static double standardExponential(SplittableRandom random) {
        long jz = random.nextInt() & 0xFFFF_FFFFL;
        int iz = (int) (jz & (EXP_LAYERS - 1));
        if (jz < KE[iz]) {
            return jz * WE[iz];
        }
        while (true) {
            if (iz == 0) {
                // The tail beyond r is r plus a fresh exponential: the distribution is memoryless.
                return EXP_R - StrictMath.log(1.0 - random.nextDouble());
            }
            double x = jz * WE[iz];
            if (FE[iz] + random.nextDouble() * (FE[iz - 1] - FE[iz]) < StrictMath.exp(-x)) {
                return x;
            }
            jz = random.nextInt() & 0xFFFF_FFFFL;
            iz = (int) (jz & (EXP_LAYERS - 1));
            if (jz < KE[iz]) {
                return jz * WE[iz];
            }
        }
    }

    /** The wedges and the tail: rare, so exp and log are affordable here. */
    private static double zigguratSlowPath(SplittableRandom random, long hz, int iz) {
        while (true) {
            double x = hz * WN[iz];
            if (iz == 0) {
                double tailX;
                double tailY;
                do {
                    // 1 - nextDouble() is in (0, 1], so the logs are finite.
                    tailX = -StrictMath.log(1.0 - random.nextDouble()) / ZIGGURAT_R;
                    tailY = -StrictMath.log(1.0 - random.nextDouble());
                } while (tailY + tailY < tailX * tailX);
                return hz > 0 ? ZIGGURAT_R + tailX : -ZIGGURAT_R - tailX;
            }
            if (FN[iz] + random.nextDouble() * (FN[iz - 1] - FN[iz]) < StrictMath.exp(-0.5 * x * x)) {
                return x;
            }
            hz = random.nextInt();
            iz = (int) (hz & (ZIGGURAT_LAYERS - 1));
            if (Math.abs(hz) < KN[iz]) {
                return hz * WN[iz];
            }
        }
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
