package dev.cruciblesim.upstairs.runtime;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.upstairs.core.GuestCallback;
import dev.cruciblesim.upstairs.core.UpstairsCore;
import dev.cruciblesim.upstairs.core.UpstairsInput;

import java.util.function.Consumer;

/**
 * One preallocated slot of the upstairs inbox ring: an {@link UpstairsInput} for the core, or a
 * call to run on the core thread. Guest IO and replies, one per IO, fill this slot's own reusable
 * holders instead of allocating an input; anything else is published as the input it is. The core
 * thread applies the slot and clears every reference, so a slot never keeps a guest buffer or a
 * reply alive after it was handled.
 */
final class InboxEvent {
    /** What the core applies; null for a {@link #call}. */
    UpstairsInput input;
    /** A query run on the core thread between two inputs; null for an input. */
    Consumer<UpstairsCore> call;
    final GuestSlot guest = new GuestSlot();
    final ReplyHolder reply = new ReplyHolder();

    void publishGuest(IoOp op, long blockOffset, byte[] buffer, boolean pooledBuffer, GuestCallback callback) {
        guest.op = op;
        guest.blockOffset = blockOffset;
        guest.buffer = buffer;
        guest.pooledBuffer = pooledBuffer;
        guest.callback = callback;
        input = guest;
    }

    void publishReply(int clientId, Message.ToUpstairs message) {
        reply.set(clientId, message);
        input = reply;
    }

    /** @return the guest's callback if this slot carries a guest IO, else null */
    GuestCallback guestCallback() {
        return input == guest ? guest.callback : null;
    }

    /** @return the input's name for failure messages: READ, WRITE, FLUSH, REPLY, CONNECT, FLUSH_CHECK, ... */
    String describe() {
        if (input == null) {
            return "CALL";
        }
        if (input instanceof UpstairsInput.GuestRequest io) {
            return io.op().name();
        }
        if (input instanceof UpstairsInput.Reply) {
            return "REPLY";
        }
        if (input instanceof UpstairsInput.Connect) {
            return "CONNECT";
        }
        if (input instanceof UpstairsInput.Activate) {
            return "ACTIVATE";
        }
        if (input instanceof UpstairsInput.FlushCheck) {
            return "FLUSH_CHECK";
        }
        if (input instanceof UpstairsInput.StatusTick) {
            return "STATUS_TICK";
        }
        return input instanceof UpstairsInput.Fatal ? "FATAL" : input.getClass().getSimpleName();
    }

    void clear() {
        input = null;
        call = null;
        guest.op = null;
        guest.blockOffset = 0;
        guest.buffer = null;
        guest.pooledBuffer = false;
        guest.callback = null;
        reply.clear();
    }

    static final class GuestSlot implements UpstairsInput.GuestRequest {
        IoOp op;
        long blockOffset;
        byte[] buffer;
        boolean pooledBuffer;
        GuestCallback callback;

        @Override
        public boolean pooledBuffer() {
            return pooledBuffer;
        }

        @Override
        public IoOp op() {
            return op;
        }

        @Override
        public long blockOffset() {
            return blockOffset;
        }

        @Override
        public byte[] buffer() {
            return buffer;
        }

        @Override
        public GuestCallback callback() {
            return callback;
        }
    }
}
