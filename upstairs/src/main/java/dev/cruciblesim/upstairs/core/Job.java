package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.WriteRequest;

/**
 * One downstairs job (revision O: one per guest IO), with its state on each of the three clients.
 * Instances live in the {@link JobTable}'s ring and are reused after retirement, so submitting an IO
 * allocates no job object.
 */
final class Job {
    static final byte NEW = 0;
    static final byte IN_PROGRESS = 1;
    static final byte DONE = 2;
    static final byte SKIPPED = 3;
    static final byte ERROR = 4;

    static final byte NOT_ACKED = 0;
    static final byte ACK_READY = 1;
    static final byte ACKED = 2;

    long jobId;
    long guestId;
    IoOp op;
    long blockOffset;
    int blockCount;
    /** The request sent to all three clients: one immutable message shared by them. */
    Message.ToDownstairs request;
    final byte[] clientState = new byte[UpstairsCore.CLIENT_COUNT];
    byte ackStatus;
    int okCount;
    int errorCount;
    int terminalCount;
    /** Read: the data of the first OK reply, which the later replies must match. */
    byte[] readData;
    int readDataClient;
    /** Read: where the guest wants the data. */
    byte[] guestBuffer;
    /** Whether the job moves stamps rather than bytes (its read replies then carry stamps). */
    boolean stamped;
    /** Stamped read: the stamps of the first OK reply, and where the guest wants them; null for bytes. */
    long[] readStamps;
    long[] guestStamps;
    GuestCallback callback;
    /** Sent again to a client after it reconnected: its read reply may differ and is not compared (as O). */
    boolean replayed;
    /** Write: the payload is the upstairs' pooled array, recycled when the job retires (see {@link PayloadRecycler}). */
    boolean pooledPayload;
    /**
     * A pooled write's request that no reader holds any more, kept in this slot across jobs (reset leaves it) for the
     * slot's next pooled write to refill; null when there is none to reuse.
     */
    WriteRequest spareWrite;

    void reset() {
        jobId = 0;
        guestId = 0;
        op = null;
        blockOffset = 0;
        blockCount = 0;
        request = null;
        for (int i = 0; i < clientState.length; i++) {
            clientState[i] = NEW;
        }
        ackStatus = NOT_ACKED;
        okCount = 0;
        errorCount = 0;
        terminalCount = 0;
        readData = null;
        readDataClient = -1;
        guestBuffer = null;
        stamped = false;
        readStamps = null;
        guestStamps = null;
        callback = null;
        replayed = false;
        pooledPayload = false;
    }

    /** @return whether every client answered the job (done or error), so that none still holds its request */
    boolean everyClientAnswered() {
        for (byte state : clientState) {
            if (state != DONE && state != ERROR) {
                return false;
            }
        }
        return true;
    }

    boolean allTerminal() {
        return terminalCount == UpstairsCore.CLIENT_COUNT;
    }

    static String stateName(byte state) {
        switch (state) {
            case NEW:
                return "New";
            case IN_PROGRESS:
                return "Sent";
            case DONE:
                return "Done";
            case SKIPPED:
                return "Skip";
            case ERROR:
                return "Err";
            default:
                return "?" + state;
        }
    }
}
