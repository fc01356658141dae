package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.wire.GoldenFrames.GoldenFrame;
import dev.cruciblesim.sim.protocol.wire.WireFormatException.Reason;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.assertSameMessage;
import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameReaderTest {
    private final MessageDecoder decoder = new MessageDecoder();

    @Test
    void shouldAssembleEveryGoldenFrameSplitAtEveryByteBoundary() throws WireFormatException {
        for (GoldenFrame golden : GoldenFrames.ALL) {
            byte[] frame = golden.frame();
            for (int split = 0; split <= frame.length; split++) {
                FrameReader reader = new FrameReader(MessageLayout.LENGTH_PREFIX_BYTES);
                ByteBuffer first = ByteBuffer.wrap(frame, 0, split);
                ByteBuffer whole = reader.nextFrame(first);
                assertEquals(0, first.remaining(), "every byte of a partial frame is taken");
                if (split < frame.length) {
                    assertNull(whole, golden + " split at " + split);
                    assertEquals(split, reader.bufferedBytes());
                    whole = reader.nextFrame(ByteBuffer.wrap(frame, split, frame.length - split));
                }
                assertNotNull(whole, golden + " split at " + split);
                assertEquals(hex(frame), hex(whole), golden + " split at " + split);
                assertSameMessage(golden.message(), decoder.decode(whole));
            }
        }
    }

    @Test
    void shouldAssembleAFrameFedOneByteAtATime() throws WireFormatException {
        byte[] frame = GoldenFrames.ALL.get(0).frame();
        FrameReader reader = new FrameReader(MessageLayout.LENGTH_PREFIX_BYTES);
        for (int i = 0; i < frame.length - 1; i++) {
            assertNull(reader.nextFrame(ByteBuffer.wrap(frame, i, 1)));
        }
        assertEquals(hex(frame), hex(reader.nextFrame(ByteBuffer.wrap(frame, frame.length - 1, 1))));
    }

    @Test
    void shouldHandOutEveryFrameOfOneChunkInOrder() throws WireFormatException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (GoldenFrame golden : GoldenFrames.ALL) {
            stream.writeBytes(golden.frame());
        }
        byte[] firstHalf = GoldenFrames.ALL.get(0).frame();
        stream.write(firstHalf, 0, firstHalf.length / 2); // and half of one more
        ByteBuffer chunk = ByteBuffer.wrap(stream.toByteArray());

        FrameReader reader = new FrameReader();
        List<Message> messages = new ArrayList<>();
        for (ByteBuffer frame; (frame = reader.nextFrame(chunk)) != null; ) {
            messages.add(decoder.decode(frame));
        }
        assertEquals(GoldenFrames.ALL.size(), messages.size());
        for (int i = 0; i < messages.size(); i++) {
            assertSameMessage(GoldenFrames.ALL.get(i).message(), messages.get(i));
        }
        assertEquals(0, chunk.remaining());
        assertEquals(firstHalf.length / 2, reader.bufferedBytes(), "the half frame waits for the rest");
    }

    @Test
    void shouldRejectALengthPrefixOverTheLimitBeforeBufferingAnyBody() {
        byte[] stream = new byte[4 + 1000];
        ByteBuffer.wrap(stream).putInt(Integer.reverseBytes(MessageLayout.MAX_FRAME_BYTES + 1));
        ByteBuffer chunk = ByteBuffer.wrap(stream);
        FrameReader reader = new FrameReader(MessageLayout.LENGTH_PREFIX_BYTES);

        WireFormatException e = assertThrows(WireFormatException.class, () -> reader.nextFrame(chunk));
        assertEquals(Reason.LENGTH_OVER_LIMIT, e.reason());
        assertTrue(e.getMessage().startsWith("length over limit at stream offset 0: length prefix says 104857601"),
                e.getMessage());
        assertEquals(4, chunk.position(), "only the prefix was taken");
        assertEquals(4, reader.bufferedBytes(), "no byte of the body was buffered");
    }

    @Test
    void shouldRejectALengthPrefixUnderTheMinimumAtItsStreamOffset() throws WireFormatException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(GoldenFrames.ALL.get(0).frame());
        stream.writeBytes(hex("07000000"));
        ByteBuffer chunk = ByteBuffer.wrap(stream.toByteArray());
        FrameReader reader = new FrameReader();
        assertNotNull(reader.nextFrame(chunk));

        WireFormatException e = assertThrows(WireFormatException.class, () -> reader.nextFrame(chunk));
        assertEquals(Reason.LENGTH_UNDER_MINIMUM, e.reason());
        assertEquals(GoldenFrames.ALL.get(0).frame().length, e.offset(), "the second frame's place in the stream");
        assertTrue(e.getMessage().contains("length under minimum at stream offset 36"), e.getMessage());
    }

    @Test
    void shouldRefuseToGoOnAfterRejectingTheStream() {
        FrameReader reader = new FrameReader();
        assertThrows(WireFormatException.class, () -> reader.nextFrame(ByteBuffer.wrap(hex("ffffffff"))));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> reader.nextFrame(ByteBuffer.wrap(GoldenFrames.ALL.get(0).frame())));
        assertTrue(e.getMessage().contains("rejected earlier: length over limit"), e.getMessage());
    }

    @Test
    void shouldGrowOnlyAsTheBodyArrives() throws WireFormatException {
        // A peer announces 100 MiB and sends 100 bytes of it: the reader holds about that, not 100 MiB.
        ByteBuffer chunk = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
        chunk.putInt(MessageLayout.MAX_FRAME_BYTES).putInt(MessageLayout.WRITE_REQUEST.tag()).position(0);
        FrameReader reader = new FrameReader(16);
        assertNull(reader.nextFrame(chunk));
        assertEquals(100, reader.bufferedBytes());
        assertTrue(reader.capacityBytes() <= 2 * 100, "capacity " + reader.capacityBytes());
    }
}
