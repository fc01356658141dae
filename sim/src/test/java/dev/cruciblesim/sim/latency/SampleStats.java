package dev.cruciblesim.sim.latency;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Draws from a model with a fixed seed and keeps what the tests compare against the model. */
final class SampleStats {
    final long[] samplesNs;
    final double meanNs;
    final double stddevNs;
    final long minNs;
    final long maxNs;

    private SampleStats(long[] samplesNs) {
        this.samplesNs = samplesNs;
        double sum = 0.0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long sample : samplesNs) {
            sum += sample;
            min = Math.min(min, sample);
            max = Math.max(max, sample);
        }
        double mean = sum / samplesNs.length;
        double squares = 0.0;
        for (long sample : samplesNs) {
            squares += (sample - mean) * (sample - mean);
        }
        this.meanNs = mean;
        this.stddevNs = Math.sqrt(squares / (samplesNs.length - 1));
        this.minNs = min;
        this.maxNs = max;
    }

    static SampleStats draw(LatencyModel model, long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] samples = new long[count];
        for (int i = 0; i < count; i++) {
            samples[i] = model.sampleNs(random);
        }
        return new SampleStats(samples);
    }

    /**
     * Fails unless the sample mean is within 5 standard errors of the model's mean. The seed is
     * fixed, so this is not flaky: it either always passes or shows a real bias.
     */
    void assertMeanMatches(LatencyModel model, double distributionStddevNs) {
        double standardErrorNs = distributionStddevNs / Math.sqrt(samplesNs.length);
        assertEquals(model.meanNs(), meanNs, 5 * standardErrorNs,
                () -> model + ": sample mean " + meanNs + " ns vs meanNs() " + model.meanNs()
                        + " ns, standard error " + standardErrorNs + " ns");
    }

    /** @return the value below which this share of the samples fall (nearest rank) */
    long quantileNs(double share) {
        long[] sorted = samplesNs.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(share * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
}
