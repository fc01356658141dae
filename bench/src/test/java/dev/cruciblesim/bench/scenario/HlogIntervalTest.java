package dev.cruciblesim.bench.scenario;

import org.junit.jupiter.api.Test;

import static dev.cruciblesim.bench.scenario.ScenarioFixtures.set;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interval log's intervals: fixed when given, doubling by default in virtual time, 1 s by default in real time. */
class HlogIntervalTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND_NS = 1_000_000_000L;

    @Test
    void shouldDoubleEachTimeTheRunHasLastedAHundredIntervalsOfTheCurrentLength() {
        HlogInterval adaptive = HlogInterval.ADAPTIVE;

        assertEquals(10 * MS, adaptive.lengthNsAt(0));
        assertEquals(10 * MS, adaptive.lengthNsAt(990 * MS));
        assertEquals(10 * MS, adaptive.lengthNsAt(SECOND_NS - 1));
        assertEquals(20 * MS, adaptive.lengthNsAt(SECOND_NS));
        assertEquals(20 * MS, adaptive.lengthNsAt(2 * SECOND_NS - 1));
        assertEquals(40 * MS, adaptive.lengthNsAt(2 * SECOND_NS));
        assertEquals(1_280 * MS, adaptive.lengthNsAt(64 * SECOND_NS));
        assertEquals(1_280 * MS, adaptive.lengthNsAt(128 * SECOND_NS - 1));
        assertEquals(2_560 * MS, adaptive.lengthNsAt(128 * SECOND_NS));
    }

    @Test
    void shouldBoundTheIntervalsOfALongRunByTheLogarithmOfItsLength() {
        // Walk the boundaries as a timer does: each interval ends where the next starts.
        long[] lengthsS = {1, 100, 1_000, 3_600, 86_400};
        long[] expectedIntervals = {100, 429, 598, 688, 916};
        for (int i = 0; i < lengthsS.length; i++) {
            long runNs = lengthsS[i] * SECOND_NS;
            long intervals = 0;
            for (long nowNs = 0; nowNs < runNs; nowNs = HlogInterval.ADAPTIVE.endNs(0, nowNs)) {
                long lengthNs = HlogInterval.ADAPTIVE.lengthNsAt(nowNs);
                assertEquals(0, nowNs % lengthNs, "a boundary is a multiple of the interval's length: " + nowNs);
                assertTrue(nowNs < SECOND_NS || (lengthNs * 100 > nowNs && lengthNs * 50 <= nowNs),
                        "1 to 2 % of the time elapsed: " + lengthNs + " ns at " + nowNs + " ns");
                intervals++;
            }
            assertEquals(expectedIntervals[i], intervals, lengthsS[i] + " s");
        }
    }

    @Test
    void shouldKeepAFixedLengthAndNeverOverflow() {
        HlogInterval fixed = HlogInterval.fixed(250 * MS);
        assertEquals(250 * MS, fixed.lengthNsAt(0));
        assertEquals(250 * MS, fixed.lengthNsAt(Long.MAX_VALUE / 2));
        assertEquals(1_250 * MS, fixed.endNs(0, SECOND_NS));

        long lengthNs = HlogInterval.ADAPTIVE.lengthNsAt(Long.MAX_VALUE);
        assertTrue(lengthNs > 0 && lengthNs <= Long.MAX_VALUE / 2, Long.toString(lengthNs));
        assertEquals(Long.MAX_VALUE, HlogInterval.ADAPTIVE.endNs(0, Long.MAX_VALUE - 1), "saturates at the clock's end");
        assertThrows(IllegalArgumentException.class, () -> HlogInterval.fixed(0));
    }

    @Test
    void shouldDefaultToDoublingInVirtualTimeAndToOneSecondInRealTimeAndTakeAGivenIntervalAsGiven() {
        assertEquals(HlogInterval.ADAPTIVE, yaml("clock: virtual\n").output().hlogInterval());
        assertEquals(HlogInterval.fixed(SECOND_NS), yaml("clock: real\n").output().hlogInterval());
        assertEquals(HlogInterval.fixed(10 * MS), yaml("clock: virtual\noutput: {hlog_interval: 10ms}\n").output()
                .hlogInterval());
        assertEquals(HlogInterval.fixed(100_000 * SECOND_NS), yaml("clock: virtual\n",
                set("output.hlog_interval", "100000s")).output().hlogInterval());
        assertEquals(HlogInterval.ADAPTIVE, yaml("clock: real\n", set("clock", "virtual")).output().hlogInterval(),
                "the clock as overridden decides");
    }
}
