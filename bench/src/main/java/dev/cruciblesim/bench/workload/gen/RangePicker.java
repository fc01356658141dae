package dev.cruciblesim.bench.workload.gen;

import java.util.SplittableRandom;

/**
 * Picks the range of a random IO under a {@link RandomDistribution}, once per IO: no allocation, no locks, and every
 * draw a function of the caller's {@link SplittableRandom} alone (transcendental functions are {@link StrictMath}'s,
 * so a seed gives the same ranges on every JVM). Single-threaded, like the stream it is given.
 *
 * <p>A skewed distribution first draws a <em>rank</em>, 0 being the most likely, then places it with
 * {@link #rangeOfRank}, a fixed permutation of {@code [0, rangeCount)} (rotated by the distribution's center, if it
 * has one), so that the probability of each rank is exactly that of one range. The models, with fio's formulas
 * ({@code lib/zipf.c}, {@code lib/gauss.c}):
 * <ul>
 *   <li><b>random</b>: uniform over the ranges, no permutation ({@code rankOf} is the identity).</li>
 *   <li><b>zipf:theta</b>: rank {@code r} with probability {@code (r+1)^-theta / H(n, theta)}, where {@code H} is
 *       the generalised harmonic number. fio uses Gray et al.'s approximate inverse, with a normalising constant
 *       summed over at most 10^7 ranks; we sample exactly by rejection-inversion (Hörmann and Derflinger, 1996), in
 *       constant time and memory for any range count and any {@code theta > 0}.</li>
 *   <li><b>pareto:h</b>: fio draws a uniform {@code u} and takes {@code floor((n-1) * u^p)} with
 *       {@code p = ln(h) / ln(1-h)}. We take {@code floor(n * u^p)} with {@code u} in [0, 1): fio's {@code n-1} lets
 *       the last value occur only when its uniform is exactly 1. The share of the lowest {@code f} fraction of the
 *       values is then {@code f^(1/p)}, so the lowest {@code h} get {@code 1-h}. For {@code h < 0.5}
 *       ({@code p > 1}) low values are the hot ones; for {@code h > 0.5} ({@code p < 1}) high values are, and the
 *       ranks count down from the top.</li>
 *   <li><b>normal:sigma</b>: not a Gaussian of deviation {@code sigma}. fio averages twelve uniform draws (rounding
 *       the average up), a bell of standard deviation about {@code n/12} whatever sigma is, then adds a uniform
 *       integer jitter {@code floor(w*u) - floor(w/2)} of width {@code w = ceil(n * sigma / 100)} (at most
 *       {@code floor(n/2)}), halving the jitter (towards zero) until the sum falls inside the range. So sigma
 *       widens the bell, and sigma 0 is the bare bell. We do exactly that, except that fio draws each of the
 *       twelve from {@code 0..n} inclusive, which can make the average {@code n}, one past the last range (fio then
 *       folds it with a modulo, or, when it has a jitter, halves a zero jitter forever); we draw from
 *       {@code 0..n-1}. Ranks are the values in order of distance from the peak {@code floor(n/2)}, the lower value
 *       first on a tie, which is the order of decreasing probability up to near-ties one value apart.</li>
 * </ul>
 * fio's normal takes a center too, but adds it after hashing, where it only rotates the scattered layout; here it
 * places the peak, as fio's documentation says it should.
 *
 * <p>A range count of 1 always gives range 0 and draws nothing from the stream.
 */
public sealed interface RangePicker permits UniformPicker, ScatteredPicker {
    RandomDistribution distribution();

    /** @return the number of ranges picked from */
    long rangeCount();

    /** @return the range of the next IO, in {@code [0, rangeCount)} */
    long next(SplittableRandom random);

    /** @return the rank of {@code rangeIndex}: 0 for the most likely range; the inverse of {@link #rangeOfRank} */
    long rankOf(long rangeIndex);

    /** @return the range that holds {@code rank}, 0 being the most likely */
    long rangeOfRank(long rank);

    /**
     * The theoretical concentration, for checking a run or a sampler: exact sums for zipf, the closed form of the
     * uniform's power for pareto, and for normal the exact law of fio's twelve-draw average (the Irwin–Hall count)
     * with its halved jitter, in time linear in the range count.
     *
     * @param topRanks how many of the most likely ranks, in {@code [0, rangeCount]}
     * @return the probability that a draw lands in ranks {@code 0 .. topRanks-1}
     */
    double shareOfTopRanks(long topRanks);
}
