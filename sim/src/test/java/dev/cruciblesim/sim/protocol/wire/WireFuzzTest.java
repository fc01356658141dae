package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.wire.WireFormatException.Reason;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.encode;
import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random and mutated frames, starting from the golden ones: whatever the bytes, the decoder and the frame reader
 * either accept them or throw {@link WireFormatException}, allocate little more than the frame, and finish.
 *
 * <p>Reproducible: every case draws from its own generator, seeded from {@link #SEED} and the case number, and a
 * failure names both and the input's hex. To explore other inputs, change {@link #SEED}.
 */
class WireFuzzTest {
    private static final long SEED = 0x5eed_f0e5_12e0L;
    private static final int FRAME_CASES = 120_000;
    private static final int STREAM_CASES = 5_000;
    /** Exceptions, their messages and the decoded message; an allocation sized by a claimed count would be far over. */
    private static final long ALLOCATION_ALLOWANCE_BYTES = 64 * 1024;

    private final MessageDecoder decoder = new MessageDecoder();
    private final Set<Reason> reasonsSeen = EnumSet.noneOf(Reason.class);
    private int accepted;

    @Test
    void shouldAcceptOrRejectEveryMutatedFrameAndNothingElse() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            AllocationMeter meter = new AllocationMeter();
            for (int i = 0; i < FRAME_CASES; i++) {
                long caseSeed = caseSeed(i);
                byte[] frame = mutatedFrame(new SplittableRandom(caseSeed));
                decodeOrReject(frame, i, caseSeed);
                long allowedBytes = ALLOCATION_ALLOWANCE_BYTES + 2L * frame.length;
                // Measured on a second decode of the same bytes: the first may link a string concatenation or load
                // a class, once per JVM, which costs far more than the allowance and says nothing about the frame.
                long allocatedBytes = meter.allocatedBytesToDecode(decoder, frame);
                if (allocatedBytes > allowedBytes) {
                    fail(describe(i, caseSeed, frame) + ": decoding allocated " + allocatedBytes + " bytes");
                }
            }
        });
        assertEquals(EnumSet.allOf(Reason.class), reasonsSeen, "the mutations reach every rejection");
        assertTrue(accepted > FRAME_CASES / 100, "the mutations keep some frames valid: " + accepted + " were");
    }

    @Test
    void shouldCutMutatedStreamsIntoFramesOrRejectThem() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < STREAM_CASES; i++) {
                long caseSeed = caseSeed(FRAME_CASES + i);
                SplittableRandom random = new SplittableRandom(caseSeed);
                byte[] stream = mutatedStream(random);
                try {
                    readStream(stream, random);
                } catch (WireFormatException expected) {
                    reasonsSeen.add(expected.reason());
                } catch (Throwable e) {
                    throw new AssertionError(describe(FRAME_CASES + i, caseSeed, stream) + ": " + e, e);
                }
            }
        });
        assertTrue(reasonsSeen.contains(Reason.LENGTH_OVER_LIMIT), "some streams break their framing");
    }

    private void decodeOrReject(byte[] frame, int caseNumber, long caseSeed) {
        Message message;
        try {
            message = decoder.decode(ByteBuffer.wrap(frame));
        } catch (WireFormatException expected) {
            reasonsSeen.add(expected.reason());
            return;
        } catch (Throwable e) {
            throw new AssertionError(describe(caseNumber, caseSeed, frame) + ": " + e, e);
        }
        accepted++;
        try {
            // Whatever decodes is a frame the encoder would have written, byte for byte.
            assertEquals(hex(frame), hex(encode(message)));
        } catch (Throwable e) {
            throw new AssertionError(describe(caseNumber, caseSeed, frame) + " decoded to " + message + ": " + e, e);
        }
    }

    /** Feeds the stream in random chunks; every frame handed out that decodes must re-encode to the same bytes. */
    private void readStream(byte[] stream, SplittableRandom random) throws WireFormatException {
        FrameReader reader = new FrameReader(MessageLayout.LENGTH_PREFIX_BYTES);
        int offset = 0;
        while (offset < stream.length) {
            int chunkBytes = Math.min(stream.length - offset, 1 + random.nextInt(24));
            ByteBuffer chunk = ByteBuffer.wrap(stream, offset, chunkBytes);
            for (ByteBuffer frame; (frame = reader.nextFrame(chunk)) != null; ) {
                assertTrue(frame.remaining() >= MessageLayout.MIN_FRAME_BYTES);
                String frameHex = hex(frame);
                try {
                    assertEquals(frameHex, hex(encode(decoder.decode(frame))));
                } catch (WireFormatException expected) {
                    reasonsSeen.add(expected.reason());
                }
            }
            assertEquals(0, chunk.remaining(), "the reader takes every byte it is given");
            offset += chunkBytes;
        }
    }

    private static byte[] mutatedStream(SplittableRandom random) {
        int frames = 1 + random.nextInt(5);
        byte[][] parts = new byte[frames][];
        int totalBytes = 0;
        for (int i = 0; i < frames; i++) {
            parts[i] = random.nextInt(4) == 0 ? mutatedFrame(random) : golden(random);
            totalBytes += parts[i].length;
        }
        byte[] stream = new byte[totalBytes];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, stream, at, part.length);
            at += part.length;
        }
        return stream;
    }

    /** One to three mutations of a golden frame (or random bytes), then, half the time, a length prefix that fits. */
    private static byte[] mutatedFrame(SplittableRandom random) {
        byte[] frame = random.nextInt(20) == 0 ? randomBytes(random, random.nextInt(64)) : golden(random);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            frame = mutate(frame, random);
        }
        if (random.nextBoolean() && frame.length >= MessageLayout.LENGTH_PREFIX_BYTES) {
            // Without this most mutants would stop at the length check, never reaching the fields.
            ByteBuffer.wrap(frame).putInt(Integer.reverseBytes(frame.length));
        }
        return frame;
    }

    private static byte[] mutate(byte[] frame, SplittableRandom random) {
        switch (random.nextInt(7)) {
            case 0 -> { // bit flips
                if (frame.length > 0) {
                    for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                        frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                return frame;
            }
            case 1 -> { // truncation
                return Arrays.copyOf(frame, frame.length == 0 ? 0 : random.nextInt(frame.length));
            }
            case 2 -> { // a length prefix near the real one, or anywhere
                if (frame.length >= MessageLayout.LENGTH_PREFIX_BYTES) {
                    int lengthBytes = random.nextBoolean() ? frame.length + random.nextInt(-16, 17) : random.nextInt();
                    ByteBuffer.wrap(frame).putInt(Integer.reverseBytes(lengthBytes));
                }
                return frame;
            }
            case 3 -> { // another tag: a neighbour of a real one, or anything
                if (frame.length >= MessageLayout.MIN_FRAME_BYTES) {
                    int tag = random.nextBoolean() ? random.nextInt(50) : random.nextInt();
                    ByteBuffer.wrap(frame).putInt(MessageLayout.LENGTH_PREFIX_BYTES, Integer.reverseBytes(tag));
                }
                return frame;
            }
            case 4 -> { // an interesting byte: counts and lengths become huge, zero or negative
                if (frame.length > 0) {
                    byte[] interesting = {0, 1, 2, (byte) 0x7f, (byte) 0x80, (byte) 0xff};
                    frame[random.nextInt(frame.length)] = interesting[random.nextInt(interesting.length)];
                }
                return frame;
            }
            case 5 -> { // bytes inserted in the middle
                int at = random.nextInt(frame.length + 1);
                byte[] inserted = randomBytes(random, 1 + random.nextInt(8));
                byte[] longer = new byte[frame.length + inserted.length];
                System.arraycopy(frame, 0, longer, 0, at);
                System.arraycopy(inserted, 0, longer, at, inserted.length);
                System.arraycopy(frame, at, longer, at + inserted.length, frame.length - at);
                return longer;
            }
            default -> { // bytes cut from the middle
                if (frame.length == 0) {
                    return frame;
                }
                int at = random.nextInt(frame.length);
                int cutBytes = Math.min(frame.length - at, 1 + random.nextInt(8));
                byte[] shorter = new byte[frame.length - cutBytes];
                System.arraycopy(frame, 0, shorter, 0, at);
                System.arraycopy(frame, at + cutBytes, shorter, at, frame.length - at - cutBytes);
                return shorter;
            }
        }
    }

    private static byte[] golden(SplittableRandom random) {
        return GoldenFrames.ALL.get(random.nextInt(GoldenFrames.ALL.size())).frame().clone();
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static long caseSeed(int caseNumber) {
        return new SplittableRandom(SEED + caseNumber).nextLong();
    }

    private static String describe(int caseNumber, long caseSeed, byte[] input) {
        return "seed 0x" + Long.toHexString(SEED) + ", case " + caseNumber + " (case seed 0x"
                + Long.toHexString(caseSeed) + "), input " + hex(input);
    }

    /** This thread's allocated bytes, where HotSpot can tell them; otherwise always 0, so no case fails on it. */
    private static final class AllocationMeter {
        private final com.sun.management.ThreadMXBean threads;

        AllocationMeter() {
            java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            threads = bean instanceof com.sun.management.ThreadMXBean hotspot
                    && hotspot.isThreadAllocatedMemorySupported() ? hotspot : null;
            if (threads != null) {
                threads.setThreadAllocatedMemoryEnabled(true);
            }
        }

        long allocatedBytesToDecode(MessageDecoder decoder, byte[] frame) {
            if (threads == null) {
                return 0;
            }
            ByteBuffer buffer = ByteBuffer.wrap(frame);
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                decoder.decode(buffer);
            } catch (WireFormatException expected) {
                // Rejected or not, the decode is what is measured.
            }
            return threads.getCurrentThreadAllocatedBytes() - before;
        }
    }
}
