package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.Message;

import java.util.Objects;

/**
 * Everything that can happen to an upstairs, as one closed set of inputs that
 * {@link UpstairsCore#apply} takes one at a time. Each runtime only moves inputs to the core's
 * thread (a Disruptor inbox, an event scheduler, a test calling {@code apply}); what an input
 * means is decided in one place, the core. A new control action is one record here and one case
 * in the core.
 *
 * <p>Two cases are non-sealed interfaces rather than records, {@link GuestRequest} and
 * {@link Reply}, because they arrive once per IO: a runtime may hand the core a reused, mutable
 * holder (an inbox slot, a workload's own IO object) so that moving an input allocates nothing.
 * The core reads such a holder only during {@code apply} and keeps no reference to it.
 */
public sealed interface UpstairsInput {
    /** Opens negotiation: every client is sent {@code HereIAm}. */
    Connect CONNECT = new Connect();
    /** The guest asks to activate: clients that answered are promoted now, the rest when they answer. */
    Activate ACTIVATE = new Activate();
    /** The periodic flush check: an automatic flush if any IO arrived since the last flush. */
    FlushCheck FLUSH_CHECK = new FlushCheck();
    /** The periodic status tick: {@code up-status} fires once the upstairs is active. */
    StatusTick STATUS_TICK = new StatusTick();

    /** A guest read of {@code buffer.length} bytes at block {@code blockOffset}, data copied into {@code buffer}. */
    static GuestRequest read(long blockOffset, byte[] buffer, GuestCallback callback) {
        return new SubmittedIo(IoOp.READ, blockOffset, Objects.requireNonNull(buffer, "buffer"),
                Objects.requireNonNull(callback, "callback"));
    }

    /** A guest write of {@code data} at block {@code blockOffset}; the array is sent as is and must not change. */
    static GuestRequest write(long blockOffset, byte[] data, GuestCallback callback) {
        return new SubmittedIo(IoOp.WRITE, blockOffset, Objects.requireNonNull(data, "data"),
                Objects.requireNonNull(callback, "callback"));
    }

    /** A guest flush; {@code callback} may be null (the automatic flush is one). */
    static GuestRequest flush(GuestCallback callback) {
        return new SubmittedIo(IoOp.FLUSH, 0, null, callback);
    }

    /** A message from downstairs client {@code clientId}. */
    static Reply reply(int clientId, Message.ToUpstairs message) {
        return new DownstairsReply(clientId, Objects.requireNonNull(message, "message"));
    }

    /** Stops the upstairs from outside: every outstanding guest IO fails with {@code message}. */
    static Fatal fatal(String message) {
        return new Fatal(message);
    }

    /** Client {@code clientId}'s connection is gone: an active client goes Offline and its jobs are held. */
    static ClientLost clientLost(int clientId, String reason) {
        return new ClientLost(clientId, reason);
    }

    /** Client {@code clientId} is connected again: an Offline client negotiates, then replays. */
    static ClientReconnected clientReconnected(int clientId) {
        return new ClientReconnected(clientId);
    }

    record Connect() implements UpstairsInput {
    }

    /** @param reason what the link said, for the upstairs' failure message should it not be able to go on */
    record ClientLost(int clientId, String reason) implements UpstairsInput {
        public ClientLost {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record ClientReconnected(int clientId) implements UpstairsInput {
    }

    record Activate() implements UpstairsInput {
    }

    record FlushCheck() implements UpstairsInput {
    }

    record StatusTick() implements UpstairsInput {
    }

    /** @param message why the upstairs stops; every outstanding guest IO fails with it */
    record Fatal(String message) implements UpstairsInput {
        public Fatal {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * A guest read, write or flush. For a read, {@link #buffer()} receives the data before the
     * callback runs; for a write it is the data, handed to the downstairs as is; a flush has none.
     *
     * <p>Or a {@link #stamped()} read or write (virtual time's default payload, see
     * {@link dev.cruciblesim.sim.protocol.BlockStamp}): no bytes, {@link #buffer()} is null, the IO
     * covers {@link #blockCount()} blocks, a write carries {@link #stampToken()} and a read receives one
     * stamp per block in {@link #stampBuffer()}. The defaults describe an IO of bytes.
     */
    non-sealed interface GuestRequest extends UpstairsInput {
        IoOp op();

        long blockOffset();

        /** @return the read's destination or the write's data; null for a flush or a stamped IO */
        byte[] buffer();

        /** @return who hears the result; null only for a flush nobody waits for */
        GuestCallback callback();

        /** @return whether this read or write moves stamps instead of bytes */
        default boolean stamped() {
            return false;
        }

        /** @return a stamped IO's length in blocks */
        default int blockCount() {
            return 0;
        }

        /** @return a stamped write's token: each of its blocks then holds {@code BlockStamp.of(block, token)} */
        default long stampToken() {
            return 0;
        }

        /** @return a stamped read's destination, at least {@link #blockCount()} long: one stamp per block */
        default long[] stampBuffer() {
            return null;
        }

        /**
         * @return whether a write's {@link #buffer()} came from the upstairs' payload pool ({@code Guest.writeBuffer}):
         *         the upstairs then owns it and takes it back once the job retires; never true for a caller's own array
         */
        default boolean pooledBuffer() {
            return false;
        }
    }

    /** A message from one downstairs client. */
    non-sealed interface Reply extends UpstairsInput {
        int clientId();

        Message.ToUpstairs message();
    }

    /** A guest request as an immutable value, for callers that do not reuse a holder. */
    record SubmittedIo(IoOp op, long blockOffset, byte[] buffer, GuestCallback callback) implements GuestRequest {
        public SubmittedIo {
            Objects.requireNonNull(op, "op");
            if (op != IoOp.FLUSH) {
                Objects.requireNonNull(buffer, "buffer");
                Objects.requireNonNull(callback, "callback");
            }
        }
    }

    /** A stamped guest read or write as an immutable value (see {@link GuestRequest#stamped()}). */
    record StampedIo(IoOp op, long blockOffset, int blockCount, long stampToken, long[] stampBuffer,
            GuestCallback callback) implements GuestRequest {
        public StampedIo {
            if (op != IoOp.READ && op != IoOp.WRITE) {
                throw new IllegalArgumentException("only reads and writes carry stamps, got " + op);
            }
            Objects.requireNonNull(callback, "callback");
            if (op == IoOp.READ) {
                Objects.requireNonNull(stampBuffer, "stampBuffer");
            }
        }

        /** A stamped read of {@code blockCount} blocks at {@code blockOffset}, stamps copied into {@code buffer}. */
        public static StampedIo read(long blockOffset, int blockCount, long[] buffer, GuestCallback callback) {
            return new StampedIo(IoOp.READ, blockOffset, blockCount, 0, buffer, callback);
        }

        /** A stamped write of {@code blockCount} blocks at {@code blockOffset} with {@code token}. */
        public static StampedIo write(long blockOffset, int blockCount, long token, GuestCallback callback) {
            return new StampedIo(IoOp.WRITE, blockOffset, blockCount, token, null, callback);
        }

        @Override
        public byte[] buffer() {
            return null;
        }

        @Override
        public boolean stamped() {
            return true;
        }
    }

    /** A reply as an immutable value, for callers that do not reuse a holder. */
    record DownstairsReply(int clientId, Message.ToUpstairs message) implements Reply {
    }
}
