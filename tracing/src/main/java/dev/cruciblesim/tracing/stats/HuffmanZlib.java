package dev.cruciblesim.tracing.stats;

import java.nio.BufferOverflowException;
import java.util.Arrays;
import java.util.zip.Adler32;
import java.util.zip.Deflater;

/**
 * A zlib stream (RFC 1950) of the input coded with Huffman codes alone: one final deflate block
 * (RFC 1951) with a dynamic code for the 256 byte values and the end of block, no string matching.
 * It is what {@link Deflater} writes with {@link Deflater#HUFFMAN_ONLY}, give or take the code
 * tables and block splits zlib chooses, and any inflater reads it; it exists because zlib's fixed
 * cost per stream dominates the small inputs of an interval log. A Deflater is reset for every
 * line, and resetting clears its 64 KB hash table (unused when coding literals alone, but zlib
 * does not know), then builds and sends its trees through a 256 KB state: about 6 us a line, and
 * as many cache lines of the simulation's evicted. Here the state is a few small arrays, and a
 * line costs one pass to count the bytes, one to code them, and a code construction over 257
 * symbols. Measured on the 14,084 lines of more than 64 bytes (501 on average) of a 1,000-second
 * run logged every second: 3,692,926 bytes in 7.3 us a line, where zlib's Huffman coding took
 * 3,693,846 bytes in 15.2 us (thread CPU time, the project's 2-vCPU VM, after warm-up).
 *
 * <p>The code: a Huffman code over the bytes' frequencies (plus one end of block), limited to 15
 * bits as deflate requires by moving the excess lengths up, as miniz does (the code stays
 * complete, and a symbol's length never decreases with its frequency), then made canonical. The
 * distance code, never used, has two codes of length 1, as zlib sends: a complete code, which
 * every inflater accepts. The code lengths are run-length coded (16, 17 and 18) and sent with a
 * code of their own, limited to 7 bits.
 *
 * <p>Not thread-safe: one per encoder. Allocation: its arrays (about 6 KB) at construction, none after.
 */
final class HuffmanZlib {
    private static final int LITERALS = 257; // 256 byte values and the end of block
    private static final int END_OF_BLOCK = 256;
    private static final int MAX_LITERAL_BITS = 15;
    private static final int CODE_LENGTH_SYMBOLS = 19;
    private static final int MAX_CODE_LENGTH_BITS = 7;
    /** The order in which the code lengths of the code-length code are sent (RFC 1951, 3.2.7). */
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    /** The code lengths sent: the literals', then the two unused distance codes' (1 bit each). */
    private static final int SENT_LENGTHS = LITERALS + 2;

    private final int[] literalFrequencies = new int[LITERALS];
    private final int[] literalLengths = new int[LITERALS];
    private final int[] literalCodes = new int[LITERALS];
    private final int[] lengthFrequencies = new int[CODE_LENGTH_SYMBOLS];
    private final int[] lengthLengths = new int[CODE_LENGTH_SYMBOLS];
    private final int[] lengthCodes = new int[CODE_LENGTH_SYMBOLS];
    private final int[] sentLengths = new int[SENT_LENGTHS];
    /** The run-length coded lengths: each a symbol (0-18) in the low 5 bits, its extra bits' value above. */
    private final int[] runs = new int[SENT_LENGTHS];
    private final HuffmanLengths lengths = new HuffmanLengths(LITERALS);
    private final int[] lengthCounts = new int[MAX_LITERAL_BITS + 1];
    private final int[] nextCodes = new int[MAX_LITERAL_BITS + 1];
    private final Adler32 adler = new Adler32();

    private byte[] out;
    private int outPos;
    private int outLimit;
    private long bitBuffer;
    private int bitCount;

