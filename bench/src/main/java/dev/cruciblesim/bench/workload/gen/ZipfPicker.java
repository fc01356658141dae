package dev.cruciblesim.bench.workload.gen;

import java.util.SplittableRandom;

/**
 * Exact zipf ranks by rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates
 * from monotone discrete distributions", ACM TOMACS 6(3), 1996), the method of Apache Commons' zipf samplers.
 *
 * <p>With {@code h(x) = x^-theta} and {@code H} an antiderivative of it, a uniform draw between
 * {@code H(1.5) - h(1)} and {@code H(n + 0.5)} is inverted through {@code H} and rounded to the nearest integer
 * {@code k}; it is accepted when it fell inside the part of {@code [k - 1/2, k + 1/2]} whose area under {@code h}
 * equals {@code h(k)}, so every {@code k} in {@code 1..n} comes out with probability exactly {@code h(k)} over the
 * sum. {@code h} is convex, so the rejected area is small (acceptance is high for any theta) and the expected number
 * of uniforms per rank is a small constant. No table: constant time and memory at any range count.
 */
final class ZipfPicker extends ScatteredPicker {
    /** Below this many ranks the harmonic sum is added term by term; above, the tail is integrated. */
    private static final long DIRECT_SUM_LIMIT = 1L << 16;

    private final double theta;
    /** {@code H(1.5) - h(1)}: the low end of the uniform, so that rank 1 owns exactly an area of {@code h(1) = 1}. */
    private final double integralLow;
    /** {@code H(n + 0.5)}: the high end of the uniform. */
    private final double integralHigh;
    /** Hörmann and Derflinger's squeeze: a rounded {@code k} with {@code k - x <= squeeze} is accepted at once. */
    private final double squeeze;

    ZipfPicker(RandomDistribution distribution, long rangeCount, long anchor) {
        super(distribution, rangeCount, anchor);
        this.theta = distribution.parameter();
        this.integralLow = integral(1.5) - 1.0;
        this.integralHigh = integral(rangeCount + 0.5);
        this.squeeze = 2 - inverseIntegral(integral(2.5) - density(2));
    }

    @Override
    long nextRank(SplittableRandom random) {
        while (true) {
            // Uniform in (integralLow, integralHigh]: high minus a fraction in [0, 1) of the width.
            double u = integralHigh + random.nextDouble() * (integralLow - integralHigh);
            double x = inverseIntegral(u);
            long k = (long) (x + 0.5);
            if (k < 1) {
                k = 1;
            } else if (k > n) {
                k = n;
            }
            if (k - x <= squeeze || u >= integral(k + 0.5) - density(k)) {
                return k - 1;
            }
        }
    }

    @Override
    double shareOfRanksBelow(long topRanks) {
        return harmonic(topRanks) / harmonic(n);
    }

    /** {@code h(x) = x^-theta}, the unnormalised probability of rank {@code x} (1-based). */
    private double density(double x) {
        return StrictMath.exp(-theta * StrictMath.log(x));
    }

    /** {@code H(x) = (x^(1-theta) - 1) / (1-theta)}, or {@code ln x} at theta 1, written to stay exact near 1. */
    private double integral(double x) {
        double logX = StrictMath.log(x);
        return expm1OverX((1 - theta) * logX) * logX;
    }

    /** The inverse of {@link #integral}: {@code (1 + (1-theta) y)^(1/(1-theta))}, or {@code e^y} at theta 1. */
    private double inverseIntegral(double y) {
        double t = y * (1 - theta);
        if (t < -1) {
            // Only rounding can take t below -1, where the inverse is not defined; -1 is its limit.
            t = -1;
        }
        return StrictMath.exp(log1pOverX(t) * y);
    }

    /** {@code ln(1+t)/t}, continuous at 0 (a short series where the quotient would lose precision). */
    private static double log1pOverX(double t) {
        if (Math.abs(t) > 1e-8) {
            return StrictMath.log1p(t) / t;
        }
        return 1 - t * (1.0 / 2 - t * (1.0 / 3 - t * (1.0 / 4)));
    }

    /** {@code (e^t - 1)/t}, continuous at 0. */
    private static double expm1OverX(double t) {
        if (Math.abs(t) > 1e-8) {
            return StrictMath.expm1(t) / t;
        }
        return 1 + t * (1.0 / 2) * (1 + t * (1.0 / 3) * (1 + t * (1.0 / 4)));
    }

    /**
     * The generalised harmonic number {@code sum_{i=1..m} i^-theta}: term by term (smallest first) up to
     * {@link #DIRECT_SUM_LIMIT}, and beyond it by the Euler–Maclaurin formula, whose correction terms up to the
     * fifth derivative leave an error far below a double's precision once {@code i > 2^16}.
     */
    double harmonic(long m) {
        long direct = Math.min(m, DIRECT_SUM_LIMIT);
        double sum = 0;
        for (long i = direct; i >= 1; i--) {
            sum += density(i);
        }
        if (m > direct) {
            double a = direct + 1;
            double b = m;
            double tail = integral(b) - integral(a) + (density(a) + density(b)) / 2;
            // B2/2! f'(x), B4/4! f'''(x), B6/6! f^(5)(x) for f(x) = x^-theta.
            double d1 = theta;
            double d3 = d1 * (theta + 1) * (theta + 2);
            double d5 = d3 * (theta + 3) * (theta + 4);
            tail += (1.0 / 12) * (-d1) * (density(b) / b - density(a) / a);
            tail -= (1.0 / 720) * (-d3) * (density(b) / (b * b * b) - density(a) / (a * a * a));
            tail += (1.0 / 30240) * (-d5) * (density(b) / (b * b * b * b * b) - density(a) / (a * a * a * a * a));
            sum += tail;
        }
        return sum;
    }
}
