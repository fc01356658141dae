package dev.cruciblesim.bench.fault;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.DownstairsCore;
import dev.cruciblesim.downstairs.DownstairsFaults;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.tracing.probe.FaultProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeConsumer;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults started and ended on a timer moved by hand, acting on a recording target with real switches. */
class FaultInjectorTest {
    private static final long MS = 1_000_000;
    private static final long ACTIVATED_NS = 7 * MS;
    private static final long NEVER = Long.MIN_VALUE;

    private final ManualFaultTimer timer = new ManualFaultTimer(ACTIVATED_NS);
    private final List<String> log = new ArrayList<>();
    private final RecordingTarget target = new RecordingTarget();
    private final ProbeRegistry registry = new ProbeRegistry();

    // ---------------------------------------------------------------- when faults start and end

    @Test
    void shouldStartATimedFaultAtItsTimeAfterActivationAndEndItAfterItsDuration() {
        FaultInjector injector = injector(
                timed(0, FaultKind.SLOW, 2, 1 * MS, 4 * MS, 3.0),
                timed(1, FaultKind.DISCONNECT, 0, 2 * MS, 1 * MS, 1.0));

        timer.advanceTo(ACTIVATED_NS + 1 * MS - 1);
        assertEquals(List.of(), log, "nothing before the first fault's time");

        timer.advanceTo(ACTIVATED_NS + 10 * MS);

        assertEquals(List.of(
                "fault-start 0 2 slow @" + (ACTIVATED_NS + 1 * MS),
                "fault-start 1 0 disconnect @" + (ACTIVATED_NS + 2 * MS),
                "disconnect 0",
                "reconnect 0",
                "fault-end 1 0 disconnect @" + (ACTIVATED_NS + 3 * MS),
                "fault-end 0 2 slow @" + (ACTIVATED_NS + 5 * MS)), log);
        assertEquals(ACTIVATED_NS, injector.activatedNs());
    }

    @Test
    void shouldKillAProcessThenStartItAgainAfterTheDurationAndRestartOneAtOnce() {
        FaultInjector injector = injector(
                timed(0, FaultKind.KILL, 1, 1 * MS, 2 * MS, 1.0),
                new FaultSpec(1, FaultKind.RESTART, 2, 4 * MS, 0, 0, 1.0, 0.0));

        timer.advanceTo(ACTIVATED_NS + 10 * MS);

        assertEquals(List.of(
                "fault-start 0 1 kill @" + (ACTIVATED_NS + 1 * MS),
                "kill 1",
                "restart 1",
                "fault-end 0 1 kill @" + (ACTIVATED_NS + 3 * MS),
                "fault-start 1 2 restart @" + (ACTIVATED_NS + 4 * MS),
                "restart 2",
                "fault-end 1 2 restart @" + (ACTIVATED_NS + 4 * MS)), log);
        assertEquals(0, injector.activeCount(), "an instant restart is never in force");
        List<FaultRecord> records = injector.records();
        assertEquals(records.get(1).startNs(), records.get(1).endNs());
    }

    @Test
    void shouldStillEndAFaultWhoseActionThrew() {
        target.failKills = true;
        FaultInjector injector = injector(timed(0, FaultKind.KILL, 1, 1 * MS, 2 * MS, 1.0));
        // The real timer hands the exception to the run's failures and goes on; this one lets it through.
        assertThrows(IllegalStateException.class, () -> timer.advanceTo(ACTIVATED_NS + 1 * MS));
        assertEquals(List.of("fault-start 0 1 kill @" + (ACTIVATED_NS + 1 * MS)), log);
        assertEquals(1, injector.activeCount());
        timer.advanceTo(ACTIVATED_NS + 3 * MS);
        assertEquals(0, injector.activeCount(), "its end was scheduled before the kill failed");
        assertTrue(injector.records().get(0).ended());
    }

    @Test
    void shouldExcuseSilenceOnlyWhileAFaultIsInForce() {
        FaultInjector injector = injector(timed(0, FaultKind.STALL, 1, 1 * MS, 2 * MS, 1.0));
        assertFalse(injector.excusesSilence());
        timer.advanceTo(ACTIVATED_NS + 1 * MS);
        assertTrue(injector.excusesSilence());
        timer.advanceTo(ACTIVATED_NS + 3 * MS);
        assertFalse(injector.excusesSilence());
    }

