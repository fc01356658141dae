package dev.cruciblesim.sim.protocol;

/**
 * What a block holds when a volume moves stamps instead of bytes (virtual time's default): one 64-bit value naming
 * the write that wrote the block and the block itself. A stamped write carries only its token ({@link
 * WriteRequest#stampToken()}); a stamped read returns one stamp per block ({@link ReadResponse#stamps()}).
 *
 * <p>The stamp is {@code rotateLeft(token, 32) ^ block}: for the tokens a run hands out (1, 2, ... and small
 * negative ones for fixed patterns, 0 for zeros) and blocks below 2^32, that is the token in the upper half and the
 * block in the lower, which {@link #describe} reads back. Two properties make it a check as strict as the bytes it
 * stands for: for one block, different tokens always give different stamps (a rotation is one-to-one), so a stale
 * block cannot pass for the current one however long the run; and a block's stamp names the block, so a block
 * returned in another one's place, or a read's blocks returned out of order, do not pass either.
 *
 * <p>A block never written has token 0 and reads as {@code of(block, 0)}, the block index itself.
 */
public final class BlockStamp {
    private BlockStamp() {
    }

    /** @return the stamp of {@code block} written with {@code token} */
    public static long of(long block, long token) {
        return Long.rotateLeft(token, 32) ^ block;
    }

    /** @return the token that {@code stamp} stands for if it is {@code block}'s own stamp */
    public static long tokenAt(long stamp, long block) {
        return Long.rotateRight(stamp ^ block, 32);
    }

    /** @return the token in a stamp's upper half, read as a signed int: exact for tokens from -2^31 to 2^31 - 1 */
    public static long token(long stamp) {
        return (int) (stamp >>> 32);
    }

    /** @return the block a stamp names, given that its token is {@link #token}'s */
    public static long block(long stamp) {
        return stamp ^ Long.rotateLeft(token(stamp), 32);
    }

    /** @return e.g. "block stamp 7, write token 12": what the stamp says, in the words of a bytes mismatch */
    public static String describe(long stamp) {
        return "block stamp " + block(stamp) + ", write token " + token(stamp);
    }
}
