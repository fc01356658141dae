package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Several threads fire into the same aggregations at once; the merged totals must be exact. */
class ConcurrentAggregationTest {
    private static final int THREADS = 8;
    private static final int FIRINGS_PER_THREAD = 50_000;

    @Test
    void shouldMergeEveryThreadsShardExactly() throws Exception {
        DProgram program = new DProgram();
        Aggregation calls = program.aggregation("calls", AggregationFunction.count(), KeyType.STRING, KeyType.INT64);
        Aggregation latency = program.aggregation("latency", AggregationFunction.quantize(), KeyType.STRING);
        Aggregation total = program.aggregation("total", AggregationFunction.sum());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final long client = t % 3;
            Thread thread = new Thread(() -> {
                awaitQuietly(go);
                for (int i = 0; i < FIRINGS_PER_THREAD; i++) {
                    calls.aggregate("op", client, 0);
                    latency.aggregate(i % 2 == 0 ? "even" : "odd", 1L << (i % 20));
                    total.aggregate(i);
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        long callsTotal = 0;
        for (AggregationRecord record : calls.snapshot()) {
            long client = record.key().number(1);
            long threadsOnClient = (THREADS - client + 2) / 3;
            assertEquals(threadsOnClient * FIRINGS_PER_THREAD, record.value(), "client " + client);
            callsTotal += record.value();
        }
        assertEquals((long) THREADS * FIRINGS_PER_THREAD, callsTotal);
        for (AggregationRecord record : latency.snapshot()) {
            assertEquals((long) THREADS * FIRINGS_PER_THREAD / 2, record.value(), record.key().toString());
            // i % 20 cycles, so every power of two fired 1/20 of the time; "even" starts at 1, "odd" at 2.
            long smallestValue = record.key().string(0).equals("even") ? 1 : 2;
            assertEquals((long) THREADS * FIRINGS_PER_THREAD / 20, record.quantizeBucketCount(smallestValue));
        }
        long perThreadSum = (long) FIRINGS_PER_THREAD * (FIRINGS_PER_THREAD - 1) / 2;
        assertEquals(THREADS * perThreadSum, total.snapshot().get(0).value());
    }

    @Test
    void shouldPrintWhileOtherThreadsFire() throws Exception {
        DProgram program = new DProgram();
        Aggregation calls = program.aggregation("calls", AggregationFunction.count(), KeyType.INT64);
        Thread writer = new Thread(() -> {
            for (long i = 0; i < 200_000; i++) {
                calls.aggregate(i % 5_000, 0);
            }
        });
        writer.start();
        while (writer.isAlive()) {
            // Growing tables and half-updated counters must never break a concurrent print.
            program.renderUnprinted();
        }
        writer.join();

        long total = calls.snapshot().stream().mapToLong(AggregationRecord::value).sum();
        assertEquals(200_000, total);
        assertEquals(5_000, calls.snapshot().size());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
