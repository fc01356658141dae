package dev.cruciblesim.upstairs.runtime;

import dev.cruciblesim.upstairs.core.PayloadRecycler;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Write payloads for reuse, one free list per length: a guest thread takes one ({@link #acquire}), the core thread
 * gives it back when its job retires ({@link #recycle}). Revision O keeps every write until a flush retires it (the
 * automatic one comes every 5 s), so at 100,000 writes a second gigabytes of payloads live long enough for every
 * young collection to copy them; reused arrays stay in the old generation instead, and a write allocates nothing.
 *
 * <p>The free lists are unbounded: the pool holds as many payloads as were ever unretired at once, which is what the
 * heap had to hold anyway. Lengths that are not a multiple of {@value #LENGTH_UNIT_BYTES} bytes, or above
 * {@value #MAX_POOLED_BYTES}, are allocated as they come and not pooled.
 */
public final class WritePayloadPool implements PayloadRecycler {
    /** The smallest block size a region may have, so every whole-block length is a multiple of it. */
    static final int LENGTH_UNIT_BYTES = 512;
    static final int MAX_POOLED_BYTES = 1 << 20;
    /** References per chunk of a free list: 16 KiB of them, small beside the payloads they hold. */
    private static final int CHUNK_SIZE = 4096;
    private static final int MAX_POOLED_CHUNKS = 16;

    /** By length / {@value #LENGTH_UNIT_BYTES} - 1; made at a length's first use. */
    private final AtomicReferenceArray<MpmcUnboundedXaddArrayQueue<byte[]>> freeByLength =
            new AtomicReferenceArray<>(MAX_POOLED_BYTES / LENGTH_UNIT_BYTES);

    /**
     * @return an array of {@code lengthBytes} bytes, from the pool if it has one: its content is what an earlier
     *         write left there, so the caller fills all of it. Any thread.
     */
    public byte[] acquire(int lengthBytes) {
        MpmcUnboundedXaddArrayQueue<byte[]> free = freeList(lengthBytes);
        byte[] payload = free == null ? null : free.poll();
        return payload != null ? payload : new byte[lengthBytes];
    }

    /** Takes {@code payload} back for a later {@link #acquire} of its length; a length not pooled is dropped. */
    @Override
    public void recycle(byte[] payload) {
        MpmcUnboundedXaddArrayQueue<byte[]> free = freeList(payload.length);
        if (free != null) {
            free.offer(payload);
        }
    }

    /** @return payloads waiting for reuse, over every length (a scan: for tests and reports) */
    public long pooledCount() {
        long count = 0;
        for (int i = 0; i < freeByLength.length(); i++) {
            MpmcUnboundedXaddArrayQueue<byte[]> free = freeByLength.get(i);
            count += free == null ? 0 : free.size();
        }
        return count;
    }

    private MpmcUnboundedXaddArrayQueue<byte[]> freeList(int lengthBytes) {
        if (lengthBytes <= 0 || lengthBytes > MAX_POOLED_BYTES || lengthBytes % LENGTH_UNIT_BYTES != 0) {
            return null;
        }
        int index = lengthBytes / LENGTH_UNIT_BYTES - 1;
        MpmcUnboundedXaddArrayQueue<byte[]> free = freeByLength.get(index);
        if (free == null) {
            freeByLength.compareAndSet(index, null, new MpmcUnboundedXaddArrayQueue<>(CHUNK_SIZE, MAX_POOLED_CHUNKS));
            free = freeByLength.get(index);
        }
        return free;
    }
}
