package dev.cruciblesim.bench.compare;

/**
 * One side's values of one statistic of one metric.
 *
 * @param values the sample the U test ranks: one value per run, or a JMH benchmark's per-iteration raw data
 *               (empty without it)
 * @param center what is shown and what the change is taken between: the median of a set, the value of a
 *               run, a JMH score
 * @param low    the lower bound of center's interval: the median's confidence interval, score - scoreError;
 *               equal to center when there is none
 * @param high   the upper bound, likewise
 */
public record Observation(double[] values, double center, double low, double high) {
    public int n() {
        return values.length;
    }

    static Observation ofSample(double[] values, double confidence) {
        if (values.length == 1) {
            return new Observation(values, values[0], values[0], values[0]);
        }
        SampleStats.MedianInterval interval = SampleStats.medianInterval(values, confidence);
        return new Observation(values, interval.median(), interval.low(), interval.high());
    }
}
