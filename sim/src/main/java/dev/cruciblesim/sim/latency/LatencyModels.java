package dev.cruciblesim.sim.latency;

import dev.cruciblesim.sim.io.InputFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds the latency models scenarios can name. Every parameter is checked here, once, so a
 * scenario with a bad model fails when it is loaded, with a message that names the parameter,
 * rather than producing odd delays later.
 *
 * <p>All models are immutable, thread-safe and allocation-free per draw; they draw only from the
 * stream passed to {@code sampleNs}. Sampled real numbers become whole nanoseconds with
 * {@link Math#round(double)}, clamped to [0, {@link #MAX_DELAY_NS}].
 */
public final class LatencyModels {
    /** A DTrace quantize capture is a few kilobytes; this bound keeps a wrong file from filling memory. */
    public static final long MAX_CAPTURE_BYTES = 16L << 20;

    /**
     * The longest delay any model returns, about 73 years: a quarter of the long range, so that
     * sums of a few delays, and virtual times built from them, cannot overflow.
     */
    public static final long MAX_DELAY_NS = Long.MAX_VALUE / 4;

    private LatencyModels() {
    }

    public static LatencyModel constant(long delayNs) {
        requireDelayInRange("constant", "delay", delayNs);
        return new ConstantLatencyModel(delayNs);
    }

    /** Whole nanoseconds in [minNs, maxNs); exactly minNs when the two are equal. */
    public static LatencyModel uniform(long minNs, long maxNs) {
        requireDelayInRange("uniform", "min", minNs);
        requireDelayInRange("uniform", "max", maxNs);
        if (maxNs < minNs) {
            throw new LatencyModelException("uniform: max " + maxNs + " ns is below min " + minNs + " ns");
        }
        return new UniformLatencyModel(minNs, maxNs);
    }

    public static LatencyModel exponential(double meanNs) {
        requirePositive("exponential", "mean", meanNs, " ns");
        return new ExponentialLatencyModel(meanNs);
    }

    /**
     * A normal distribution truncated at 0 by redrawing; {@link LatencyModel#meanNs()} is the
     * truncated mean, which exceeds {@code meanNs} when {@code stddevNs} is comparable to it.
     * A negative mean is refused: most draws would be thrown away.
     */
    public static LatencyModel normal(double meanNs, double stddevNs) {
        requireNonNegative("normal", "mean", meanNs, " ns");
        requireNonNegative("normal", "stddev", stddevNs, " ns");
        return new TruncatedNormalLatencyModel(meanNs, stddevNs);
    }

    /** exp(ln(medianNs) + sigma * Z); sigma is the standard deviation of ln(delay). */
    public static LatencyModel lognormal(double medianNs, double sigma) {
        requirePositive("lognormal", "median", medianNs, " ns");
        requireNonNegative("lognormal", "sigma", sigma, "");
        return new LogNormalLatencyModel(medianNs, sigma);
    }

    /**
     * The lognormal with this mean and standard deviation (of the delay, not of its log); for
     * when a source quotes mean ± sd. Described as median and sigma like any lognormal.
     */
    public static LatencyModel lognormalFromMean(double meanNs, double stddevNs) {
        requirePositive("lognormal", "mean", meanNs, " ns");
        requireNonNegative("lognormal", "stddev", stddevNs, " ns");
        double coefficientOfVariation = stddevNs / meanNs;
        double sigmaSquared = StrictMath.log1p(coefficientOfVariation * coefficientOfVariation);
        double medianNs = meanNs * StrictMath.exp(-0.5 * sigmaSquared);
        if (!(medianNs > 0.0) || Double.isInfinite(sigmaSquared)) {
            throw new LatencyModelException("lognormal: stddev " + stddevNs + " ns is too large for mean "
                    + meanNs + " ns to describe a lognormal in double precision");
        }
        return new LogNormalLatencyModel(medianNs, StrictMath.sqrt(sigmaSquared));
    }

    /** Pareto type I: scaleNs * U^(-1/shape), never below scaleNs; infinite mean when shape <= 1. */
    public static LatencyModel pareto(double scaleNs, double shape) {
        requirePositive("pareto", "scale", scaleNs, " ns");
        requirePositive("pareto", "shape", shape, "");
        return new ParetoLatencyModel(scaleNs, shape);
    }

    /** Components are numbered from 0 in messages, as in the list and in {@code describe()}. */
    public static LatencyModel mixture(List<WeightedModel> components) {
        if (components == null || components.isEmpty()) {
            throw new LatencyModelException("mixture: needs at least one component, got none");
        }
        double totalWeight = 0.0;
        for (int i = 0; i < components.size(); i++) {
            WeightedModel component = components.get(i);
            if (component == null || component.model() == null) {
                throw new LatencyModelException("mixture: component " + i + " has no model");
            }
            requirePositive("mixture", "weight of component " + i, component.weight(), "");
            totalWeight += component.weight();
        }
        if (Double.isInfinite(totalWeight)) {
            throw new LatencyModelException("mixture: weights add up to more than a double holds; scale them down");
        }
        return new MixtureLatencyModel(List.copyOf(components));
    }

    /**
     * Replays one quantize() histogram from dtrace's printed output.
     *
     * @param sourceName  what messages and {@code describe()} call the text (a file name); may be null
     * @param keySelector the record's key line with whitespace runs collapsed, e.g.
     *                    {@code "read for downstairs client 0"}; null if the text holds one histogram
     */
    public static LatencyModel fromDTraceQuantize(String text, String sourceName, String keySelector) {
        Objects.requireNonNull(text, "text");
        if (sourceName == null) {
            sourceName = "(text)";
        }
        List<DTraceQuantizeText.QuantizeRecord> histograms = DTraceQuantizeText.parse(text, sourceName);
        DTraceQuantizeText.QuantizeRecord chosen = chooseHistogram(histograms, sourceName, keySelector);
        List<long[]> buckets = chosen.bucketLowerNsAndCount();
        if (buckets.isEmpty()) {
            String which = chosen.key() == null ? "the keyless histogram" : "histogram '" + chosen.key() + "'";
            throw new LatencyModelException(sourceName + ": " + which + " is empty (all counts 0)");
        }
        int n = buckets.size();
        long[] lowestNs = new long[n];
        long[] widthNs = new long[n];
        long[] counts = new long[n];
        List<Object> describedBuckets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long[] bucket = buckets.get(i);
            lowestNs[i] = bucket[0];
            // Bucket 0 holds only 0; bucket 2^k holds [2^k, 2^(k+1)).
            widthNs[i] = bucket[0] == 0 ? 1 : bucket[0];
            counts[i] = bucket[1];
            describedBuckets.add(List.of(bucket[0], bucket[1]));
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("kind", "empirical");
        description.put("format", "dtrace-quantize");
        description.put("source", sourceName);
        if (chosen.key() != null) {
            description.put("key", chosen.key());
        }
        description.put("buckets", List.copyOf(describedBuckets));
        return new EmpiricalLatencyModel(lowestNs, widthNs, counts, description);
    }

    /** As {@link #fromDTraceQuantize(String, String, String)}, named after the file (not its path). */
    public static LatencyModel fromDTraceQuantize(Path file, String keySelector) throws IOException {
        return fromDTraceQuantize(InputFiles.readString(file, MAX_CAPTURE_BYTES), sourceName(file), keySelector);
    }

    /**
     * Replays the sum of an HdrHistogram interval log's intervals with this tag. With a null tag:
     * the untagged intervals, or if there are none, the only tag there is.
     */
    public static LatencyModel fromHdrHistogramLog(Path file, String tag) throws IOException {
        return HdrHistogramLog.load(file, tag);
    }

    /** Reports name the file, never its directory, so they do not depend on where it was read. */
    static String sourceName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    private static DTraceQuantizeText.QuantizeRecord chooseHistogram(
            List<DTraceQuantizeText.QuantizeRecord> histograms, String sourceName, String keySelector) {
        if (histograms.isEmpty()) {
            throw new LatencyModelException(sourceName + ": no quantize histogram found");
        }
        if (keySelector == null) {
            if (histograms.size() > 1) {
                throw new LatencyModelException(sourceName + ": " + histograms.size() + " histograms found (keys: "
                        + keyList(histograms) + "); pick one with a key");
            }
            return histograms.get(0);
        }
        String key = DTraceQuantizeText.normalizeKey(keySelector);
        List<DTraceQuantizeText.QuantizeRecord> matching = histograms.stream()
                .filter(h -> key.equals(h.key()))
                .collect(Collectors.toList());
        if (matching.isEmpty()) {
            throw new LatencyModelException(sourceName + ": no histogram with key '" + key + "'; keys are: "
                    + keyList(histograms));
        }
        if (matching.size() > 1) {
            throw new LatencyModelException(sourceName + ": " + matching.size() + " histograms have key '" + key
                    + "' (headers at lines " + matching.stream().map(h -> String.valueOf(h.headerLine()))
                    .collect(Collectors.joining(", ")) + "); keep only one");
        }
        return matching.get(0);
    }

    private static String keyList(List<DTraceQuantizeText.QuantizeRecord> histograms) {
        return histograms.stream().map(DTraceQuantizeText.QuantizeRecord::displayName).collect(Collectors.joining(", "));
    }

    private static void requireDelayInRange(String kind, String parameter, long valueNs) {
        if (valueNs < 0) {
            throw new LatencyModelException(kind + ": " + parameter + " must be >= 0 ns, got " + valueNs);
        }
        if (valueNs > MAX_DELAY_NS) {
            throw new LatencyModelException(kind + ": " + parameter + " must be <= " + MAX_DELAY_NS + " ns, got "
                    + valueNs);
        }
    }

    private static void requireFinite(String kind, String parameter, double value) {
        if (!Double.isFinite(value)) {
            throw new LatencyModelException(kind + ": " + parameter + " must be finite, got " + value);
        }
    }

    private static void requirePositive(String kind, String parameter, double value, String unit) {
        requireFinite(kind, parameter, value);
        if (!(value > 0.0)) {
            throw new LatencyModelException(kind + ": " + parameter + " must be > 0" + unit + ", got " + value);
        }
    }

    private static void requireNonNegative(String kind, String parameter, double value, String unit) {
        requireFinite(kind, parameter, value);
        if (!(value >= 0.0)) {
            throw new LatencyModelException(kind + ": " + parameter + " must be >= 0" + unit + ", got " + value);
        }
    }
}
