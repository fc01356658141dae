package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The IO path's allocation contract: encoding into a buffer that fits allocates nothing, and reading frames
 * through {@link FrameReader} and {@link MessageDecoder} allocates the message, its block data and (for requests) its
 * dependency range, nothing per frame besides. Measured with HotSpot's per-thread allocation counter after a
 * warm-up; the bounds allow for object headers, not for another copy of the data or a buffer view per frame.
 */
class WireAllocationTest {
    private static final int ROUNDS = 20_000;
    private static final int BLOCK_BYTES = 4096;
    private static final long NOISE_BYTES = 4_096;
    /** Generous for a message record or a dependency range (24 to 56 bytes with compressed pointers). */
    private static final long SMALL_OBJECT_BYTES = 64;

    /** An array, not a list: iterating a list would allocate an iterator per round, which this test would count. */
    private static final Message[] IO_MESSAGES = {
            new WriteRequest(1001, DependencyRange.of(1000, 1000), 16, new byte[BLOCK_BYTES]),
            new WriteAck(1001, null),
            new FlushRequest(1002, DependencyRange.of(1000, 1001), 5, 2),
            new FlushAck(1002, null),
            new ReadRequest(1003, DependencyRange.of(1000, 1002), 16, 1),
            new ReadResponse(1003, new byte[BLOCK_BYTES], null)};

    @Test
    void shouldEncodeIoMessagesIntoAReusedBufferWithoutAllocating() {
        assumeTrue(measurable(), "this JVM cannot count per-thread allocation");
        MessageEncoder encoder = new MessageEncoder();
        ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
        encodeRounds(encoder, out, ROUNDS); // warm-up

        long before = allocatedBytes();
        ByteBuffer after = encodeRounds(encoder, out, ROUNDS);
        long allocated = allocatedBytes() - before;

        assertEquals(out, after, "the buffer was big enough and was kept");
        assertTrue(allocated < NOISE_BYTES, allocated + " bytes allocated encoding " + ROUNDS + " rounds");
    }

    @Test
    void shouldReadIoFramesAllocatingOnlyMessagesDataAndDependencies() throws WireFormatException {
        assumeTrue(measurable(), "this JVM cannot count per-thread allocation");
        MessageEncoder encoder = new MessageEncoder();
        ByteBuffer stream = ByteBuffer.allocate(64 * 1024);
        for (Message message : IO_MESSAGES) {
            stream = encoder.encode(message, stream);
        }
        stream.flip();
        FrameReader reader = new FrameReader();
        MessageDecoder decoder = new MessageDecoder();
        long checksum = readRounds(reader, decoder, stream, ROUNDS); // warm-up, and the reader's buffer grows once

        long before = allocatedBytes();
        checksum += readRounds(reader, decoder, stream, ROUNDS);
        long allocated = allocatedBytes() - before;

        // Per round: two blocks of data, six messages and three dependency ranges.
        long allowedPerRound = 2 * (BLOCK_BYTES + 16) + (6 + 3) * SMALL_OBJECT_BYTES;
        assertTrue(allocated < ROUNDS * allowedPerRound + NOISE_BYTES,
                allocated / ROUNDS + " bytes allocated per round, more than " + allowedPerRound);
        // Two passes of ROUNDS rounds, each reading every job id twice (request and reply).
        assertEquals(2L * ROUNDS * 2 * (1001 + 1002 + 1003), checksum, "every message was read");
    }

    private static ByteBuffer encodeRounds(MessageEncoder encoder, ByteBuffer out, int rounds) {
        ByteBuffer buffer = out;
        for (int round = 0; round < rounds; round++) {
            buffer.clear();
            for (int i = 0; i < IO_MESSAGES.length; i++) {
                buffer = encoder.encode(IO_MESSAGES[i], buffer);
            }
        }
        return buffer;
    }

    /** @return the sum of the job ids read, so that the messages are used and their count checked */
    private static long readRounds(FrameReader reader, MessageDecoder decoder, ByteBuffer stream, int rounds)
            throws WireFormatException {
        long checksum = 0;
        for (int round = 0; round < rounds; round++) {
            ByteBuffer chunk = stream.duplicate(); // one small view per round, not per frame
            for (ByteBuffer frame; (frame = reader.nextFrame(chunk)) != null; ) {
                checksum += ((Message.JobMessage) decoder.decode(frame)).jobId();
            }
        }
        return checksum;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static boolean measurable() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled();
    }
}
