package dev.cruciblesim.upstairs.runtime;

import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.upstairs.core.UpstairsInput;

/**
 * A reused reply input: a runtime fills it, hands it to {@code UpstairsCore.apply}, which reads it
 * only during that call, and clears it. One per inbox slot in real time, one per upstairs in
 * virtual time, so that a reply costs no allocation beyond the message itself.
 */
final class ReplyHolder implements UpstairsInput.Reply {
    int clientId;
    Message.ToUpstairs message;

    void set(int client, Message.ToUpstairs reply) {
        this.clientId = client;
        this.message = reply;
    }

    void clear() {
        clientId = 0;
        message = null;
    }

    @Override
    public int clientId() {
        return clientId;
    }

    @Override
    public Message.ToUpstairs message() {
        return message;
    }
}
