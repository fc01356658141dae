package dev.cruciblesim.bench.workload.gen;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tolerances of the statistical tests, each derived from the statistic rather than chosen to pass. Every test
 * uses a fixed seed, so it is deterministic; the tolerances say how surprising a failure would be for a correct
 * sampler.
 */
final class Statistics {
    /** Five standard errors: a correct sampler lands outside with probability 5.7e-7 (normal approximation). */
    static final double STANDARD_ERRORS = 5;
    /** The significance level of the goodness-of-fit tests. */
    static final double ALPHA = 1e-6;
    /** The upper {@link #ALPHA} quantile of the standard normal. */
    static final double Z_ALPHA = 4.753424;

    private Statistics() {
    }

    /** @return the standard error of an observed proportion when the true one is {@code p} */
    static double standardError(double p, long trials) {
        return Math.sqrt(p * (1 - p) / trials);
    }

    /** Asserts that {@code hits} of {@code trials} is within five standard errors of the proportion {@code p}. */
    static void assertProportion(double p, long hits, long trials, String what) {
        double observed = (double) hits / trials;
        double tolerance = STANDARD_ERRORS * standardError(p, trials);
        assertTrue(Math.abs(observed - p) <= tolerance, what + ": observed " + observed + ", expected " + p
                + " +- " + tolerance + " (5 standard errors)");
    }

    /** @return how many standard errors {@code hits} of {@code trials} lies from the proportion {@code p} */
    static double standardErrorsAway(double p, long hits, long trials) {
        return Math.abs((double) hits / trials - p) / standardError(p, trials);
    }

    /**
     * @return the chi-square critical value for {@code degreesOfFreedom} at {@link #ALPHA}, by the Wilson–Hilferty
     *         cube-root normal approximation (good to about 1% for 30 or more degrees of freedom)
     */
    static double chiSquareCritical(int degreesOfFreedom) {
        double k = degreesOfFreedom;
        double c = 1 - 2 / (9 * k) + Z_ALPHA * Math.sqrt(2 / (9 * k));
        return k * c * c * c;
    }

    /** @return the Kolmogorov–Smirnov critical distance for {@code n} samples at {@link #ALPHA} (asymptotic bound) */
    static double ksCritical(long n) {
        return Math.sqrt(Math.log(2 / ALPHA) / (2.0 * n));
    }
}
