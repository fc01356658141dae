package dev.cruciblesim.bench.workload;

/**
 * The content of a written block, derived from a 64-bit token so the oracle stores 8 bytes per block
 * instead of the block. The first 16 bytes carry the block number and the token so that a mismatch
 * can say which write a block came from; the rest is a deterministic pseudo-random stream.
 */
public final class DataPattern {
    /** The token of a block never written: it reads as zeros. */
    public static final long NEVER_WRITTEN = 0L;

    private DataPattern() {
    }

    /** Fills {@code blockSizeBytes} bytes of {@code target} at {@code offset} with the pattern of (block, token). */
    public static void fill(byte[] target, int offset, int blockSizeBytes, long block, long token) {
        if (token == NEVER_WRITTEN) {
            java.util.Arrays.fill(target, offset, offset + blockSizeBytes, (byte) 0);
            return;
        }
        putLong(target, offset, block);
        putLong(target, offset + 8, token);
        long state = block * 0x9E3779B97F4A7C15L ^ token;
        for (int i = offset + 16; i < offset + blockSizeBytes; i += 8) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            putLong(target, i, z);
        }
    }

    /** @return true when {@code blockSizeBytes} bytes at {@code offset} are exactly the pattern of (block, token) */
    public static boolean matches(byte[] actual, int offset, int blockSizeBytes, long block, long token,
            byte[] scratch) {
        fill(scratch, 0, blockSizeBytes, block, token);
        return java.util.Arrays.equals(actual, offset, offset + blockSizeBytes, scratch, 0, blockSizeBytes);
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
            return "zeros (never written)";
        }
        return "block stamp " + getLong(data, offset) + ", write token " + getLong(data, offset + 8);
    }

    private static void putLong(byte[] target, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            target[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    private static long getLong(byte[] source, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (source[offset + i] & 0xff);
        }
        return value;
    }
}