    @Test
    void shouldSwitchAFaultOnAfterItsStartProbeAndOffBeforeItsEndProbe() {
        injector(timed(0, FaultKind.SLOW, 1, 1 * MS, 2 * MS, 4.0));

        timer.advanceTo(ACTIVATED_NS + 1 * MS);
        assertEquals(4.0, target.slowFactorOf(1), 1e-9, "on by the time fault-start has fired");
        timer.advanceTo(ACTIVATED_NS + 3 * MS - 1);
        assertEquals(4.0, target.slowFactorOf(1), 1e-9, "still on a nanosecond before its end");
        timer.advanceTo(ACTIVATED_NS + 3 * MS);
        assertEquals(1.0, target.slowFactorOf(1), 1e-9);
        assertEquals(1.0, target.slowFactorOf(0), 1e-9, "the other clients were never touched");
    }

    @Test
    void shouldStartAnAfterIosFaultWhenItsIoIsSubmittedAndNotBefore() {
        FaultInjector injector = injector(
                afterIos(0, FaultKind.STALL, 1, 5, 1 * MS),
                afterIos(1, FaultKind.SLOW, 2, 3, 1 * MS, 2.0),
                afterIos(2, FaultKind.DISCONNECT, 0, 3, 1 * MS));

        submit(injector, 2);
        timer.runDue();
        assertEquals(List.of(), log, "two IOs reach no threshold");

        submit(injector, 1);
        timer.runDue();
        assertEquals(List.of("fault-start 1 2 slow @" + ACTIVATED_NS, "fault-start 2 0 disconnect @" + ACTIVATED_NS,
                "disconnect 0"), log, "both faults of threshold 3 start at the third IO, in id order");

        log.clear();
        submit(injector, 1);
        timer.runDue();
        assertEquals(List.of(), log);
        submit(injector, 1);
        timer.runDue();
        assertEquals(List.of("fault-start 0 1 stall @" + ACTIVATED_NS), log);
        assertEquals(3, injector.activeCount());
    }

    @Test
    void shouldStartAnAfterIosFaultOnlyOnce() {
        FaultInjector injector = injector(afterIos(0, FaultKind.SLOW, 0, 1, 1 * MS, 2.0));

        submit(injector, 10);
        timer.advanceTo(ACTIVATED_NS + 5 * MS);
        submit(injector, 10);
        timer.advanceTo(ACTIVATED_NS + 10 * MS);

        assertEquals(List.of("fault-start 0 0 slow @" + ACTIVATED_NS, "fault-end 0 0 slow @" + (ACTIVATED_NS + MS)),
                log);
    }

    // ---------------------------------------------------------------- overlapping faults of one client

    /** Fault 0 lasts from 0 to 10 ms; fault 1 from 2 ms to 2 + {@code secondMs} ms, so either may end first. */
    @ParameterizedTest(name = "factors {0} then {1}, the second lasting {2} ms")
    @CsvSource({"2, 5, 3", "2, 5, 20", "5, 2, 3", "5, 2, 20"})
    void shouldKeepTheLargestSlowFactorWhileFaultsOverlapAndNormalSpeedAfterBoth(double first, double second,
            long secondMs) {
        injector(timed(0, FaultKind.SLOW, 1, 0, 10 * MS, first), timed(1, FaultKind.SLOW, 1, 2 * MS, secondMs * MS,
                second));
        boolean secondEndsFirst = 2 + secondMs < 10;
        long firstEndNs = ACTIVATED_NS + Math.min(10, 2 + secondMs) * MS;
        long lastEndNs = ACTIVATED_NS + Math.max(10, 2 + secondMs) * MS;

        timer.advanceTo(ACTIVATED_NS + 1 * MS);
        assertEquals(first, target.slowFactorOf(1), 1e-9);
        timer.advanceTo(ACTIVATED_NS + 2 * MS);
        assertEquals(Math.max(first, second), target.slowFactorOf(1), 1e-9, "both in force: the larger");
        timer.advanceTo(firstEndNs);
        assertEquals(secondEndsFirst ? first : second, target.slowFactorOf(1), 1e-9, "the one that lasts counts");
        timer.advanceTo(lastEndNs - 1);
        assertEquals(secondEndsFirst ? first : second, target.slowFactorOf(1), 1e-9);
        timer.advanceTo(lastEndNs);
        assertEquals(1.0, target.slowFactorOf(1), 1e-9, "normal speed once both ended");
    }

