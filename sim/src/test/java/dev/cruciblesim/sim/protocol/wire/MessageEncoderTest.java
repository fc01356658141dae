package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ExtentFlush;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.Ruok;
import dev.cruciblesim.sim.protocol.WriteRequest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.assertSameMessage;
import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageEncoderTest {
    /** Job id, dependencies, block offset and data length: a write frame's size is its data's plus this. */
    private static final int WRITE_FRAME_OVERHEAD_BYTES = MessageLayout.MIN_FRAME_BYTES + 8 + 16 + 8 + 4;

    private final MessageEncoder encoder = new MessageEncoder();

    @Test
    void shouldRefuseAStampedWrite() {
        WriteRequest stamped = WriteRequest.stamped(1001, DependencyRange.NONE, 0, 8, 12);
        IllegalArgumentException e = assertRefused(stamped);
        assertTrue(e.getMessage().contains("stamped write") && e.getMessage().contains("virtual time"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAStampedReadReply() {
        IllegalArgumentException e = assertRefused(ReadResponse.ofStamps(1001, new long[] {1, 2}));
        assertTrue(e.getMessage().contains("stamped read reply") && e.getMessage().contains("virtual time"),
                e.getMessage());
    }

    @Test
    void shouldRefuseMessagesTheWireCannotCarry() {
        assertRefused(new WriteRequest(1001, DependencyRange.NONE, 0, null));
        assertRefused(new ReadResponse(1001, null, null));
        assertRefused(new ReadResponse(1001, new byte[1], "both"));
        assertTrue(assertRefused(new HereIAm(-1, 7)).getMessage().contains("version must not be negative"));
        assertTrue(assertRefused(new ReadRequest(1001, DependencyRange.NONE, 0, -1)).getMessage()
                .contains("block count must not be negative"));
        assertTrue(assertRefused(new ExtentFlush(1, 2, 256, 3, 4)).getMessage().contains("client id"));
    }

    @Test
    void shouldWriteIntoTheCallersBufferWhenTheFrameFits() {
        ByteBuffer out = ByteBuffer.allocate(64);
        ByteBuffer returned = encoder.encode(new Ruok(), out);
        returned = encoder.encode(new Ruok(), returned);
        assertSame(out, returned);
        assertEquals(16, out.position());
        assertEquals(ByteOrder.LITTLE_ENDIAN, out.order());
        assertEquals("08000000" + "14000000" + "08000000" + "14000000", hex(flipped(out)));
    }

    @Test
    void shouldGrowIntoANewBufferKeepingTheFramesBeforeIt() {
        ByteBuffer out = ByteBuffer.allocate(12);
        out = encoder.encode(new Ruok(), out);
        ByteBuffer grown = encoder.encode(new HereIAm(1, 0x0102030405060708L), out);
        assertNotSame(out, grown);
        assertEquals(WireWriter.MIN_GROWN_CAPACITY_BYTES, grown.capacity(), "doubling 12 is less than the minimum");
        assertEquals("08000000" + "14000000" + "24000000" + "01000000" + "01000000" + "0807060504030201"
                + "00".repeat(16),
                hex(flipped(grown)));
    }

    @Test
    void shouldGrowByExactlyWhatALargeFrameNeeds() {
        ByteBuffer grown = encoder.encode(write(new byte[10_000]), ByteBuffer.allocate(300));
        assertEquals(10_000 + WRITE_FRAME_OVERHEAD_BYTES, grown.capacity());
    }

    @Test
    void shouldKeepADirectBufferDirectWhenGrowing() {
        ByteBuffer grown = encoder.encode(write(new byte[1000]), ByteBuffer.allocateDirect(16));
        assertTrue(grown.isDirect());
        assertEquals(1000 + WRITE_FRAME_OVERHEAD_BYTES, grown.position());
    }

    @Test
    void shouldLeaveTheBufferAsItWasWhenRefusing() {
        ByteBuffer out = encoder.encode(new Ruok(), ByteBuffer.allocate(16));
        assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(WriteRequest.stamped(1, DependencyRange.NONE, 0, 1, 1), out));
        assertEquals(8, out.position());
        assertSame(out, encoder.encode(new Ruok(), out), "the encoder is usable after a refusal");
        assertEquals("08000000" + "14000000" + "08000000" + "14000000", hex(flipped(out)));
    }

    @Test
    void shouldEncodeAFrameOfExactlyTheLimitAndRefuseOneByteMore() throws WireFormatException {
        byte[] data = new byte[MessageLayout.MAX_FRAME_BYTES - WRITE_FRAME_OVERHEAD_BYTES];
        data[data.length - 1] = 42;
        ByteBuffer small = ByteBuffer.allocate(8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(write(new byte[data.length + 1]), small));
        assertTrue(e.getMessage().contains("limit of " + MessageLayout.MAX_FRAME_BYTES), e.getMessage());
        assertEquals(0, small.position(), "the refused frame left nothing behind");

        ByteBuffer frame = flipped(encoder.encode(write(data), small));
        assertEquals(MessageLayout.MAX_FRAME_BYTES, frame.remaining());
        assertSameMessage(write(data), new MessageDecoder().decode(frame));
    }

    private static WriteRequest write(byte[] data) {
        return new WriteRequest(1001, DependencyRange.of(1000, 1000), 0, data);
    }

    private IllegalArgumentException assertRefused(Message message) {
        return assertThrows(IllegalArgumentException.class, () -> encoder.encode(message, ByteBuffer.allocate(64)));
    }

    private static ByteBuffer flipped(ByteBuffer out) {
        return out.duplicate().flip();
    }
}
