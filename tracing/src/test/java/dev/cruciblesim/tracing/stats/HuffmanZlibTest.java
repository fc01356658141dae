package dev.cruciblesim.tracing.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The hand-made Huffman-only zlib stream inflates back to its input with the JDK's zlib, for
 * inputs of every shape (one byte value, all 256, frequencies whose Huffman code would pass 15
 * bits, the encoded counts of real intervals), in about the space zlib's own Huffman-only coding
 * takes.
 */
class HuffmanZlibTest {
    private record Input(String name, byte[] bytes) {
    }

    private static List<Input> inputs() {
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input("one byte", new byte[] {42}));
        inputs.add(new Input("one value 1,000 times", filled(1_000, (byte) 7)));
        inputs.add(new Input("zeros", new byte[5_000]));
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        inputs.add(new Input("every value once", all));
        // Fibonacci frequencies over 24 values: an unlimited Huffman code would be 23 bits deep.
        List<Byte> fibonacci = new ArrayList<>();
        long a = 1;
        long b = 1;
        for (int symbol = 0; symbol < 24; symbol++) {
            for (long k = 0; k < a; k++) {
                fibonacci.add((byte) (symbol * 7));
            }
            long next = a + b;
            a = b;
            b = next;
        }
        // Shuffled: zlib starts a new block (and code) every 16 K symbols, which sorted runs would reward.
        SplittableRandom random = new SplittableRandom(21);
        for (int i = fibonacci.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Byte swapped = fibonacci.get(i);
            fibonacci.set(i, fibonacci.get(j));
            fibonacci.set(j, swapped);
        }
        byte[] deep = new byte[fibonacci.size()];
        for (int i = 0; i < deep.length; i++) {
            deep[i] = fibonacci.get(i);
        }
        inputs.add(new Input("frequencies past 15 bits", deep));
        byte[] uniform = new byte[20_000];
        random.nextBytes(uniform);
        inputs.add(new Input("uniform random", uniform));
        EncodableLatencyCounts encoder = new EncodableLatencyCounts();
        for (int round = 0; round < 30; round++) {
            LatencyCounts counts = new LatencyCounts();
            int values = 1 + random.nextInt(round < 10 ? 20 : 5_000);
            for (int i = 0; i < values; i++) {
                counts.recordValue(Math.round(20_000 * Math.exp(random.nextDouble() * Math.log(2_000))));
            }
            ByteBuffer buffer = ByteBuffer.allocate(encoder.getNeededByteBufferCapacity());
            int length = encoder.view(counts, null, 0, 0).encodeIntoByteBuffer(buffer);
            inputs.add(new Input("the counts of " + values + " values", Arrays.copyOf(buffer.array(), length)));
        }
        encoder.close();
        return inputs;
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    @Test
    void shouldInflateBackToItsInputInAboutTheSpaceOfZlibsHuffmanCoding() throws DataFormatException {
        HuffmanZlib huffman = new HuffmanZlib();
        Deflater zlibHuffman = new Deflater(Deflater.BEST_SPEED);
        zlibHuffman.setStrategy(Deflater.HUFFMAN_ONLY);
        long ours = 0;
        long zlibs = 0;
        try {
            for (Input input : inputs()) {
                byte[] in = input.bytes();
                byte[] out = new byte[2 * in.length + 200];
                int length = huffman.deflate(in, in.length, out, 3, out.length);
                assertArrayEquals(in, inflate(out, 3, length), input.name());

                zlibHuffman.reset();
                zlibHuffman.setInput(in);
                zlibHuffman.finish();
                byte[] reference = new byte[2 * in.length + 200];
                int referenceLength = 0;
                while (!zlibHuffman.finished()) {
                    referenceLength += zlibHuffman.deflate(reference, referenceLength, reference.length - referenceLength);
                }
                // The code tables differ a little (zlib's cost about 30 to 60 bytes, as ours do).
                assertTrue(length <= referenceLength * 1.02 + 40, input.name() + ": " + length + " bytes, zlib's "
                        + referenceLength);
                ours += length;
                zlibs += referenceLength;
            }
        } finally {
            zlibHuffman.end();
        }
        assertTrue(ours <= zlibs * 1.01, ours + " bytes in all, zlib's " + zlibs);
    }

    @Test
    void shouldRefuseATargetTooSmall() {
        byte[] in = new byte[1_000];
        new SplittableRandom(3).nextBytes(in);
        byte[] out = new byte[2_000];
        assertThrows(BufferOverflowException.class, () -> new HuffmanZlib().deflate(in, in.length, out, 0, 500));
        HuffmanZlib reused = new HuffmanZlib();
        assertThrows(BufferOverflowException.class, () -> reused.deflate(in, in.length, out, 0, 10));
        assertEquals(in.length, inflate(out, 0, reused.deflate(in, in.length, out, 0, out.length)).length,
                "usable again after an overflow");
    }

    private static byte[] inflate(byte[] compressed, int offset, int length) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed, offset, length);
            byte[] out = new byte[1 << 20];
            int inflated = inflater.inflate(out);
            assertTrue(inflater.finished(), "a complete stream");
            assertEquals(0, inflater.getRemaining(), "nothing after the stream");
            return Arrays.copyOf(out, inflated);
        } catch (DataFormatException e) {
            throw new AssertionError("not a valid zlib stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
