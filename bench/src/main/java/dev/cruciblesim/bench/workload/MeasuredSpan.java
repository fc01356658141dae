package dev.cruciblesim.bench.workload;

import java.util.OptionalDouble;

/**
 * The one measured span of crucible-sim, on the run's clock: for a job, from its first IO's
 * submission to its last IO's completion; for a run, the union of its jobs' spans, from the first
 * submission of any job to the last completion of any. Every rate the run reports (the summary's
 * IOPS, report.json's throughput, fio.json's iops and bw) is an amount over this span, by
 * {@link #perSecond}.
 *
 * <p>Why these ends: the IOs a run counts are the ones that completed, and they were all submitted
 * and completed inside the span, so the rate is theirs alone. Time before the first submission
 * (a start-up) and after the last completion (waiting out IO that never came back, before a run
 * fails or is stopped) is not IO being done. What was rejected:
 * from the workload's start to the moment the run ended, which the runs and their jobs measured
 * differently, so a failed run's report.json gave another IOPS than its fio.json.
 *
 * <p>A span with no duration (no IO completed, or every IO submitted and completed at one instant,
 * as in virtual time with models that take no time) has no rate: {@link #perSecond} is empty, which
 * the summary prints as "n/a" and the JSON files write as null.
 */
public final class MeasuredSpan {
    private static final MeasuredSpan NONE = new MeasuredSpan(false, 0, 0);

    private final boolean measured;
    private final long startNs;
    private final long endNs;

    private MeasuredSpan(boolean measured, long startNs, long endNs) {
        this.measured = measured;
        this.startNs = startNs;
        this.endNs = endNs;
    }

    /** @return the span of a job, or run, in which no IO completed */
    public static MeasuredSpan none() {
        return NONE;
    }

    /**
     * @param firstSubmissionNs when the first IO was submitted
     * @param lastCompletionNs  when the last IO completed, not before the first submission
     */
    public static MeasuredSpan of(long firstSubmissionNs, long lastCompletionNs) {
        if (lastCompletionNs - firstSubmissionNs < 0) {
            throw new IllegalArgumentException("the last completion, at " + lastCompletionNs
                    + " ns, is before the first submission, at " + firstSubmissionNs + " ns");
        }
        return new MeasuredSpan(true, firstSubmissionNs, lastCompletionNs);
    }

    /** @return whether any IO completed in it */
    public boolean measured() {
        return measured;
    }

    /** @return from the first submission to the last completion; 0 if nothing was measured */
    public long durationNs() {
        return endNs - startNs;
    }

    /** @return the smallest span holding both */
    public MeasuredSpan union(MeasuredSpan other) {
        if (!other.measured) {
            return this;
        }
        if (!measured) {
            return other;
        }
        return new MeasuredSpan(true, other.startNs - startNs < 0 ? other.startNs : startNs,
                other.endNs - endNs > 0 ? other.endNs : endNs);
    }

    /** @return {@code amount} per second over the span, or empty when the span has no duration */
    public OptionalDouble perSecond(long amount) {
        long durationNs = durationNs();
        return durationNs > 0 ? OptionalDouble.of(amount / (durationNs / 1e9)) : OptionalDouble.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MeasuredSpan span && span.measured == measured && span.startNs == startNs
                && span.endNs == endNs;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(startNs) * 31 + Long.hashCode(endNs) + (measured ? 1 : 0);
    }

    @Override
    public String toString() {
        return measured ? "[" + startNs + " ns, " + endNs + " ns]" : "no span";
    }
}
