package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.DependencyRange;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes the fields of {@link MessageLayout} into the caller's buffer, replacing it with a larger copy only when a
 * field does not fit, and refusing any frame that would grow past {@link MessageLayout#MAX_FRAME_BYTES}.
 *
 * <p>Growth doubles the capacity, up to the frame limit, or takes exactly what is needed when that is more (the
 * caller left earlier frames unsent), so a buffer that is reused settles at the size its traffic needs and stops
 * growing. A grown buffer keeps whether the original was direct. Reused by one {@link MessageEncoder}, one thread.
 */
final class WireWriter {
    /** The smallest buffer a grown one starts from: every control frame fits in it. */
    static final int MIN_GROWN_CAPACITY_BYTES = 256;

    private ByteBuffer original;
    private ByteBuffer buffer;
    private int frameStart;

    /** Starts a frame at {@code out}'s position; {@code out} is set to little-endian. */
    void begin(ByteBuffer out) {
        original = out;
        buffer = out.order(ByteOrder.LITTLE_ENDIAN);
        frameStart = out.position();
    }

    /** Writes the frame's length into its prefix; @return the buffer that now holds the frame */
    ByteBuffer finish() {
        buffer.putInt(frameStart, buffer.position() - frameStart);
        ByteBuffer done = buffer;
        original = null;
        buffer = null;
        return done;
    }

    /** Forgets the frame begun: the caller's buffer is as before {@link #begin}, save bytes past its position. */
    void abandon() {
        original.position(frameStart);
        original = null;
        buffer = null;
    }

    void u8(int value, String field) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(field + " must be from 0 to 255 to fit one byte, got " + value);
        }
        ensure(1);
        buffer.put((byte) value);
    }

    void u16(int value) {
        ensure(2);
        buffer.putShort((short) value);
    }

    /** A u32 from a Java int that must not be negative, since the reader takes u32s above 2^31 - 1 as invalid. */
    void u32(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative on the wire, got " + value);
        }
        ensure(4);
        buffer.putInt(value);
    }

    void u64(long value) {
        ensure(8);
        buffer.putLong(value);
    }

    /** A UUID: its most significant 64 bits, then its least, each a u64. */
    void uuid(java.util.UUID value) {
        u64(value.getMostSignificantBits());
        u64(value.getLeastSignificantBits());
    }

    /** A count held in a Java int, written as a u64 like every count. */
    void u64Count(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
        u64(value);
    }

    void bool(boolean value) {
        ensure(1);
        buffer.put((byte) (value ? 1 : 0));
    }

    void bytes(byte[] data) {
        ensure(4L + data.length);
        buffer.putInt(data.length);
        buffer.put(data);
    }

    /** A string as UTF-8 bytes. A lone surrogate becomes '?', as {@link String#getBytes} makes it. */
    void string(String value) {
        // Strings travel only in error replies, so this copy is the one allocation the encoder allows itself.
        bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** An option tag (or result tag): 1 when a value follows. */
    void present(boolean present) {
        bool(present);
    }

    void dependencies(DependencyRange dependencies) {
        dependencies(dependencies.firstJobId(), dependencies.lastJobId());
    }

    /** A dependency range by its two ends, for a request that keeps no range object (a write). */
    void dependencies(long firstJobId, long lastJobId) {
        u64(firstJobId);
        u64(lastJobId);
    }

    void socketAddress(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        u8(address.getAddress() instanceof Inet4Address ? MessageLayout.ADDRESS_IPV4 : MessageLayout.ADDRESS_IPV6,
                "address family");
        ensure(ip.length);
        buffer.put(ip);
        u16(address.getPort());
    }

    /** Long, so that a length prefix plus a payload near 2^31 bytes cannot overflow past the check. */
    private void ensure(long bytes) {
        int frameBytes = buffer.position() - frameStart;
        if (bytes > MessageLayout.MAX_FRAME_BYTES - frameBytes) {
            throw new IllegalArgumentException("message does not fit a frame: " + frameBytes + " + " + bytes
                    + " bytes is more than the limit of " + MessageLayout.MAX_FRAME_BYTES);
        }
        if (buffer.remaining() < bytes) {
            long neededBytes = buffer.position() + bytes;
            if (neededBytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("buffer of " + buffer.position() + " unsent bytes cannot grow by "
                        + bytes + " more");
            }
            grow((int) neededBytes);
        }
    }

    private void grow(int neededBytes) {
        int doubled = (int) Math.min(MessageLayout.MAX_FRAME_BYTES,
                Math.max(MIN_GROWN_CAPACITY_BYTES, 2L * buffer.capacity()));
        int capacityBytes = Math.max(neededBytes, doubled);
        ByteBuffer grown = buffer.isDirect() ? ByteBuffer.allocateDirect(capacityBytes)
                : ByteBuffer.allocate(capacityBytes);
        grown.order(ByteOrder.LITTLE_ENDIAN);
        grown.put(0, buffer, 0, buffer.position());
        grown.position(buffer.position());
        buffer = grown;
    }
}
