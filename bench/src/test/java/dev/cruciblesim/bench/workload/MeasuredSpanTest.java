package dev.cruciblesim.bench.workload;

import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The span's union and the one rate formula, including the spans that have no rate. */
class MeasuredSpanTest {
    @Test
    void shouldJoinSpansIntoTheSmallestSpanHoldingBothAndIgnoreAnEmptyOne() {
        MeasuredSpan early = MeasuredSpan.of(1_000, 5_000);
        MeasuredSpan late = MeasuredSpan.of(3_000, 9_000);
        assertEquals(MeasuredSpan.of(1_000, 9_000), early.union(late));
        assertEquals(MeasuredSpan.of(1_000, 9_000), late.union(early));
        assertEquals(early, early.union(MeasuredSpan.none()));
        assertEquals(early, MeasuredSpan.none().union(early));
        // A zero-length span at clock 0 is a span, not the empty one: it still widens a union.
        assertEquals(MeasuredSpan.of(0, 5_000), early.union(MeasuredSpan.of(0, 0)));
        // Compared by subtraction, as the run's clock may wrap (real time's nanoTime has an arbitrary origin).
        MeasuredSpan beforeTheWrap = MeasuredSpan.of(Long.MAX_VALUE - 10, Long.MAX_VALUE);
        MeasuredSpan acrossIt = MeasuredSpan.of(Long.MAX_VALUE, Long.MIN_VALUE + 10);
        assertEquals(MeasuredSpan.of(Long.MAX_VALUE - 10, Long.MIN_VALUE + 10), beforeTheWrap.union(acrossIt));
        assertEquals(21, beforeTheWrap.union(acrossIt).durationNs());
    }

    @Test
    void shouldGiveARateOnlyOverASpanOfSomeTime() {
        assertEquals(OptionalDouble.of(2_000_000.0), MeasuredSpan.of(0, 1_000).perSecond(2));
        assertEquals(OptionalDouble.of(0.0), MeasuredSpan.of(0, 1_000).perSecond(0));
        assertEquals(OptionalDouble.empty(), MeasuredSpan.of(7, 7).perSecond(10));
        assertEquals(OptionalDouble.empty(), MeasuredSpan.none().perSecond(0));
        assertEquals(0, MeasuredSpan.none().durationNs());
        assertFalse(MeasuredSpan.none().measured());
        assertThrows(IllegalArgumentException.class, () -> MeasuredSpan.of(10, 9));
    }
}
