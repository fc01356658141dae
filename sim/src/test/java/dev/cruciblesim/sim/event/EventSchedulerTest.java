package dev.cruciblesim.sim.event;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventSchedulerTest {
    private record Fired(long atNs, long arg, Object payload) {
    }

    @Test
    void runsEventsInTimeOrderAndTiesInSchedulingOrder() {
        EventScheduler scheduler = new EventScheduler(100);
        List<Fired> fired = new ArrayList<>();
        EventHandler record = (payload, arg) -> fired.add(new Fired(scheduler.nanoTime(), arg, payload));
        scheduler.schedule(300, record, "c", 3);
        scheduler.schedule(200, record, "a", 1);
        scheduler.schedule(300, record, "d", 4);
        scheduler.schedule(200, record, "b", 2);
        scheduler.scheduleNow(record, "now", 0);

        while (scheduler.runNext()) {
            // drain
        }

        assertEquals(List.of(new Fired(100, 0, "now"), new Fired(200, 1, "a"), new Fired(200, 2, "b"),
                new Fired(300, 3, "c"), new Fired(300, 4, "d")), fired);
        assertEquals(5, scheduler.eventsRun());
        assertEquals(300, scheduler.nanoTime());
        assertFalse(scheduler.runNext());
    }

    @Test
    void eventsScheduledWhileRunningAtTheSameTimeRunAfterThoseAlreadyDue() {
        EventScheduler scheduler = new EventScheduler(1);
        List<String> order = new ArrayList<>();
        scheduler.schedule(10, (payload, arg) -> {
            order.add("first");
            scheduler.scheduleNow((p, a) -> order.add("spawned"), null, 0);
        }, null, 0);
        scheduler.schedule(10, (payload, arg) -> order.add("second"), null, 0);
        while (scheduler.runNext()) {
            // drain
        }
        assertEquals(List.of("first", "second", "spawned"), order);
    }

    @Test
    void refusesEventsInThePast() {
        EventScheduler scheduler = new EventScheduler(1_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> scheduler.schedule(999, (p, a) -> { }, null, 0));
        assertTrue(e.getMessage().contains("before now"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> scheduler.scheduleAfter(-1, (p, a) -> { }, null, 0));
    }

    @Test
    void matchesASortedReferenceForManyInterleavedEvents() {
        EventScheduler scheduler = new EventScheduler(1);
        SplittableRandom random = new SplittableRandom(7);
        List<long[]> expected = new ArrayList<>();
        List<long[]> actual = new ArrayList<>();
        long[] nextId = {0};
        EventHandler record = (payload, arg) -> actual.add(new long[] {scheduler.nanoTime(), arg});
        // Schedule in waves while running, so the heap grows, shrinks and refills.
        for (int wave = 0; wave < 20; wave++) {
            for (int i = 0; i < 500; i++) {
                long at = scheduler.nanoTime() + random.nextLong(1_000);
                long id = nextId[0]++;
                expected.add(new long[] {at, id});
                scheduler.schedule(at, record, null, id);
            }
            for (int i = 0; i < 300; i++) {
                assertTrue(scheduler.runNext());
            }
        }
        while (scheduler.runNext()) {
            // drain
        }
        // The reference: every event, at the time it was scheduled for, ordered by (time, id);
        // ids grow in scheduling order, so ties go to the earlier-scheduled event.
        expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < actual.size(); i++) {
            assertEquals(expected.get(i)[1], actual.get(i)[1], "event " + i + " ran out of order");
            assertEquals(expected.get(i)[0], actual.get(i)[0], "event " + i + " ran at the wrong time");
        }
    }
}
