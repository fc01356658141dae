package dev.cruciblesim.sim.protocol.wire;

/**
 * Bytes from the peer are not a frame this codec can accept. Checked, because it is the peer's fault, not ours: the
 * caller must decide what a bad peer costs (normally, closing the connection, since framing is lost).
 *
 * <p>The message says what was wrong and where: {@code "truncated at frame offset 12: job id needs 8 bytes, 3
 * remain"}. Offsets count from the first byte of the frame's length prefix; {@link FrameReader} reports the frame's
 * own offset in the stream instead, since it rejects frames before it has them.
 */
public final class WireFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a frame was rejected; each has its own test. */
    public enum Reason {
        LENGTH_OVER_LIMIT("length over limit"),
        LENGTH_UNDER_MINIMUM("length under minimum"),
        TRUNCATED("truncated"),
        TRAILING_BYTES("trailing bytes"),
        COUNT_EXCEEDS_FRAME("count exceeds frame"),
        UNKNOWN_TAG("unknown tag"),
        INVALID_BYTE("invalid byte"),
        INVALID_VALUE("invalid value");

        private final String words;

        Reason(String words) {
            this.words = words;
        }

        /** @return the words that start the exception's message */
        public String words() {
            return words;
        }
    }

    private final Reason reason;
    private final long offset;

    /**
     * @param offsetKind {@code "frame"} or {@code "stream"}: what {@code offset} counts from
     * @param offset     the byte offset the problem was found at: in the frame, or, from {@link FrameReader}, in the
     *               stream
     * @param detail     what exactly was wrong, e.g. {@code "job id needs 8 bytes, 3 remain"}
     */
    public WireFormatException(Reason reason, String offsetKind, long offset, String detail) {
        super(reason.words() + " at " + offsetKind + " offset " + offset + ": " + detail);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** @return the byte offset named in the message */
    public long offset() {
        return offset;
    }
}
