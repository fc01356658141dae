package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.WriteRequest;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Hex, one-shot encoding and decoding, and comparison of messages by content, for the wire tests. */
final class WireTestSupport {
    private WireTestSupport() {
    }

    /** @return the bytes of hex pieces such as {@code "0c000000", "02000000"}, spaces allowed */
    static byte[] hex(String... pieces) {
        return HexFormat.of().parseHex(String.join("", pieces).replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** @return the hex of {@code buffer}'s remaining bytes, without moving its position */
    static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes);
        return hex(bytes);
    }

    /** @return one message's frame, encoded into a buffer that has to grow from nothing */
    static byte[] encode(Message message) {
        ByteBuffer out = new MessageEncoder().encode(message, ByteBuffer.allocate(0));
        out.flip();
        byte[] frame = new byte[out.remaining()];
        out.get(frame);
        return frame;
    }

    static Message decode(byte[] frame) throws WireFormatException {
        return new MessageDecoder().decode(ByteBuffer.wrap(frame));
    }

    /**
     * Asserts equal content. Needed because {@link WriteRequest} and {@link ReadResponse} compare their byte arrays
     * by identity (the in-process transport shares them), which a decoded copy can never pass.
     */
    static void assertSameMessage(Message expected, Message actual) {
        assertEquals(expected.getClass(), actual.getClass(), "message type");
        if (expected instanceof WriteRequest e && actual instanceof WriteRequest a) {
            assertEquals(e.jobId(), a.jobId(), "job id");
            assertEquals(e.dependencies(), a.dependencies(), "dependencies");
            assertEquals(e.blockOffset(), a.blockOffset(), "block offset");
            assertArrayEquals(e.data(), a.data(), "data");
            assertEquals(e.isStamped(), a.isStamped(), "stamped");
        } else if (expected instanceof ReadResponse e && actual instanceof ReadResponse a) {
            assertEquals(e.jobId(), a.jobId(), "job id");
            assertEquals(e.error(), a.error(), "error");
            assertArrayEquals(e.data(), a.data(), "data");
            assertNull(a.stamps(), "stamps");
        } else {
            assertEquals(expected, actual);
        }
    }
}
