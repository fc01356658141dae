package dev.cruciblesim.upstairs.runtime;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.upstairs.core.GuestCallback;
import dev.cruciblesim.upstairs.core.GuestIoValidator;
import dev.cruciblesim.upstairs.core.UpstairsInput;

import java.util.concurrent.CompletableFuture;

/**
 * The block device a guest sees: reads, writes and flushes addressed in blocks, completed through a
 * callback (no allocation beyond the IO itself) or a future. Safe to call from any number of threads.
 *
 * <p>Requests that are empty, not a whole number of blocks, outside the volume, or made before the
 * upstairs is active fail at once with a message naming the request, and touch nothing: no guest id
 * is taken and no probe fires. Callbacks run on the upstairs core thread; they must return quickly and
 * must not wait for another IO.
 */
public final class Guest {
    private final UpstairsRuntime runtime;

    Guest(UpstairsRuntime runtime) {
        this.runtime = runtime;
    }

    /** @return the volume's geometry, or null before activation */
    public RegionDefinition region() {
        return runtime.region();
    }

    /** Reads {@code buffer.length} bytes from block {@code blockOffset} into {@code buffer}. */
    public void read(long blockOffset, byte[] buffer, GuestCallback callback) {
        submit(IoOp.READ, blockOffset, buffer, false, callback);
    }

    /**
     * Writes {@code data} at block {@code blockOffset}. The array is handed to the downstairs as is:
     * the caller must not change it afterwards (use {@link #write(long, byte[])} for a copying variant).
     */
    public void write(long blockOffset, byte[] data, GuestCallback callback) {
        submit(IoOp.WRITE, blockOffset, data, false, callback);
    }

    /**
     * @return an array of {@code lengthBytes} for a write's data, from the upstairs' payload pool: fill all of it (it
     *         holds an earlier write's bytes) and submit it with {@link UpstairsInput.GuestRequest#pooledBuffer} true or
     *         through {@link #writePooled}. The upstairs owns it from then on and reuses it once the write retires, so
     *         the caller must neither keep nor change it after submitting it. Any thread.
     */
    public byte[] writeBuffer(int lengthBytes) {
        return runtime.payloadPool().acquire(lengthBytes);
    }

    /** Writes {@code data}, an array from {@link #writeBuffer}, handing it to the upstairs for good. */
    public void writePooled(long blockOffset, byte[] data, GuestCallback callback) {
        submit(IoOp.WRITE, blockOffset, data, true, callback);
    }

    public void flush(GuestCallback callback) {
        submit(IoOp.FLUSH, 0, null, false, callback);
    }

    /**
     * Submits a request the caller keeps and reuses (a workload's IO object): its fields are read
     * here, on the calling thread, so it may be reused once its callback has run.
     */
    public void submit(UpstairsInput.GuestRequest request) {
        if (request.stamped()) {
            // Real time moves real bytes: stamps stand for them only in the model (virtual time).
            request.callback().onComplete(request.op().probeName() + " rejected: a real-time guest moves bytes, "
                    + "not stamps");
            return;
        }
        submit(request.op(), request.blockOffset(), request.buffer(),
                request.op() == IoOp.WRITE && request.pooledBuffer(), request.callback());
    }

    private void submit(IoOp op, long blockOffset, byte[] buffer, boolean pooledBuffer, GuestCallback callback) {
        String refusal = runtime.refusal();
        String error = refusal != null ? op.probeName() + " rejected: " + refusal
                : op == IoOp.FLUSH ? null : GuestIoValidator.check(op, blockOffset, buffer.length, runtime.region());
        if (error != null) {
            callback.onComplete(error);
            return;
        }
        runtime.publishIo(op, blockOffset, buffer, pooledBuffer, callback);
    }

    public CompletableFuture<Void> read(long blockOffset, byte[] buffer) {
        GuestFuture done = new GuestFuture();
        read(blockOffset, buffer, done);
        return done;
    }

    /** Writes a copy of {@code data} (in a pooled array), so the caller may reuse its array at once. */
    public CompletableFuture<Void> write(long blockOffset, byte[] data) {
        GuestFuture done = new GuestFuture();
        byte[] copy = writeBuffer(data.length);
        System.arraycopy(data, 0, copy, 0, data.length);
        writePooled(blockOffset, copy, done);
        return done;
    }

    public CompletableFuture<Void> flush() {
        GuestFuture done = new GuestFuture();
        flush(done);
        return done;
    }

    /** A future that is its own callback: one object per IO for callers that want a future, not two. */
    private static final class GuestFuture extends CompletableFuture<Void> implements GuestCallback {
        @Override
        public void onComplete(String error) {
            if (error == null) {
                complete(null);
            } else {
                completeExceptionally(new GuestIoException(error));
            }
        }
    }
}