    @Test
    void shouldDisconnectOnceAndReconnectOnceForOverlappingDisconnectsOfOneClient() {
        injector(timed(0, FaultKind.DISCONNECT, 2, 1 * MS, 5 * MS, 1.0),
                timed(1, FaultKind.DISCONNECT, 2, 2 * MS, 1 * MS, 1.0),
                timed(2, FaultKind.DISCONNECT, 2, 3 * MS, 6 * MS, 1.0));

        timer.advanceTo(ACTIVATED_NS + 9 * MS - 1);
        assertEquals(List.of("disconnect 2"), target.calls, "down from the first start, and still down");
        timer.advanceTo(ACTIVATED_NS + 20 * MS);
        assertEquals(List.of("disconnect 2", "reconnect 2"), target.calls);
        assertEquals(ACTIVATED_NS + 9 * MS, target.reconnectedAtNs, "back when the last of them ended");
    }

    @Test
    void shouldDisconnectEachClientOnItsOwn() {
        injector(timed(0, FaultKind.DISCONNECT, 0, 1 * MS, 5 * MS, 1.0),
                timed(1, FaultKind.DISCONNECT, 1, 2 * MS, 1 * MS, 1.0));

        timer.advanceTo(ACTIVATED_NS + 10 * MS);

        assertEquals(List.of("disconnect 0", "disconnect 1", "reconnect 1", "reconnect 0"), target.calls);
    }

    @Test
    void shouldStallTheDownstairsUntilTheStallsEnd() {
        injector(timed(0, FaultKind.STALL, 1, 1 * MS, 2 * MS, 1.0));

        assertEquals(NEVER, target.stallEndOf(1), "no stall before it starts");
        timer.advanceTo(ACTIVATED_NS + 2 * MS);
        assertEquals(ACTIVATED_NS + 3 * MS, target.stallEndOf(1));
        assertEquals(NEVER, target.stallEndOf(0));
        timer.advanceTo(ACTIVATED_NS + 3 * MS);
        assertEquals(NEVER, target.stallEndOf(1), "over at its end");
    }

    @Test
    void shouldStallUntilTheLatestEndOfOverlappingStalls() {
        injector(timed(0, FaultKind.STALL, 1, 1 * MS, 8 * MS, 1.0), timed(1, FaultKind.STALL, 1, 2 * MS, 2 * MS, 1.0));

        timer.advanceTo(ACTIVATED_NS + 3 * MS);
        assertEquals(ACTIVATED_NS + 9 * MS, target.stallEndOf(1));
        timer.advanceTo(ACTIVATED_NS + 5 * MS);
        assertEquals(ACTIVATED_NS + 9 * MS, target.stallEndOf(1), "the shorter stall's end does not cut the longer");
    }

    @Test
    void shouldKeepTheLargestErrorProbabilityAndClearItAtTheEnd() {
        injector(timed(0, FaultKind.ERRORS, 0, 0, 4 * MS, 1.0), timed(1, FaultKind.ERRORS, 0, 1 * MS, 1 * MS, 0.001));

        timer.advanceTo(ACTIVATED_NS + 1 * MS);
        assertTrue(target.failsEveryWrite(0), "probability 1 while it lasts, beside a smaller one");
        timer.advanceTo(ACTIVATED_NS + 2 * MS);
        assertTrue(target.failsEveryWrite(0), "the smaller one's end leaves the larger");
        timer.advanceTo(ACTIVATED_NS + 4 * MS);
        assertFalse(target.failsAnyWrite(0), "no errors after both");
    }

    // ---------------------------------------------------------------- finishing

