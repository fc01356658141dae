package dev.cruciblesim.bench.workload.gen;

/**
 * A fixed bijection from ranks to ranges on {@code [0, n)}: where a skewed distribution's rank lands in the region.
 *
 * <p>fio hashes a drawn rank with a multiplicative hash and reduces it modulo the range count, so that the hot ranges
 * are not all at offset 0. That map is not one-to-one: several ranks share a range and others are never chosen, which
 * changes the distribution over ranges. This one is a true permutation, so the probability of every rank carries over
 * unchanged to exactly one range. It permutes {@code k}-bit values, {@code 2^k >= n}, with two rounds of an odd
 * multiplier mod {@code 2^k} (which carries low bits upward) and an xor-shift (which carries high bits downward), and
 * keeps the result inside {@code [0, n)} by cycle-walking: a value at or past {@code n} is permuted again until it
 * falls inside. A cycle of the permutation that starts inside {@code [0, n)} always comes back inside, and since more
 * than half of the {@code 2^k} values are inside, a step takes fewer than two permutations on average.
 *
 * <p>The map depends only on {@code n} (not on a seed), so runs that differ only in their seed share their hot ranges.
 * An anchor rotates the map so that rank 0, the most likely, lands on a chosen range: fio's {@code center}.
 */
final class Scatter {
    /** Odd constants from SplitMix64; only their low {@code k} bits are used. */
    private static final long MULTIPLIER_1 = 0x9E3779B97F4A7C15L;
    private static final long MULTIPLIER_2 = 0xBF58476D1CE4E5B9L;
    /** Added in the first round so that rank 0 does not stay at 0 (a multiplier alone fixes 0). */
    private static final long INCREMENT = 0x94D049BB133111EBL;

    private final long n;
    private final int bits;
    private final long mask;
    private final int shift;
    private final long multiplier1;
    private final long multiplier2;
    private final long inverse1;
    private final long inverse2;
    private final long increment;
    /** Added modulo {@code n} after the permutation; 0 without an anchor. */
    private final long rotation;

    /**
     * @param n      the number of ranges, {@code >= 1}
     * @param anchor the range rank 0 should land on, or -1 to leave it where the permutation puts it
     */
    Scatter(long n, long anchor) {
        if (n < 1) {
            throw new IllegalArgumentException("range count must be at least 1, got " + n);
        }
        if (anchor < -1 || anchor >= n) {
            throw new IllegalArgumentException("anchor must be -1 or in [0, " + n + "), got " + anchor);
        }
        this.n = n;
        this.bits = n == 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
        this.mask = bits == 64 ? -1L : (1L << bits) - 1;
        // An xor-shift by at least half the width is undone in one step; a shift of 0 would not be a bijection.
        this.shift = Math.max(1, (bits + 1) / 2);
        this.multiplier1 = MULTIPLIER_1 & mask;
        this.multiplier2 = MULTIPLIER_2 & mask;
        this.inverse1 = inverseOfOdd(MULTIPLIER_1) & mask;
        this.inverse2 = inverseOfOdd(MULTIPLIER_2) & mask;
        this.increment = INCREMENT & mask;
        this.rotation = anchor < 0 ? 0 : Math.floorMod(anchor - walkForward(0), n);
    }

    /** @return the range of {@code rank}, in {@code [0, n)} */
    long rangeOf(long rank) {
        long range = walkForward(rank) + rotation;
        return range >= n || range < 0 ? range - n : range;
    }

    /** @return the rank whose range is {@code range}: the inverse of {@link #rangeOf} */
    long rankOf(long range) {
        long unrotated = range - rotation;
        return walkBackward(unrotated < 0 ? unrotated + n : unrotated);
    }

    private long walkForward(long value) {
        long x = permute(value);
        while (Long.compareUnsigned(x, n) >= 0) {
            x = permute(x);
        }
        return x;
    }

    private long walkBackward(long value) {
        long x = unpermute(value);
        while (Long.compareUnsigned(x, n) >= 0) {
            x = unpermute(x);
        }
        return x;
    }

    private long permute(long value) {
        long x = (value * multiplier1 + increment) & mask;
        x ^= x >>> shift;
        x = (x * multiplier2) & mask;
        x ^= x >>> shift;
        return x;
    }

    private long unpermute(long value) {
        long x = unXorShift(value);
        x = (x * inverse2) & mask;
        x = unXorShift(x);
        return ((x - increment) * inverse1) & mask;
    }

    /** Inverts {@code y = x ^ (x >>> shift)} on {@code bits}-bit values: each pass fixes {@code shift} more high bits. */
    private long unXorShift(long y) {
        long x = y;
        for (int fixed = shift; fixed < bits; fixed += shift) {
            x = y ^ (x >>> shift);
        }
        return x;
    }

    /** @return the inverse of an odd {@code a} modulo 2^64, by Newton's iteration (each step doubles the correct bits) */
    private static long inverseOfOdd(long a) {
        long inverse = a; // correct to 3 bits, as a * a == 1 (mod 8) for every odd a
        for (int i = 0; i < 5; i++) {
            inverse *= 2 - a * inverse;
        }
        return inverse;
    }
}
