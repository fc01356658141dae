package dev.cruciblesim.bench.workload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The content of a written block, derived from a 64-bit token so the oracle stores 8 bytes per block
 * instead of the block. The first 16 bytes carry the block number and the token so that a mismatch
 * can say which write a block came from; the rest is a deterministic pseudo-random stream, one
 * multiply-xorshift per 8 bytes: enough to tell any two (block, token) pairs apart, cheap enough
 * that generating and checking data does not dominate a simulated run.
 */
public final class DataPattern {
    /** The token of a block never written: it reads as zeros. */
    public static final long NEVER_WRITTEN = 0L;
    /** Big-endian 8-byte access: the stamps read the same in a hex dump on any machine. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private DataPattern() {
    }

    /** Fills {@code blockSizeBytes} bytes of {@code target} at {@code offset} with the pattern of (block, token). */
    public static void fill(byte[] target, int offset, int blockSizeBytes, long block, long token) {
        if (token == NEVER_WRITTEN) {
            java.util.Arrays.fill(target, offset, offset + blockSizeBytes, (byte) 0);
            return;
        }
        LONGS.set(target, offset, block);
        LONGS.set(target, offset + 8, token);
        long state = seed(block, token);
        for (int i = offset + 16; i < offset + blockSizeBytes; i += 8) {
            state += GOLDEN_GAMMA;
            LONGS.set(target, i, word(state));
        }
    }

    /** @return true when {@code blockSizeBytes} bytes at {@code offset} are exactly the pattern of (block, token) */
    public static boolean matches(byte[] actual, int offset, int blockSizeBytes, long block, long token) {
        if (token == NEVER_WRITTEN) {
            for (int i = offset; i < offset + blockSizeBytes; i += 8) {
                if ((long) LONGS.get(actual, i) != 0) {
                    return false;
                }
            }
            return true;
        }
        if ((long) LONGS.get(actual, offset) != block || (long) LONGS.get(actual, offset + 8) != token) {
            return false;
        }
        long state = seed(block, token);
        for (int i = offset + 16; i < offset + blockSizeBytes; i += 8) {
            state += GOLDEN_GAMMA;
            if ((long) LONGS.get(actual, i) != word(state)) {
                return false;
            }
        }
        return true;
    }

    /** Fills {@code lengthBytes} bytes at {@code offset} with {@code pattern} repeated from its first byte. */
    public static void fillRepeating(byte[] target, int offset, int lengthBytes, byte[] pattern) {
        for (int i = 0; i < lengthBytes; i += pattern.length) {
            System.arraycopy(pattern, 0, target, offset + i, Math.min(pattern.length, lengthBytes - i));
        }
    }

    /** @return true when {@code lengthBytes} bytes at {@code offset} are {@code pattern} repeated from its first byte */
    public static boolean matchesRepeating(byte[] actual, int offset, int lengthBytes, byte[] pattern) {
        for (int i = 0; i < lengthBytes; i += pattern.length) {
            int length = Math.min(pattern.length, lengthBytes - i);
            if (!java.util.Arrays.equals(actual, offset + i, offset + i + length, pattern, 0, length)) {
                return false;
            }
        }
        return true;
    }

    /** @return {@code bytes} as 0x-prefixed lower-case hex, at most 32 bytes shown (for messages) */
    public static String hex(byte[] bytes) {
        return hex(bytes, 32);
    }

    /** @return {@code bytes} as 0x-prefixed lower-case hex, the first {@code maxBytes} of them, "..." if cut */
    public static String hex(byte[] bytes, int maxBytes) {
        StringBuilder text = new StringBuilder("0x");
        for (int i = 0; i < Math.min(bytes.length, maxBytes); i++) {
            text.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return bytes.length > maxBytes ? text.append("...").toString() : text.toString();
    }

    private static long seed(long block, long token) {
        return block * GOLDEN_GAMMA ^ token;
    }

    private static long word(long state) {
        long z = state * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 31);
    }

    /** @return the token stamped in a block written by this pattern, or a description of what is there instead */
    public static String describe(byte[] data, int offset, int blockSizeBytes) {
        boolean allZero = true;
        for (int i = offset; i < offset + blockSizeBytes; i++) {
            if (data[i] != 0) {
                allZero = false;
                break;
            }
        }
        if (allZero) {
            return "zeros";
        }
        return "block stamp " + getLong(data, offset) + ", write token " + getLong(data, offset + 8);
    }

    private static long getLong(byte[] source, int offset) {
        return (long) LONGS.get(source, offset);
    }
}
