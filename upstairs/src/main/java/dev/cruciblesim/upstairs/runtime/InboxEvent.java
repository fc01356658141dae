package dev.cruciblesim.upstairs.runtime;

import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.upstairs.core.GuestCallback;
import dev.cruciblesim.upstairs.core.UpstairsCore;

import java.util.function.Consumer;

/**
 * One preallocated slot of the upstairs inbox ring. Producers fill the fields for their kind and
 * publish; the core thread applies the event and clears every reference, so a slot never keeps a
 * guest buffer or a reply alive after it was handled.
 */
final class InboxEvent {
    enum Kind { CONNECT, ACTIVATE, READ, WRITE, FLUSH, REPLY, FLUSH_CHECK, STATUS_TICK, CALL }

    Kind kind;
    long blockOffset;
    byte[] data;
    GuestCallback callback;
    int clientId;
    Message.ToUpstairs reply;
    Consumer<UpstairsCore> call;

    void clear() {
        kind = null;
        blockOffset = 0;
        data = null;
        callback = null;
        clientId = 0;
        reply = null;
        call = null;
    }
}
