package dev.cruciblesim.bench.runset;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The set's scheduling: every member once, results in order, and a stop that starts no more. */
class RunSetExecutorTest {
    @Test
    void runsEveryMemberOnceAndGivesTheResultsInOrderWhateverOrderTheyEndIn() throws InterruptedException {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> results = new RunSetExecutor(3).runAll(20, (index, stop) -> {
            threads.add(Thread.currentThread().getName());
            // Later members end first.
            Thread.sleep(20 - index);
            return index;
        });
        assertEquals(java.util.stream.IntStream.range(0, 20).boxed().toList(), results);
        assertTrue(threads.size() <= 3 && threads.stream().allMatch(name -> name.startsWith("crucible-sim-set-")),
                threads.toString());
    }

    @Test
    void oneAtATimeRunsOnTheCallingThreadInOrder() throws InterruptedException {
        Thread caller = Thread.currentThread();
        List<Boolean> onCaller = new RunSetExecutor(1).runAll(3, (index, stop) -> Thread.currentThread() == caller);
        assertEquals(List.of(true, true, true), onCaller);
    }

    @Test
    void aStopAsksTheRunningMembersToStopAndStartsNoMore() throws InterruptedException {
        RunSetExecutor executor = new RunSetExecutor(2);
        CountDownLatch bothRunning = new CountDownLatch(2);
        Thread stopper = new Thread(() -> {
            try {
                bothRunning.await();
            } catch (InterruptedException e) {
                return;
            }
            executor.stop();
        });
        stopper.start();
        List<Boolean> stoppedWhileRunning = executor.runAll(10, (index, stop) -> {
            bothRunning.countDown();
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!stop.requested() && System.nanoTime() < deadlineNs) {
                Thread.onSpinWait();
            }
            return stop.requested();
        });
        stopper.join();
        assertEquals(List.of(true, true), stoppedWhileRunning, "the two running members stopped, no others started");
        assertTrue(executor.stopped());
    }
}
