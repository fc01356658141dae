package dev.cruciblesim.upstairs.runtime;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WritePayloadPoolTest {
    private final WritePayloadPool pool = new WritePayloadPool();

    @Test
    void shouldHandBackARecycledArrayForItsOwnLengthOnly() {
        byte[] fourKib = pool.acquire(4096);
        assertEquals(4096, fourKib.length);
        pool.recycle(fourKib);
        assertEquals(1, pool.pooledCount());

        byte[] eightKib = pool.acquire(8192);
        assertNotSame(fourKib, eightKib);
        assertEquals(8192, eightKib.length);
        assertSame(fourKib, pool.acquire(4096));
        assertEquals(0, pool.pooledCount());
        assertNotSame(fourKib, pool.acquire(4096), "taken once, it is the taker's");
    }

    @Test
    void shouldNotPoolLengthsNoRegionCouldWriteOrVeryLargeOnes() {
        pool.recycle(new byte[1000]);
        pool.recycle(new byte[WritePayloadPool.MAX_POOLED_BYTES + WritePayloadPool.LENGTH_UNIT_BYTES]);
        pool.recycle(new byte[0]);
        assertEquals(0, pool.pooledCount());
        assertEquals(1000, pool.acquire(1000).length);
    }

    @Test
    void shouldGiveEachRecycledArrayToOneTakerAmongManyThreads() throws Exception {
        int arrays = 10_000;
        for (int i = 0; i < arrays; i++) {
            pool.recycle(new byte[512]);
        }
        Set<byte[]> taken = ConcurrentHashMap.newKeySet();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        Thread[] takers = new Thread[threads];
        int[] duplicates = new int[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            takers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                Set<byte[]> mine = new HashSet<>();
                for (int i = 0; i < arrays / threads; i++) {
                    byte[] payload = pool.acquire(512);
                    if (!taken.add(payload) || !mine.add(payload)) {
                        duplicates[index]++;
                    }
                }
            });
            takers[t].start();
        }
        start.countDown();
        for (Thread taker : takers) {
            taker.join();
        }
        for (int count : duplicates) {
            assertEquals(0, count, "an array went to two takers");
        }
        assertEquals(arrays, taken.size());
        assertEquals(0, pool.pooledCount());
        assertTrue(taken.stream().allMatch(payload -> payload.length == 512));
    }
}
