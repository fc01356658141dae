package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.Message;

import java.nio.ByteBuffer;

/**
 * Writes messages as frames ({@link MessageLayout}) into a buffer the caller keeps and reuses.
 *
 * <pre>
 *  ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
 *  out = encoder.encode(reply, out);      // appended at out's position; keep what is returned
 *  out.flip(); channel.write(out); out.compact();
 * </pre>
 *
 * <p>Allocation per message: none while the frame fits in the buffer, since fields go straight into it, block data
 * with one copy. Only when it does not fit is the buffer replaced by a larger one (see {@link WireWriter} for how
 * much larger), which the caller then keeps. Strings (errors only) are the exception: each is copied once to UTF-8.
 * Not done: writing a write's block data from its own array in a second, gathering write instead of copying it into
 * the buffer (Crucible H does that, {@code P@H:735-825}); wrapping the array would allocate a buffer per write.
 *
 * <p>One thread at a time: the encoder keeps per-call state so that it allocates nothing.
 */
public final class MessageEncoder {
    private final WireWriter writer = new WireWriter();

    /**
     * Appends {@code message}'s frame at {@code out}'s position and sets {@code out} to little-endian.
     *
     * @return the buffer now holding everything {@code out} held before its position, then the frame, with its
     *         position after the frame: {@code out} itself, or a larger copy of it when the frame did not fit
     * @throws IllegalArgumentException when the message cannot travel by wire (stamped payloads, a write without
     *                                  data, a read reply with both or neither of data and error, a negative int,
     *                                  a client id above 255) or its frame would exceed
     *                                  {@link MessageLayout#MAX_FRAME_BYTES}; {@code out}'s position is then as it
     *                                  was, and nothing before it has changed
     */
    public ByteBuffer encode(Message message, ByteBuffer out) {
        MessageLayout layout = MessageLayout.of(message);
        writer.begin(out);
        try {
            // The length prefix is a placeholder until finish() knows the size: sizing the message first would be
            // a second pass over every field, written a second time.
            writer.u32(0, "length");
            writer.u32(layout.tag(), "tag");
            layout.write(message, writer);
            return writer.finish();
        } catch (RuntimeException e) {
            writer.abandon();
            throw e;
        }
    }
}
