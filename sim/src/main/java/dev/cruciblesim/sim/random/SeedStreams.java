package dev.cruciblesim.sim.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Splits one root seed into named streams ({@code workload}, {@code link.0.to-downstairs},
 * {@code downstairs.2.service}, ...). A stream's seed depends only on the root seed and its name,
 * never on which other streams exist or in what order they were asked for, so changing one
 * component's model leaves every other component's draws exactly as they were.
 *
 * <p>The derivation is fixed forever, since baselines depend on it: FNV-1a 64 over the name's
 * UTF-8 bytes, XORed with the root seed, then two rounds of SplitMix64's finaliser.
 */
public final class SeedStreams {
    /** The seed used when a run names none; always printed, so any run can be repeated. */
    public static final long DEFAULT_ROOT_SEED = 1;

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final long rootSeed;

    public SeedStreams(long rootSeed) {
        this.rootSeed = rootSeed;
    }

    public long rootSeed() {
        return rootSeed;
    }

    /** @return a fresh stream for {@code name}; asking twice gives two streams with the same sequence */
    public SplittableRandom stream(String name) {
        return new SplittableRandom(seedOf(name));
    }

    /** @return the 64-bit seed of the stream called {@code name} */
    public long seedOf(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a random stream needs a name");
        }
        long hash = FNV_OFFSET_BASIS;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return mix(mix(hash ^ rootSeed));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "SeedStreams[root " + rootSeed + "]";
    }
}