    /**
     * Writes the zlib stream of {@code in[0, length)} into {@code target} from {@code offset}.
     *
     * @return the number of bytes written
     * @throws BufferOverflowException if they do not fit before {@code limit} (what was written
     *                                 before {@code limit} is then garbage)
     */
    int deflate(byte[] in, int length, byte[] target, int offset, int limit) {
        Arrays.fill(literalFrequencies, 0);
        for (int i = 0; i < length; i++) {
            literalFrequencies[in[i] & 0xff]++;
        }
        literalFrequencies[END_OF_BLOCK] = 1;
        lengths.compute(literalFrequencies, LITERALS, MAX_LITERAL_BITS, literalLengths);
        canonicalCodes(literalLengths, LITERALS, literalCodes);

        System.arraycopy(literalLengths, 0, sentLengths, 0, LITERALS);
        sentLengths[LITERALS] = 1;
        sentLengths[LITERALS + 1] = 1;
        int runCount = runLengths();
        lengths.compute(lengthFrequencies, CODE_LENGTH_SYMBOLS, MAX_CODE_LENGTH_BITS, lengthLengths);
        canonicalCodes(lengthLengths, CODE_LENGTH_SYMBOLS, lengthCodes);
        int codeLengthCount = CODE_LENGTH_SYMBOLS;
        while (codeLengthCount > 4 && lengthLengths[CODE_LENGTH_ORDER[codeLengthCount - 1]] == 0) {
            codeLengthCount--;
        }

        out = target;
        outPos = offset;
        outLimit = limit;
        bitBuffer = 0;
        bitCount = 0;
        // CMF 0x78: deflate with a 32 KB window; FLG 0x01: the lowest level, and the check bits.
        putBits(0x78, 8);
        putBits(0x01, 8);
        putBits(1, 1); // the final block
        putBits(2, 2); // dynamic Huffman codes
        putBits(LITERALS - 257, 5);
        putBits(2 - 1, 5); // two distance codes
        putBits(codeLengthCount - 4, 4);
        for (int i = 0; i < codeLengthCount; i++) {
            putBits(lengthLengths[CODE_LENGTH_ORDER[i]], 3);
        }
        for (int i = 0; i < runCount; i++) {
            int symbol = runs[i] & 0x1f;
            putBits(lengthCodes[symbol], lengthLengths[symbol]);
            int extra = runs[i] >>> 5;
            if (symbol == 16) {
                putBits(extra, 2);
            } else if (symbol == 17) {
                putBits(extra, 3);
            } else if (symbol == 18) {
                putBits(extra, 7);
            }
        }
        putLiterals(in, length);
        putBits(literalCodes[END_OF_BLOCK], literalLengths[END_OF_BLOCK]);
        if (bitCount > 0) {
            putBits(0, 8 - bitCount); // to the byte boundary
        }
        adler.reset();
        adler.update(in, 0, length);
        long checksum = adler.getValue();
        putBits((int) (checksum >>> 24) & 0xff, 8);
        putBits((int) (checksum >>> 16) & 0xff, 8);
        putBits((int) (checksum >>> 8) & 0xff, 8);
        putBits((int) checksum & 0xff, 8);
        out = null;
        return outPos - offset;
    }

    /**
     * The bulk of the stream, a code per input byte: the bits gather in a long and leave four bytes
     * at a time (a code has at most 15 bits, so 31 + 15 never overflow it), one bounds check each.
     */
    private void putLiterals(byte[] in, int length) {
        int[] codes = literalCodes;
        int[] bits = literalLengths;
        byte[] target = out;
        long buffer = bitBuffer;
        int count = bitCount;
        int pos = outPos;
        for (int i = 0; i < length; i++) {
            int symbol = in[i] & 0xff;
            buffer |= (long) codes[symbol] << count;
            count += bits[symbol];
            if (count >= 32) {
                if (pos + 4 > outLimit) {
                    throw new BufferOverflowException();
                }
                target[pos] = (byte) buffer;
                target[pos + 1] = (byte) (buffer >>> 8);
                target[pos + 2] = (byte) (buffer >>> 16);
                target[pos + 3] = (byte) (buffer >>> 24);
                pos += 4;
                buffer >>>= 32;
                count -= 32;
            }
        }
        bitBuffer = buffer;
        bitCount = count;
        outPos = pos;
    }

    /**
     * Run-length codes {@link #sentLengths} into {@link #runs} as deflate does (RFC 1951, 3.2.7),
     * counting each symbol into {@link #lengthFrequencies}: 17 and 18 for runs of 3-10 and
     * 11-138 zeros, 16 for 3-6 repeats of the length just sent.
     *
     * @return the number of runs
     */
    private int runLengths() {
        Arrays.fill(lengthFrequencies, 0);
        int count = 0;
        int i = 0;
        while (i < SENT_LENGTHS) {
            int length = sentLengths[i];
            int same = 1;
            while (i + same < SENT_LENGTHS && sentLengths[i + same] == length) {
                same++;
            }
            i += same;
            if (length == 0) {
                while (same >= 11) {
                    int run = Math.min(same, 138);
                    count = run(count, 18, run - 11);
                    same -= run;
                }
                if (same >= 3) {
                    count = run(count, 17, same - 3);
                    same = 0;
                }
            } else {
                count = run(count, length, 0);
                same--;
                while (same >= 3) {
                    int run = Math.min(same, 6);
                    count = run(count, 16, run - 3);
                    same -= run;
                }
            }
            for (; same > 0; same--) {
                count = run(count, length, 0);
            }
        }
        return count;
    }

    private int run(int count, int symbol, int extra) {
        runs[count] = symbol | extra << 5;
        lengthFrequencies[symbol]++;
        return count + 1;
    }

    /** Deflate's canonical codes (RFC 1951, 3.2.2) for the lengths, bit-reversed, as the stream sends them first bit first. */
    private void canonicalCodes(int[] lengths, int symbols, int[] codes) {
        int[] lengthCounts = this.lengthCounts;
        Arrays.fill(lengthCounts, 0);
        for (int s = 0; s < symbols; s++) {
            lengthCounts[lengths[s]]++;
        }
        lengthCounts[0] = 0;
        int[] next = nextCodes;
        int code = 0;
        for (int bits = 1; bits <= MAX_LITERAL_BITS; bits++) {
            code = (code + lengthCounts[bits - 1]) << 1;
            next[bits] = code;
        }
        for (int s = 0; s < symbols; s++) {
            int length = lengths[s];
            if (length != 0) {
                codes[s] = Integer.reverse(next[length]++) >>> (32 - length);
            }
        }
    }

