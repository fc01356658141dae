package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.wire.WireFormatException.Reason;

import java.nio.ByteBuffer;

/**
 * Reads one whole frame ({@link MessageLayout}) back into a message, rejecting with {@link WireFormatException}
 * anything that is not exactly one valid frame; nothing else escapes, whatever the bytes.
 *
 * <p>Allocation per message: the message object and its arrays (block data for IO). Where that is not achieved:
 * requests also allocate their {@link dev.cruciblesim.sim.protocol.DependencyRange} unless it is empty, since the
 * message types hold one; error strings and the reconciliation messages' addresses allocate what they hold.
 *
 * <p>One thread at a time: the decoder reuses its reading state for every frame.
 */
public final class MessageDecoder {
    private final WireReader reader = new WireReader();

    /**
     * Decodes the frame between {@code frame}'s position and limit, length prefix included; the buffer's byte order
     * does not matter. On success the position moves to the limit; on failure it stays.
     */
    public Message decode(ByteBuffer frame) throws WireFormatException {
        int start = frame.position();
        int availableBytes = frame.remaining();
        reader.reset(frame, start, frame.limit());
        long lengthBytes = reader.u32("length prefix");
        if (lengthBytes > MessageLayout.MAX_FRAME_BYTES) {
            throw new WireFormatException(Reason.LENGTH_OVER_LIMIT, "frame", 0, "length prefix says " + lengthBytes
                    + " bytes, the limit is " + MessageLayout.MAX_FRAME_BYTES);
        }
        if (lengthBytes < MessageLayout.MIN_FRAME_BYTES) {
            throw new WireFormatException(Reason.LENGTH_UNDER_MINIMUM, "frame", 0, "length prefix says "
                    + lengthBytes + " bytes, a frame has at least " + MessageLayout.MIN_FRAME_BYTES);
        }
        if (lengthBytes > availableBytes) {
            throw new WireFormatException(Reason.TRUNCATED, "frame", availableBytes, "length prefix says "
                    + lengthBytes + " bytes, the frame ends after " + availableBytes);
        }
        if (lengthBytes < availableBytes) {
            throw new WireFormatException(Reason.TRAILING_BYTES, "frame", lengthBytes, (availableBytes - lengthBytes)
                    + " bytes follow the " + lengthBytes + " bytes the length prefix says");
        }
        reader.limitFrame((int) lengthBytes);
        long tag = reader.u32("tag");
        MessageLayout layout = MessageLayout.ofTag(tag);
        if (layout == null) {
            throw new WireFormatException(Reason.UNKNOWN_TAG, "frame", MessageLayout.LENGTH_PREFIX_BYTES,
                    "no message has tag " + tag);
        }
        Message message;
        try {
            message = layout.read(reader);
        } catch (IllegalArgumentException e) {
            // A message type refused the fields it was given (a region geometry out of range, say).
            throw reader.invalid(MessageLayout.MIN_FRAME_BYTES, layout.messageType().getSimpleName()
                    + " refused its fields: " + e.getMessage());
        }
        reader.expectEnd(layout.messageType().getSimpleName());
        frame.position(frame.limit());
        return message;
    }
}
