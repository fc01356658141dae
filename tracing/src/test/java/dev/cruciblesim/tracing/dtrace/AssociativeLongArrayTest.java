package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AssociativeLongArrayTest {
    private final AssociativeLongArray array = new AssociativeLongArray();

    @Test
    void shouldTreatZeroAsNoEntry() {
        array.put(7, 100);
        assertEquals(100, array.get(7));

        array.put(7, 0);

        assertEquals(0, array.get(7));
        assertEquals(0, array.size());
    }

    @Test
    void shouldReadAndDeleteInOneStep() {
        array.put(1, 2, 50);

        assertEquals(50, array.remove(1, 2));
        assertEquals(0, array.remove(1, 2));
        assertEquals(0, array.get(1, 2));
    }

    @Test
    void shouldKeepTwoPartKeysApart() {
        array.put(1, 0, 10);
        array.put(1, 1, 11);
        array.put(0, 1, 12);

        assertEquals(10, array.get(1, 0));
        assertEquals(11, array.get(1, 1));
        assertEquals(12, array.get(0, 1));
    }

    @Test
    void shouldMatchAHashMapUnderRandomPutsAndRemoves() {
        Map<Long, Long> model = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long key = random.nextInt(3_000);
            if (random.nextInt(3) == 0) {
                assertEquals(model.getOrDefault(key, 0L), array.remove(key), "remove " + key);
                model.remove(key);
            } else {
                long value = 1 + random.nextInt(1_000_000);
                array.put(key, value);
                model.put(key, value);
            }
        }
        assertEquals(model.size(), array.size());
        for (long key = 0; key < 3_000; key++) {
            assertEquals(model.getOrDefault(key, 0L), array.get(key), "get " + key);
        }
    }

    /** The single-threaded table, with two-part keys, deletes by storing 0 and entries made before the switch. */
    @Test
    void shouldMatchAHashMapWhenSingleThreaded() {
        Map<List<Long>, Long> model = new HashMap<>();
        Random random = new Random(11);
        for (long key = 0; key < 100; key++) {
            array.put(key, key % 3, key + 1);
            model.put(List.of(key, key % 3), key + 1);
        }
        array.assumeSingleThreaded();
        for (int i = 0; i < 300_000; i++) {
            long key0 = 1000 + random.nextInt(2_000);
            long key1 = random.nextInt(3);
            List<Long> key = List.of(key0, key1);
            switch (random.nextInt(4)) {
                case 0 -> {
                    assertEquals(model.getOrDefault(key, 0L), array.remove(key0, key1), "remove " + key);
                    model.remove(key);
                }
                case 1 -> {
                    array.put(key0, key1, 0);
                    model.remove(key);
                }
                default -> {
                    long value = 1 + random.nextInt(1_000_000);
                    array.put(key0, key1, value);
                    model.put(key, value);
                }
            }
            if (i % 50_000 == 0) {
                assertEquals(model.size(), array.size());
            }
        }
        assertEquals(model.size(), array.size());
        for (long key0 = 0; key0 < 3_000; key0++) {
            for (long key1 = 0; key1 < 3; key1++) {
                assertEquals(model.getOrDefault(List.of(key0, key1), 0L), array.get(key0, key1), "get " + key0);
            }
        }
    }

    @Test
    void shouldServeManyThreadsWithDisjointKeys() throws Exception {
        int threads = 8;
        int perThread = 100_000;
        List<Thread> workers = new ArrayList<>();
        long[] mismatches = new long[threads];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            Thread worker = new Thread(() -> {
                for (long job = 0; job < perThread; job++) {
                    long key = job * threads + id;
                    array.put(key, key + 1);
                    if (job >= 10 && array.remove(key - 10L * threads) != key - 10L * threads + 1) {
                        mismatches[id]++;
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }

        for (long count : mismatches) {
            assertEquals(0, count);
        }
        assertEquals(threads * 10, array.size(), "each thread leaves its last 10 jobs in flight");
    }
}
