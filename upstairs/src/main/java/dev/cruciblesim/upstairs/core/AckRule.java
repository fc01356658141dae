package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.IoOp;

/**
 * How many OK replies make a job ready to ack: the place where revisions differ (H acks writes
 * at submission). If every client ends without reaching the quorum, the job is acked anyway
 * once all three are terminal, with an error result where the rule says so.
 */
public interface AckRule {
    int okRepliesToAck(IoOp op);

    /** Revision O: a read at the 1st OK, a write or flush at the 2nd. */
    AckRule REVISION_O = op -> op == IoOp.READ ? 1 : 2;
}