    @Test
    void shouldDropFaultsNotYetStartedWhenFinishedEndThoseThatShapeIoAndLetAStallRunToItsEnd()
            throws InterruptedException {
        FaultInjector injector = injector(
                timed(0, FaultKind.STALL, 0, 1 * MS, 10 * MS, 1.0),
                timed(1, FaultKind.STALL, 1, 50 * MS, 1 * MS, 1.0),
                afterIos(2, FaultKind.DISCONNECT, 2, 100, 1 * MS),
                timed(3, FaultKind.SLOW, 2, 1 * MS, 10 * MS, 2.0));
        timer.advanceTo(ACTIVATED_NS + 2 * MS);
        assertEquals(2, injector.activeCount());

        injector.finish();
        assertFalse(injector.awaitEnded(System.nanoTime()), "the finish has not reached the timer yet");
        timer.runDue();
        assertEquals(1.0, target.slowFactorOf(2), 1e-9, "a slow fault ends with the workload");
        assertFalse(injector.awaitEnded(System.nanoTime()), "the stall is still in force");
        submit(injector, 200);
        timer.advanceTo(ACTIVATED_NS + 11 * MS);
        assertEquals(0, injector.activeCount());
        assertTrue(injector.awaitEnded(System.nanoTime()), "finished, and nothing in force");
        timer.advanceTo(ACTIVATED_NS + 100 * MS);

        assertEquals(List.of("fault-start 0 0 stall @" + (ACTIVATED_NS + 1 * MS),
                "fault-start 3 2 slow @" + (ACTIVATED_NS + 1 * MS),
                "fault-end 3 2 slow @" + (ACTIVATED_NS + 2 * MS),
                "fault-end 0 0 stall @" + (ACTIVATED_NS + 11 * MS)), log);
        assertEquals(List.of(), target.calls, "the dropped disconnect never cut the link");
        List<FaultRecord> records = injector.records();
        assertTrue(records.get(0).started());
        assertFalse(records.get(1).started());
        assertFalse(records.get(2).started());
        assertEquals(-1, records.get(1).startNs());
        assertEquals(-1, records.get(1).endNs());
        assertEquals(ACTIVATED_NS + 2 * MS, records.get(3).endNs());
    }

    @Test
    void shouldSayAFaultStillInForceHasNotEnded() {
        FaultInjector injector = injector(timed(0, FaultKind.STALL, 1, 1 * MS, 10 * MS, 1.0));
        timer.advanceTo(ACTIVATED_NS + 2 * MS);
        FaultRecord record = injector.records().get(0);
        assertTrue(record.started());
        assertFalse(record.ended());
        assertEquals(-1, record.endNs());
        assertEquals(false, record.describe(ACTIVATED_NS).get("ended"));
        assertEquals(null, record.describe(ACTIVATED_NS).get("end_ns"));
        assertTrue(record.summaryLine(ACTIVATED_NS).contains("from 0.001 s still in force when the run ended"),
                record.summaryLine(ACTIVATED_NS));
    }

    // ---------------------------------------------------------------- records

    @Test
    void shouldCountTheIosInFlightAtTheStartAndThoseOverlappingTheFault() {
        FaultInjector injector = injector(timed(0, FaultKind.SLOW, 0, 1 * MS, 2 * MS, 2.0));
        submit(injector, 5);
        complete(injector, 2);
        timer.advanceTo(ACTIVATED_NS + 1 * MS);

        submit(injector, 4);
        complete(injector, 6);
        timer.advanceTo(ACTIVATED_NS + 3 * MS);
        submit(injector, 10);
        complete(injector, 10);

        FaultRecord record = injector.records().get(0);
        assertEquals(ACTIVATED_NS + 1 * MS, record.startNs());
        assertEquals(ACTIVATED_NS + 3 * MS, record.endNs());
        assertEquals(3, record.inFlightAtStart(), "5 submitted, 2 completed");
        assertEquals(7, record.overlappingIos(), "3 in flight at its start and 4 submitted before its end");
    }

    @Test
    void shouldCountTheIosSoFarForAFaultStillInForce() {
        FaultInjector injector = injector(timed(0, FaultKind.SLOW, 0, 1 * MS, 20 * MS, 2.0));
        submit(injector, 2);
        timer.advanceTo(ACTIVATED_NS + 1 * MS);
        submit(injector, 3);

        FaultRecord record = injector.records().get(0);
        assertTrue(record.started());
        assertEquals(2, record.inFlightAtStart());
        assertEquals(5, record.overlappingIos());
    }

