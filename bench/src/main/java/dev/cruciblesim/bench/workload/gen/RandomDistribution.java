package dev.cruciblesim.bench.workload.gen;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Which ranges a random workload touches: fio's {@code random_distribution} option. The engine divides its region into
 * {@code rangeCount} equal ranges (fio: the file size over the smallest block size) and asks a {@link RangePicker} for
 * one per IO.
 *
 * <p>Text forms, as fio reads them ({@code options.c}, {@code str_random_distribution_cb}):
 * <ul>
 *   <li>{@code random}: uniform, fio's default.</li>
 *   <li>{@code zipf[:theta[:center]]}: rank {@code k} (1-based) has probability proportional to {@code 1/k^theta};
 *       theta defaults to fio's 1.1.</li>
 *   <li>{@code pareto[:h[:center]]}: {@code h} in (0, 1), default fio's 0.2; the hottest fraction {@code h} of the
 *       ranges gets the share {@code 1 - h} of the IOs (0.2 is the 80/20 rule).</li>
 *   <li>{@code normal[:sigma[:center]]}: a bell around the middle rank; {@code sigma} in [0, 100), default 0, is a
 *       percentage of the range count (see {@link RangePicker} for what fio actually does with it).</li>
 * </ul>
 * The optional {@code center} in [0, 1] places the most likely range at {@code floor(center * rangeCount)}; without
 * it the ranks are scattered by a fixed permutation, as fio scatters them with a hash.
 *
 * <p>Where this differs from fio, deliberately:
 * <ul>
 *   <li>fio rejects {@code zipf:1} (only that value) because its approximate sampler (Gray et al.'s closed form)
 *       divides by {@code 1 - theta}; it also accepts a theta of 0 or below. We sample exactly, by
 *       rejection-inversion, so every {@code theta > 0} works, 1 included, and {@code theta <= 0} is refused.</li>
 *   <li>fio's zipf sums its normalising constant over at most 10^7 ranks and its pareto can reach the last rank
 *       only on a uniform draw of exactly 1; ours are exact (see {@link RangePicker}).</li>
 *   <li>fio's scatter is a hash modulo the range count, which is not one-to-one; ours is a permutation.</li>
 *   <li>fio's {@code zoned} and {@code zoned_abs} forms are not supported.</li>
 * </ul>
 * Immutable.
 */
public final class RandomDistribution {
    /** The four models, under fio's names. */
    public enum Kind {
        RANDOM("random"),
        ZIPF("zipf"),
        PARETO("pareto"),
        NORMAL("normal");

        private final String fioName;

        Kind(String fioName) {
            this.fioName = fioName;
        }

        /** @return the word fio uses for the model in {@code random_distribution} */
        public String fioName() {
            return fioName;
        }
    }

    /** fio's default zipf theta ({@code FIO_DEF_ZIPF}), used for a bare {@code zipf}. */
    public static final double DEFAULT_ZIPF_THETA = 1.1;
    /** fio's default pareto h ({@code FIO_DEF_PARETO}), used for a bare {@code pareto}. */
    public static final double DEFAULT_PARETO_H = 0.2;
    /** fio's default normal deviation, used for a bare {@code normal}: no widening beyond the fixed bell. */
    public static final double DEFAULT_NORMAL_SIGMA_PERCENT = 0.0;

    private static final String FORMS =
            "random, zipf[:theta[:center]], pareto[:h[:center]] or normal[:sigma[:center]]";
    private static final RandomDistribution UNIFORM = new RandomDistribution(Kind.RANDOM, Double.NaN, Double.NaN);

    private final Kind kind;
    /** theta, h or sigma; NaN for uniform. */
    private final double parameter;
    /** NaN when no center was given. */
    private final double center;

    private RandomDistribution(Kind kind, double parameter, double center) {
        this.kind = kind;
        this.parameter = parameter;
        this.center = center;
    }

    /** @return fio's {@code random}: every range equally likely */
    public static RandomDistribution uniform() {
        return UNIFORM;
    }

    /** @param theta the zipf exponent, finite and {@code > 0} */
    public static RandomDistribution zipf(double theta) {
        if (!(theta > 0) || !Double.isFinite(theta)) {
            throw new IllegalArgumentException("zipf needs a theta > 0, got " + Text.plainOrRaw(theta));
        }
        return new RandomDistribution(Kind.ZIPF, theta, Double.NaN);
    }

    /** @param h the pareto parameter, in (0, 1) */
    public static RandomDistribution pareto(double h) {
        if (!(h > 0 && h < 1)) {
            throw new IllegalArgumentException("pareto needs an h in (0, 1), got " + Text.plainOrRaw(h));
        }
        return new RandomDistribution(Kind.PARETO, h, Double.NaN);
    }

    /** @param sigmaPercent the deviation as a percentage of the range count, in [0, 100) */
    public static RandomDistribution normal(double sigmaPercent) {
        if (!(sigmaPercent >= 0 && sigmaPercent < 100)) {
            throw new IllegalArgumentException("normal needs a sigma in [0, 100) (percent of the ranges), got "
                    + Text.plainOrRaw(sigmaPercent));
        }
        return new RandomDistribution(Kind.NORMAL, sigmaPercent, Double.NaN);
    }

    /**
     * @param center where the most likely range goes, as a fraction of the range count in [0, 1]
     * @return this distribution with its most likely range at {@code floor(center * rangeCount)} (modulo the count)
     */
    public RandomDistribution centeredAt(double center) {
        if (kind == Kind.RANDOM) {
            throw new IllegalArgumentException("random has no center; only zipf, pareto and normal take one");
        }
        if (!(center >= 0 && center <= 1)) {
            throw new IllegalArgumentException(kind.fioName + " needs a center in [0, 1], got "
                    + Text.plainOrRaw(center));
        }
        return new RandomDistribution(kind, parameter, center);
    }

    /**
     * Reads fio's {@code random_distribution} text.
     *
     * @throws IllegalArgumentException naming the allowed forms and the bad value
     */
    public static RandomDistribution parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.strip().split(":", -1);
        String model = parts[0].strip();
        if (model.equals(Kind.RANDOM.fioName)) {
            if (parts.length > 1) {
                throw new IllegalArgumentException("random takes no parameters, got '" + text.strip() + "'");
            }
            return UNIFORM;
        }
        Kind kind = switch (model) {
            case "zipf" -> Kind.ZIPF;
            case "pareto" -> Kind.PARETO;
            case "normal" -> Kind.NORMAL;
            case "zoned", "zoned_abs" -> throw new IllegalArgumentException("random_distribution " + model
                    + " is not supported; use " + FORMS);
            default -> throw new IllegalArgumentException("random_distribution must be " + FORMS + ", got '"
                    + text.strip() + "'");
        };
        if (parts.length > 3) {
            throw new IllegalArgumentException(model + " takes at most a parameter and a center (" + FORMS
                    + "), got '" + text.strip() + "'");
        }
        String parameterName = switch (kind) {
            case ZIPF -> "theta";
            case PARETO -> "h";
            default -> "sigma";
        };
        double parameter = switch (kind) {
            case ZIPF -> DEFAULT_ZIPF_THETA;
            case PARETO -> DEFAULT_PARETO_H;
            default -> DEFAULT_NORMAL_SIGMA_PERCENT;
        };
        if (parts.length > 1) {
            parameter = number(model, parameterName, parts[1]);
        }
        RandomDistribution distribution = switch (kind) {
            case ZIPF -> zipf(parameter);
            case PARETO -> pareto(parameter);
            default -> normal(parameter);
        };
        return parts.length > 2 ? distribution.centeredAt(number(model, "center", parts[2])) : distribution;
    }

    private static double number(String model, String name, String text) {
        Double value = Text.parseNumber(text);
        if (value == null) {
            throw new IllegalArgumentException(model + " needs a number for its " + name + ", got '" + text.strip()
                    + "'");
        }
        return value;
    }

    public Kind kind() {
        return kind;
    }

    /** @return theta for zipf, h for pareto, sigma (percent) for normal; NaN for random */
    public double parameter() {
        return parameter;
    }

    /** @return the center given, if any */
    public OptionalDouble center() {
        return Double.isNaN(center) ? OptionalDouble.empty() : OptionalDouble.of(center);
    }

    /**
     * @param rangeCount the number of equal ranges the region is divided into, {@code >= 1}
     * @return a picker of range indexes in {@code [0, rangeCount)}; cheap to build (constant time, no tables)
     */
    public RangePicker picker(long rangeCount) {
        if (rangeCount < 1) {
            throw new IllegalArgumentException("range count must be at least 1, got " + rangeCount);
        }
        long anchor = Double.isNaN(center) ? -1 : Math.floorMod((long) StrictMath.floor(center * rangeCount),
                rangeCount);
        return switch (kind) {
            case RANDOM -> new UniformPicker(this, rangeCount);
            case ZIPF -> new ZipfPicker(this, rangeCount, anchor);
            case PARETO -> new ParetoPicker(this, rangeCount, anchor);
            case NORMAL -> new NormalPicker(this, rangeCount, anchor);
        };
    }

    /** @return the canonical fio text, which {@link #parse} reads back: {@code zipf:1.2}, {@code normal:5:0.25} */
    public String describe() {
        if (kind == Kind.RANDOM) {
            return kind.fioName;
        }
        String text = kind.fioName + ":" + Text.plain(parameter);
        return Double.isNaN(center) ? text : text + ":" + Text.plain(center);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RandomDistribution that && kind == that.kind
                && Double.compare(parameter, that.parameter) == 0 && Double.compare(center, that.center) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, parameter, center);
    }

    @Override
    public String toString() {
        return describe();
    }
}
