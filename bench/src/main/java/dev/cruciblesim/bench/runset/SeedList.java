package dev.cruciblesim.bench.runset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The seeds of a virtual-time set, {@code run --seeds SPEC}: comma-separated items, each a seed ({@code 7}) or an
 * inclusive range ({@code 1..8}), mixed as {@code 1..3,7}; seeds are any 64-bit integers, as the scenario's
 * {@code seed} is ({@code -2..2}). The runs follow the order written, so {@code 9,1} runs seed 9 first, as
 * {@code run-000}. A seed given twice would be the same run twice, so it is refused, as is a list of more than
 * {@value #MAX_SEEDS} seeds (counted before any is listed, so {@code 1..9999999999} costs nothing to refuse).
 *
 * @param seeds in the order written, each once
 */
public record SeedList(List<Long> seeds) {
    /** The most seeds one set takes ({@link RunSetExecutor#MAX_RUNS}). */
    public static final int MAX_SEEDS = RunSetExecutor.MAX_RUNS;
    private static final String RANGE = "..";

    public SeedList {
        seeds = List.copyOf(seeds);
    }

    /**
     * @param spec the option's value
     * @throws IllegalArgumentException saying what is wrong with {@code spec}, for the option's one-line error
     */
    public static SeedList parse(String spec) {
        String text = spec.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("expected seeds, e.g. 1..8, 1,5,9 or 1..3,7; got nothing");
        }
        List<long[]> ranges = new ArrayList<>();
        long total = 0;
        for (String item : text.split(",", -1)) {
            long[] range = range(item.strip(), spec);
            total += range[1] - range[0] + 1;
            // Checked per item, so that the sum of ranges cannot overflow either.
            if (total > MAX_SEEDS || range[1] - range[0] + 1 <= 0) {
                throw new IllegalArgumentException("'" + spec + "' is more than " + MAX_SEEDS + " seeds, the most one "
                        + "set runs");
            }
            ranges.add(range);
        }
        List<Long> seeds = new ArrayList<>((int) total);
        Set<Long> seen = new HashSet<>();
        for (long[] range : ranges) {
            for (long seed = range[0]; ; seed++) {
                if (!seen.add(seed)) {
                    throw new IllegalArgumentException("'" + spec + "' gives seed " + seed + " twice; each seed is "
                            + "one run, and a second run of it would repeat the first byte for byte");
                }
                seeds.add(seed);
                if (seed == range[1]) {
                    break;
                }
            }
        }
        return new SeedList(seeds);
    }

    /** @return {first, last} of one item, a seed or an inclusive range */
    private static long[] range(String item, String spec) {
        int dots = item.indexOf(RANGE);
        if (dots < 0) {
            long seed = seed(item, spec);
            return new long[] {seed, seed};
        }
        long first = seed(item.substring(0, dots).strip(), spec);
        long last = seed(item.substring(dots + RANGE.length()).strip(), spec);
        if (last < first) {
            throw new IllegalArgumentException("'" + item + "' in '" + spec + "' is an empty range: it ends before it"
                    + " starts (write " + last + ".." + first + ")");
        }
        return new long[] {first, last};
    }

    private static long seed(String text, String spec) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "' is not a list of seeds: '" + text + "' is not an "
                    + "integer (write seeds as 1..8, 1,5,9 or 1..3,7)");
        }
    }

    public int size() {
        return seeds.size();
    }
}
