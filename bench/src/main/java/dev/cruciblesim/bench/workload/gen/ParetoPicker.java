package dev.cruciblesim.bench.workload.gen;

import java.util.SplittableRandom;

/**
 * fio's pareto: a uniform {@code u} raised to {@code p = ln(h) / ln(1-h)} and scaled to the range count, so that a
 * value below {@code f * n} has probability {@code f^(1/p)}: the lowest fraction {@code h} of the values gets
 * {@code h^(ln(1-h)/ln(h)) = 1-h} of the draws. One uniform per IO.
 */
final class ParetoPicker extends ScatteredPicker {
    /** fio's {@code pareto_pow}. */
    private final double power;
    /** {@code 1/power}: the exponent of the value's distribution function. */
    private final double inversePower;
    /** True when low values are the hot ones ({@code h <= 0.5}); otherwise ranks count down from the top value. */
    private final boolean lowIsHot;

    ParetoPicker(RandomDistribution distribution, long rangeCount, long anchor) {
        super(distribution, rangeCount, anchor);
        double h = distribution.parameter();
        this.power = StrictMath.log(h) / StrictMath.log(1 - h);
        this.inversePower = 1 / power;
        this.lowIsHot = power >= 1;
    }

    @Override
    long nextRank(SplittableRandom random) {
        return rankOfValue(valueOf(random.nextDouble()));
    }

    /**
     * @return fio's value for the uniform {@code u} in [0, 1), scaled by {@code n} rather than fio's {@code n - 1};
     *         {@code u^p} is taken as {@code e^(p ln u)} because {@link StrictMath#pow} allocates on each call in
     *         JDK 17 (its pure-Java port), and this runs once per IO
     */
    long valueOf(double u) {
        long value = (long) (n * StrictMath.exp(power * StrictMath.log(u)));
        // u < 1 keeps u^p below 1, but a product rounded up at the very top must still name a range.
        return value >= n ? n - 1 : value;
    }

    long rankOfValue(long value) {
        return lowIsHot ? value : n - 1 - value;
    }

    @Override
    double shareOfRanksBelow(long topRanks) {
        double fraction = (double) topRanks / n;
        if (lowIsHot) {
            // P(value < k) = P(u^p < k/n) = (k/n)^(1/p)
            return StrictMath.exp(inversePower * StrictMath.log(fraction));
        }
        // P(value >= n-k) = 1 - (1 - k/n)^(1/p), written to keep its digits when k/n is small.
        return -StrictMath.expm1(inversePower * StrictMath.log1p(-fraction));
    }
}