    private void putBits(int value, int count) {
        bitBuffer |= (long) value << bitCount;
        bitCount += count;
        while (bitCount >= 8) {
            if (outPos >= outLimit) {
                throw new BufferOverflowException();
            }
            out[outPos++] = (byte) bitBuffer;
            bitBuffer >>>= 8;
            bitCount -= 8;
        }
    }

    /**
     * Length-limited Huffman code lengths. Huffman's construction over the symbols of non-zero
     * frequency sorted by frequency (ties by symbol, so the result depends on nothing else), then,
     * where a length passes the limit, miniz's repair: clamp to the limit, and while the code is
     * over-full, lengthen the longest code below the limit into two of one bit more at the cost of
     * one at the limit. The lengths then go to the symbols in frequency order, shortest to the most
     * frequent. A lone symbol gets a partner (the lowest other symbol) so that the code is complete,
     * as a code of one symbol of 1 bit is not in every inflater's taste.
     */
    static final class HuffmanLengths {
        /** A symbol takes the low 9 bits of a sort key, its frequency the rest. */
        private static final int SYMBOL_BITS = 9;
        private static final long SYMBOL_MASK = (1L << SYMBOL_BITS) - 1;
        private final long[] keys;
        private final int[] order;
        private final long[] weights;
        private final int[] parents;
        private final int[] depths;
        private final int[] depthCounts = new int[64];

        HuffmanLengths(int maxSymbols) {
            keys = new long[maxSymbols];
            order = new int[maxSymbols];
            weights = new long[2 * maxSymbols];
            parents = new int[2 * maxSymbols];
            depths = new int[2 * maxSymbols];
        }

        void compute(int[] frequencies, int symbols, int maxBits, int[] lengthsOut) {
            Arrays.fill(lengthsOut, 0, symbols, 0);
            int n = 0;
            for (int s = 0; s < symbols; s++) {
                if (frequencies[s] > 0) {
                    keys[n++] = (long) frequencies[s] << SYMBOL_BITS | s;
                }
            }
            if (n == 0) {
                return;
            }
            if (n == 1) {
                int only = (int) (keys[0] & SYMBOL_MASK);
                lengthsOut[only] = 1;
                lengthsOut[only == 0 ? 1 : 0] = 1;
                return;
            }
            // By (frequency, symbol), as one long each: a primitive sort, no comparator.
            Arrays.sort(keys, 0, n);
            // Two queues: the sorted leaves 0..n-1, and the internal nodes n.. in the order made,
            // whose weights never decrease, so the two lightest are always at the queues' heads.
            for (int i = 0; i < n; i++) {
                order[i] = (int) (keys[i] & SYMBOL_MASK);
                weights[i] = keys[i] >>> SYMBOL_BITS;
            }
            int leaf = 0;
            int node = n;
            int made = n;
            for (int step = 0; step < n - 1; step++) {
                int first = leaf < n && (node >= made || weights[leaf] <= weights[node]) ? leaf++ : node++;
                int second = leaf < n && (node >= made || weights[leaf] <= weights[node]) ? leaf++ : node++;
                weights[made] = weights[first] + weights[second];
                parents[first] = made;
                parents[second] = made;
                made++;
            }
            // Depths: the root (made - 1) at 0, each node one below its parent, made in reverse order.
            int root = made - 1;
            Arrays.fill(depthCounts, 0);
            int[] depth = depths;
            depth[root] = 0;
            for (int i = root - 1; i >= 0; i--) {
                depth[i] = depth[parents[i]] + 1;
            }
            for (int i = 0; i < n; i++) {
                depthCounts[Math.min(depth[i], maxBits)]++;
            }
            // Over the limit: make the code complete again at maxBits (miniz's enforce_max_code_size).
            long kraft = 0;
            for (int bits = 1; bits <= maxBits; bits++) {
                kraft += (long) depthCounts[bits] << (maxBits - bits);
            }
            while (kraft > 1L << maxBits) {
                depthCounts[maxBits]--;
                for (int bits = maxBits - 1; bits > 0; bits--) {
                    if (depthCounts[bits] > 0) {
                        depthCounts[bits]--;
                        depthCounts[bits + 1] += 2;
                        break;
                    }
                }
                kraft--;
            }
            // Longest lengths to the least frequent symbols (the front of order).
            int i = 0;
            for (int bits = maxBits; bits >= 1; bits--) {
                for (int k = depthCounts[bits]; k > 0; k--) {
                    lengthsOut[order[i++]] = bits;
                }
            }
        }
    }
}
