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
    void eventsSpawnedForTheirOwnInstantKeepTimeAndSchedulingOrder() {
        // Events that spawn events, most of them for the instant they run at (so through the ring), some
        // later (the heap), in bursts longer than the ring's first capacity while its head has moved on:
        // the run order must still be sorted by (time, scheduling order), every event run exactly once.
        EventScheduler scheduler = new EventScheduler(1);
        SplittableRandom random = new SplittableRandom(11);
        List<long[]> ran = new ArrayList<>();
        long[] nextId = {0};
        int[] budget = {60_000};
        EventHandler[] spawn = new EventHandler[1];
        spawn[0] = (payload, arg) -> {
            ran.add(new long[] {scheduler.nanoTime(), arg});
            int children = random.nextInt(10) == 0 ? 1_500 : random.nextInt(3);
            for (int i = 0; i < children && budget[0] > 0; i++, budget[0]--) {
                long delay = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
                scheduler.scheduleAfter(delay, spawn[0], null, nextId[0]++);
            }
        };
        for (int i = 0; i < 8; i++) {
            scheduler.schedule(1 + i % 3, spawn[0], null, nextId[0]++);
        }
        while (scheduler.runNext()) {
            // drain
        }
        assertEquals(nextId[0], ran.size());
        for (int i = 1; i < ran.size(); i++) {
            long[] previous = ran.get(i - 1);
            long[] event = ran.get(i);
            assertTrue(event[0] > previous[0] || (event[0] == previous[0] && event[1] > previous[1]),
                    "event " + event[1] + " at " + event[0] + " ran after event " + previous[1] + " at " + previous[0]);
        }
        assertEquals(0, scheduler.pendingEvents());
    }

    @Test
    void countsEventsDueAtTheInstantTheyWereScheduledApart() {
        EventScheduler scheduler = new EventScheduler(5);
        EventHandler chain = (payload, arg) -> {
            if (arg > 0) {
                scheduler.scheduleNow((p, a) -> { }, null, 0);
            }
        };
        scheduler.scheduleNow(chain, null, 1);
        scheduler.schedule(9, chain, null, 1);
        scheduler.schedule(9, chain, null, 0);
        assertEquals(3, scheduler.pendingEvents());
        assertEquals(5, scheduler.nextDueNs());
        while (scheduler.runNext()) {
            // drain
        }
        // Ran: the first (now), its child (now), the two at 9 (heap), the child of the first of them (now).
        assertEquals(5, scheduler.eventsRun());
        assertEquals(3, scheduler.sameInstantEventsRun());
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