    @Test
    void shouldDescribeARecordWithTimesFromTheOriginAndNullsForAFaultThatNeverStarted() {
        FaultInjector injector = injector(timed(0, FaultKind.STALL, 1, 2 * MS, 3 * MS, 1.0),
                timed(1, FaultKind.DISCONNECT, 2, 50 * MS, 1 * MS, 1.0));
        submit(injector, 4);
        complete(injector, 1);
        timer.advanceTo(ACTIVATED_NS + 2 * MS);
        submit(injector, 2);
        timer.advanceTo(ACTIVATED_NS + 5 * MS);
        injector.finish();
        timer.advanceTo(ACTIVATED_NS + 100 * MS);

        List<FaultRecord> records = injector.records();
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("id", 0);
        started.put("kind", "stall");
        started.put("client", 1);
        started.put("started", true);
        started.put("start_ns", 2 * MS);
        started.put("ended", true);
        started.put("end_ns", 5 * MS);
        started.put("ios_in_flight_at_start", 3L);
        started.put("ios_overlapping", 5L);
        assertEquals(started, records.get(0).describe(injector.activatedNs()));
        assertEquals(List.copyOf(started.keySet()), List.copyOf(records.get(0).describe(0).keySet()),
                "keys in a fixed order");

        Map<String, Object> neverStarted = new LinkedHashMap<>();
        neverStarted.put("id", 1);
        neverStarted.put("kind", "disconnect");
        neverStarted.put("client", 2);
        neverStarted.put("started", false);
        neverStarted.put("start_ns", null);
        neverStarted.put("ended", false);
        neverStarted.put("end_ns", null);
        neverStarted.put("ios_in_flight_at_start", null);
        neverStarted.put("ios_overlapping", null);
        assertEquals(neverStarted, records.get(1).describe(injector.activatedNs()));
    }

