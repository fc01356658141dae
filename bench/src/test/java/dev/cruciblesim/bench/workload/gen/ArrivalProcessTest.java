package dev.cruciblesim.bench.workload.gen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArrivalProcessTest {
    private static final long START_NS = 1_000_000_007L;

    @Test
    void shouldSpaceLinearArrivalsExactlyWithoutDrift() {
        // Three per microsecond: the interval is 333.33... ns, so any per-arrival rounding would drift.
        ArrivalProcess.Schedule schedule = ArrivalProcess.linear(3e6).startingAt(START_NS);
        SplittableRandom random = new SplittableRandom(1);
        SplittableRandom twin = new SplittableRandom(1);
        for (long n = 0; n < 10_000_000L; n++) {
            long expected = START_NS + (2000 * n + 3) / 6; // round(n * 1000 / 3), with no halves to break
            long actual = schedule.nextArrivalNs(random);
            if (actual != expected) {
                assertEquals(expected, actual, "arrival " + n);
            }
        }
        assertEquals(10_000_000L, schedule.arrivals());
        assertEquals(twin.nextLong(), random.nextLong(), "linear arrivals draw nothing");
    }

    @Test
    void shouldIssueTheFirstArrivalAtTheStart() {
        for (ArrivalProcess process : new ArrivalProcess[] {ArrivalProcess.linear(5), ArrivalProcess.poisson(5)}) {
            assertEquals(START_NS, process.startingAt(START_NS).nextArrivalNs(new SplittableRandom(1)));
        }
    }

    @Test
    void shouldArriveAtThePoissonRate() {
        int arrivals = 200_000;
        double rate = 1000;
        long[] times = poissonTimes(rate, arrivals, 3);
        double meanGapNs = (double) (times[arrivals - 1] - times[0]) / (arrivals - 1);
        double meanNs = 1e9 / rate;
        // Exponential gaps: the standard error of the mean gap is the mean over sqrt(gaps).
        double tolerance = Statistics.STANDARD_ERRORS * meanNs / Math.sqrt(arrivals - 1);
        assertEquals(meanNs, meanGapNs, tolerance);
    }

    @Test
    void shouldDrawExponentialGaps() {
        int arrivals = 200_001;
        double meanNs = 1e6; // 1000 per second: rounding to whole ns moves the distribution by 5e-7 at most
        long[] times = poissonTimes(1e9 / meanNs, arrivals, 4);
        double[] gaps = new double[arrivals - 1];
        for (int i = 1; i < arrivals; i++) {
            gaps[i - 1] = times[i] - times[i - 1];
        }
        Arrays.sort(gaps);
        double critical = Statistics.ksCritical(gaps.length);
        double distance = ksDistance(gaps, meanNs);
        assertTrue(distance < critical, "KS distance " + distance + ", critical " + critical);
        // The same test rejects a mean 3% off: it has the power to see a wrong rate.
        assertTrue(ksDistance(gaps, meanNs * 1.03) > critical, "a 3% wrong mean should be rejected");
        // And a gap's coefficient of variation is 1, as an exponential's is.
        double sum = 0;
        double sumOfSquares = 0;
        for (double gap : gaps) {
            sum += gap;
            sumOfSquares += gap * gap;
        }
        double mean = sum / gaps.length;
        double cv = Math.sqrt(sumOfSquares / gaps.length - mean * mean) / mean;
        // For an exponential the CV estimate has a standard error of about 1/sqrt(n) (delta method: sqrt(2/n) for
        // the variance, halved for the square root, with the mean's own error partly cancelling).
        assertEquals(1.0, cv, Statistics.STANDARD_ERRORS * Math.sqrt(2.0 / gaps.length));
    }

    @Test
    void shouldRoundOnlyWhatItReturnsSoPoissonTimesDoNotDrift() {
        // At three per microsecond, rounding each gap to whole ns would drift by tens of ns over these arrivals.
        double rate = 3e6;
        int arrivals = 200_000;
        ArrivalProcess process = ArrivalProcess.poisson(rate);
        ArrivalProcess.Schedule schedule = process.startingAt(START_NS);
        SplittableRandom random = new SplittableRandom(8);
        SplittableRandom twin = new SplittableRandom(8);
        BigDecimal exact = BigDecimal.ZERO;
        long naive = 0;
        double worst = 0;
        long worstNaive = 0;
        schedule.nextArrivalNs(random);
        for (int i = 1; i < arrivals; i++) {
            double gap = -process.meanIntervalNs() * StrictMath.log1p(-twin.nextDouble());
            exact = exact.add(new BigDecimal(gap));
            naive += Math.round(gap);
            double offset = schedule.nextArrivalNs(random) - START_NS;
            worst = Math.max(worst, Math.abs(offset - exact.doubleValue()));
            worstNaive = Math.max(worstNaive, Math.abs(naive - Math.round(exact.doubleValue())));
        }
        assertTrue(worst <= 0.5 + 1e-6, "an arrival strayed " + worst + " ns from its exact time");
        assertTrue(worstNaive > 1, "rounding each gap should drift (it strayed " + worstNaive + " ns)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "linear  | 3000000 | rate_iops=3000000,rate_process=linear",
        "poisson | 2.5     | rate_iops=2.5,rate_process=poisson",
        "' poisson ' | 1e3 | rate_iops=1000,rate_process=poisson",
    })
    void shouldDescribeItselfInFiosOptions(String process, double rate, String description) {
        ArrivalProcess parsed = ArrivalProcess.parse(process, rate);
        assertEquals(description, parsed.describe());
        assertEquals(1e9 / rate, parsed.meanIntervalNs());
    }

    @Test
    void shouldNameTheAllowedProcesses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArrivalProcess.parse("uniform", 100));
        assertEquals("rate_process must be linear or poisson, got 'uniform'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void shouldRefuseRatesThatAreNotPositiveAndFinite(double rate) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArrivalProcess.poisson(rate));
        assertTrue(e.getMessage().startsWith("rate_iops must be a finite number of IOs per second > 0, got "),
                e.getMessage());
    }

    @Test
    void shouldSaturateRatherThanOverflow() {
        ArrivalProcess.Schedule schedule = ArrivalProcess.linear(1e-12).startingAt(START_NS);
        SplittableRandom random = new SplittableRandom(1);
        assertEquals(START_NS, schedule.nextArrivalNs(random));
        assertEquals(Long.MAX_VALUE, schedule.nextArrivalNs(random));
    }

    private static long[] poissonTimes(double rate, int arrivals, long seed) {
        ArrivalProcess.Schedule schedule = ArrivalProcess.poisson(rate).startingAt(START_NS);
        SplittableRandom random = new SplittableRandom(seed);
        long[] times = new long[arrivals];
        for (int i = 0; i < arrivals; i++) {
            times[i] = schedule.nextArrivalNs(random);
            if (i > 0) {
                assertTrue(times[i] >= times[i - 1], "time went backwards");
            }
        }
        return times;
    }

    /** @return the Kolmogorov–Smirnov distance of sorted samples from the exponential law of the given mean */
    private static double ksDistance(double[] sorted, double meanNs) {
        double distance = 0;
        int n = sorted.length;
        for (int i = 0; i < n; i++) {
            double cdf = -Math.expm1(-sorted[i] / meanNs);
            distance = Math.max(distance, Math.max(cdf - (double) i / n, (double) (i + 1) / n - cdf));
        }
        return distance;
    }

    @Test
    void shouldSkipExactlyTheLinearArrivalsBeforeAnEndWithoutDrawingThem() {
        // 3 IOPS per microsecond: 333.33 ns apart, so rounding decides the boundary.
        for (long endNs : new long[] {1_000L, 1_000_000L, 1_000_000_333L, 1_000_000_334L, 7_777_777L}) {
            ArrivalProcess.Schedule counted = ArrivalProcess.linear(3_000_000).startingAt(1_000L);
            ArrivalProcess.Schedule walked = ArrivalProcess.linear(3_000_000).startingAt(1_000L);
            counted.nextArrivalNs(new SplittableRandom(1));
            walked.nextArrivalNs(new SplittableRandom(1));
            long expected = 0;
            while (walked.nextArrivalNs(new SplittableRandom(1)) < endNs) {
                expected++;
            }
            assertEquals(expected, counted.skipArrivalsBefore(endNs, Long.MAX_VALUE, new SplittableRandom(1)),
                    "end " + endNs);
            assertEquals(1 + expected, counted.arrivals());
        }
        ArrivalProcess.Schedule limited = ArrivalProcess.linear(1_000).startingAt(0);
        assertEquals(7, limited.skipArrivalsBefore(1_000_000_000L, 7, new SplittableRandom(1)), "at most the limit");
    }

    @Test
    void shouldSkipPoissonArrivalsGapByGapAndThenByTheirCountsDistribution() {
        ArrivalProcess.Schedule counted = ArrivalProcess.poisson(1_000_000).startingAt(0);
        ArrivalProcess.Schedule walked = ArrivalProcess.poisson(1_000_000).startingAt(0);
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        long expected = 0;
        while (walked.nextArrivalNs(b) < 100_000_000L) {
            expected++;
        }
        // Under a million: the same gaps, so the same count.
        assertEquals(expected, counted.skipArrivalsBefore(100_000_000L, Long.MAX_VALUE, a));

        // 10 million IOPS for 20 s: 2e8 arrivals, counted without drawing 2e8 gaps.
        ArrivalProcess.Schedule huge = ArrivalProcess.poisson(10_000_000).startingAt(0);
        long skipped = huge.skipArrivalsBefore(20_000_000_000L, Long.MAX_VALUE, new SplittableRandom(9));
        assertTrue(Math.abs(skipped - 2e8) < 5 * Math.sqrt(2e8), () -> skipped + " arrivals");
        assertEquals(skipped, huge.arrivals());
    }
}