    @Test
    void shouldRefuseAFaultInsideADownstairsItCannotReach() {
        target.unreachable = 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> injector(timed(0, FaultKind.SLOW, 1, 0, MS, 2.0)));
        assertEquals("fault 0: slow acts inside downstairs 1, which this run cannot reach", e.getMessage());
        injector(timed(0, FaultKind.DISCONNECT, 1, 0, MS, 1.0)); // a link fault needs no switches
    }

    // ---------------------------------------------------------------- fixtures

    /** @return an injector of {@code faults} on this test's timer and target, activated now */
    private FaultInjector injector(FaultSpec... faults) {
        ProbeConsumer recorder = new ProbeConsumer() {
            @Override
            public void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1) {
                throw new AssertionError("a fault probe fired without its kind: " + probe);
            }

            @Override
            public void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1,
                    String str2) {
                log.add(probe.name() + " " + arg0 + " " + arg1 + " " + str2 + " @" + timestampNs);
            }
        };
        registry.disableAll();
        registry.enable(FaultProbes.PROVIDER + "*:::", recorder);
        Probe start = registry.probes().stream().filter(p -> p.definition().equals(FaultProbes.faultStart()))
                .findFirst().orElseGet(() -> registry.create(FaultProbes.faultStart(), 1, timer));
        Probe end = registry.probes().stream().filter(p -> p.definition().equals(FaultProbes.faultEnd()))
                .findFirst().orElseGet(() -> registry.create(FaultProbes.faultEnd(), 1, timer));
        FaultInjector injector = new FaultInjector(List.of(faults), target, timer, start, end);
        injector.activated();
        return injector;
    }

    private static FaultSpec timed(int id, FaultKind kind, int client, long atNs, long durationNs, double factorOrP) {
        return new FaultSpec(id, kind, client, atNs, 0, durationNs, kind == FaultKind.SLOW ? factorOrP : 1.0,
                kind.takesProbability() ? factorOrP : 0.0);
    }

    private static FaultSpec afterIos(int id, FaultKind kind, int client, long ios, long durationNs) {
        return new FaultSpec(id, kind, client, -1, ios, durationNs, 1.0, kind.takesProbability() ? 1.0 : 0.0);
    }

    private static FaultSpec afterIos(int id, FaultKind kind, int client, long ios, long durationNs, double factor) {
        return new FaultSpec(id, kind, client, -1, ios, durationNs, factor, 0.0);
    }

    private static void submit(FaultInjector injector, int count) {
        for (int i = 0; i < count; i++) {
            injector.ioSubmitted();
        }
    }

    private static void complete(FaultInjector injector, int count) {
        for (int i = 0; i < count; i++) {
            injector.ioCompleted();
        }
    }

    /** A {@link FaultTimer} whose time moves only when told: actions run in (time, scheduling order). */
    static final class ManualFaultTimer implements FaultTimer, NanoClock {
        private record Scheduled(long atNs, long seq, Runnable action) {
        }

        private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) -> a.atNs != b.atNs
                ? Long.compare(a.atNs, b.atNs) : Long.compare(a.seq, b.seq));
        private long nowNs;
        private long seq;

        ManualFaultTimer(long startNs) {
            nowNs = startNs;
        }

        @Override
        public long nowNs() {
            return nowNs;
        }

        @Override
        public long nanoTime() {
            return nowNs;
        }

        @Override
        public void schedule(long atNs, Runnable action) {
            queue.add(new Scheduled(atNs, seq++, action));
        }

        /** Runs every action due by {@code timeNs}, each at its own time, then sets the time to it. */
        void advanceTo(long timeNs) {
            if (timeNs < nowNs) {
                throw new IllegalArgumentException("a timer cannot go back to " + timeNs + " from " + nowNs);
            }
            while (!queue.isEmpty() && queue.peek().atNs() <= timeNs) {
                Scheduled next = queue.poll();
                nowNs = Math.max(nowNs, next.atNs());
                next.action().run();
            }
            nowNs = timeNs;
        }

        void runDue() {
            advanceTo(nowNs);
        }
    }

    /**
     * Logs connection calls; each client's switches are real, and read back through a downstairs core built on them,
     * since they show nothing themselves: what a job would take, whether it would fail.
     */
    private final class RecordingTarget implements FaultTarget {
        private static final RegionDefinition REGION = new RegionDefinition(512, 8, 1);
        private static final long SERVICE_NS = 1_000;

        final List<String> calls = new ArrayList<>();
        final DownstairsFaults[] switches = {new DownstairsFaults(new SplittableRandom(1)),
                new DownstairsFaults(new SplittableRandom(2)), new DownstairsFaults(new SplittableRandom(3))};
        long reconnectedAtNs = -1;
        int unreachable = -1;
        boolean failKills;

        @Override
        public void disconnect(int clientId, String reason) {
            assertTrue(reason.contains("client " + clientId), reason);
            calls.add("disconnect " + clientId);
            log.add("disconnect " + clientId);
        }

        @Override
        public void reconnect(int clientId) {
            calls.add("reconnect " + clientId);
            log.add("reconnect " + clientId);
            reconnectedAtNs = timer.nowNs();
        }

        @Override
        public void kill(int clientId) {
            if (failKills) {
                throw new IllegalStateException("kill failed");
            }
            calls.add("kill " + clientId);
            log.add("kill " + clientId);
        }

        @Override
        public void restart(int clientId) {
            calls.add("restart " + clientId);
            log.add("restart " + clientId);
        }

        @Override
        public DownstairsFaults downstairsFaults(int clientId) {
            return clientId == unreachable ? null : switches[clientId];
        }

        /** @return how many times its normal service time one write takes on the client's downstairs now */
        double slowFactorOf(int clientId) {
            DownstairsCore core = core(clientId, SERVICE_NS, new ArrayList<>());
            long startNs = timer.nowNs();
            core.apply(new WriteRequest(1000, DependencyRange.NONE, 0, new byte[512]));
            return (core.busyUntilNs() - startNs) / (double) SERVICE_NS;
        }

        /** @return until when a write of no service time is held, or {@link #NEVER} when it finishes at once */
        long stallEndOf(int clientId) {
            DownstairsCore core = core(clientId, 0, new ArrayList<>());
            core.apply(new WriteRequest(1000, DependencyRange.NONE, 0, new byte[512]));
            return core.isBusy() ? core.busyUntilNs() : NEVER;
        }

        boolean failsEveryWrite(int clientId) {
            return failedWrites(clientId, 50) == 50;
        }

        boolean failsAnyWrite(int clientId) {
            return failedWrites(clientId, 50) > 0;
        }

        private int failedWrites(int clientId, int writes) {
            List<Object> replies = new ArrayList<>();
            DownstairsCore core = core(clientId, 0, replies);
            for (int i = 0; i < writes; i++) {
                core.apply(new WriteRequest(1000 + i, DependencyRange.NONE, 0, new byte[512]));
            }
            return (int) replies.stream().filter(r -> r instanceof WriteAck ack && ack.error() != null).count();
        }

        private DownstairsCore core(int clientId, long serviceNs, List<Object> replies) {
            DownstairsConfig config = DownstairsConfig.of(clientId, REGION).withFaults(switches[clientId]);
            DownstairsCore core = new DownstairsCore(config, Region.sparseInMemory(REGION), timer, new ProbeRegistry(),
                    replies::add, (op, jobId, ioSizeBytes) -> serviceNs);
            core.apply(new PromoteToActive(1));
            replies.clear();
            return core;
        }
    }
}
