package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.wire.WireFormatException.Reason;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of {@link MessageLayout} from one frame, checking each against the bytes that are left before
 * it reads or allocates anything, so a frame can never make the decoder allocate more than the frame itself holds.
 *
 * <p>Reads are absolute: the frame buffer's position, limit and byte order are never changed. The reader is
 * reused for every frame of one {@link MessageDecoder} and is, like it, for one thread. Field names are passed as
 * constants so that naming them in an error costs nothing until there is an error.
 */
final class WireReader {
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private ByteBuffer buffer;
    private boolean bigEndian;
    private int frameStart;
    private int position;
    private int end;

    /** Reads the frame {@code [frameStart, end)} of {@code buffer} from its first byte. */
    void reset(ByteBuffer frameBuffer, int frameStartIndex, int endIndex) {
        buffer = frameBuffer;
        bigEndian = frameBuffer.order() == ByteOrder.BIG_ENDIAN;
        frameStart = frameStartIndex;
        position = frameStartIndex;
        end = endIndex;
    }

    /** Narrows the frame to its first {@code frameLengthBytes}, once the length prefix has been checked. */
    void limitFrame(int frameLengthBytes) {
        end = frameStart + frameLengthBytes;
    }

    /** @return where the next field starts, counted from the frame's first byte */
    int offset() {
        return position - frameStart;
    }

    int remaining() {
        return end - position;
    }

    int u8(String field) throws WireFormatException {
        need(1, field);
        return buffer.get(position++) & 0xFF;
    }

    int u16(String field) throws WireFormatException {
        need(2, field);
        short raw = buffer.getShort(position);
        position += 2;
        return (bigEndian ? Short.reverseBytes(raw) : raw) & 0xFFFF;
    }

    long u32(String field) throws WireFormatException {
        need(4, field);
        int raw = buffer.getInt(position);
        position += 4;
        return (bigEndian ? Integer.reverseBytes(raw) : raw) & 0xFFFF_FFFFL;
    }

    /** A u32 that the message type holds in a Java int, so it must be at most 2^31 - 1. */
    int u32AsInt(String field) throws WireFormatException {
        int at = offset();
        long value = u32(field);
        if (value > Integer.MAX_VALUE) {
            throw invalid(at, field + " " + value + " does not fit an int");
        }
        return (int) value;
    }

    /** A u64 taken as all 64 bits of a Java long: ids and numbers use the whole range. */
    long u64(String field) throws WireFormatException {
        need(8, field);
        long raw = buffer.getLong(position);
        position += 8;
        return bigEndian ? Long.reverseBytes(raw) : raw;
    }

    /** A UUID as {@link WireWriter#uuid} writes it. */
    java.util.UUID uuid(String field) throws WireFormatException {
        long mostSignificant = u64(field);
        return new java.util.UUID(mostSignificant, u64(field));
    }

    /** A u64 count that the message type holds in a Java int (a block count, an extent count). */
    int u64AsInt(String field) throws WireFormatException {
        int at = offset();
        long value = u64(field);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw invalid(at, field + " " + Long.toUnsignedString(value) + " does not fit an int");
        }
        return (int) value;
    }

    boolean bool(String field) throws WireFormatException {
        return zeroOrOne(field, "boolean");
    }

    /** The tag of an option or result: whether the value (or the error) follows. */
    boolean present(String field) throws WireFormatException {
        return zeroOrOne(field, "option tag");
    }

    private boolean zeroOrOne(String field, String kind) throws WireFormatException {
        int at = offset();
        int value = u8(field);
        if (value > 1) {
            throw new WireFormatException(Reason.INVALID_BYTE, "frame", at,
                    field + ": " + kind + " byte must be 0 or 1, got " + value);
        }
        return value == 1;
    }

    /**
     * @return a u64 element count, checked to fit in what is left of the frame at {@code elementBytes} per element,
     *         before anything is allocated for it
     */
    int count(String field, int elementBytes) throws WireFormatException {
        int at = offset();
        long count = u64(field);
        return fitting(at, field, count, elementBytes);
    }

    private int fitting(int at, String field, long count, int elementBytes) throws WireFormatException {
        // Unsigned compare: a count with its top bit set is huge, not negative.
        if (Long.compareUnsigned(count, remaining() / elementBytes) > 0) {
            throw new WireFormatException(Reason.COUNT_EXCEEDS_FRAME, "frame", at, field + " claims "
                    + Long.toUnsignedString(count) + " x " + elementBytes + " bytes, but " + remaining()
                    + " bytes remain in the frame");
        }
        return (int) count;
    }

    /** A byte array: u32 length, then the bytes. */
    byte[] bytes(String field) throws WireFormatException {
        int at = offset();
        int lengthBytes = fitting(at, field, u32(field), 1);
        byte[] data = new byte[lengthBytes];
        buffer.get(position, data);
        position += lengthBytes;
        return data;
    }

    /** A string: a byte array holding strict UTF-8 (malformed input is rejected, not replaced). */
    String string(String field) throws WireFormatException {
        int at = offset();
        int lengthBytes = fitting(at, field, u32(field), 1);
        // Strings travel only in error replies, so the view and the decoded copy are allowed to allocate.
        ByteBuffer utf8Bytes = buffer.duplicate().position(position).limit(position + lengthBytes);
        position += lengthBytes;
        try {
            CharBuffer chars = utf8.reset().decode(utf8Bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw invalid(at, field + " is not valid UTF-8");
        }
    }

    DependencyRange dependencies() throws WireFormatException {
        long first = u64("first dependency");
        long last = u64("last dependency");
        // The empty range shares one instance; any other is one more small object per request (see MessageDecoder).
        return first == DependencyRange.NONE.firstJobId() && last == DependencyRange.NONE.lastJobId()
                ? DependencyRange.NONE
                : new DependencyRange(first, last);
    }

    InetSocketAddress socketAddress(String field) throws WireFormatException {
        int at = offset();
        int family = u8(field);
        int addressBytes = switch (family) {
            case MessageLayout.ADDRESS_IPV4 -> 4;
            case MessageLayout.ADDRESS_IPV6 -> 16;
            default -> throw new WireFormatException(Reason.INVALID_BYTE, "frame", at,
                    field + ": address family byte must be 0 (IPv4) or 1 (IPv6), got " + family);
        };
        need(addressBytes, field);
        byte[] address = new byte[addressBytes];
        buffer.get(position, address);
        position += addressBytes;
        int port = u16("port");
        try {
            // Given raw bytes, neither looks anything up; they throw only for a wrong length, checked above.
            // Inet6Address keeps an IPv4-mapped IPv6 address IPv6 (InetAddress would make it IPv4), so that it is
            // written back as it came.
            InetAddress ip = addressBytes == 4 ? InetAddress.getByAddress(address)
                    : Inet6Address.getByAddress(null, address, -1);
            return new InetSocketAddress(ip, port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + addressBytes + " bytes was refused", e);
        }
    }

    /** Rejects a frame whose body is longer than its message. */
    void expectEnd(String messageName) throws WireFormatException {
        if (remaining() != 0) {
            throw new WireFormatException(Reason.TRAILING_BYTES, "frame", offset(),
                    remaining() + " bytes left over after a whole " + messageName);
        }
    }

    /** @return an {@link Reason#INVALID_VALUE} rejection of the field that starts at frame offset {@code at} */
    WireFormatException invalid(int at, String detail) {
        return new WireFormatException(Reason.INVALID_VALUE, "frame", at, detail);
    }

    private void need(int bytes, String field) throws WireFormatException {
        if (end - position < bytes) {
            throw new WireFormatException(Reason.TRUNCATED, "frame", offset(),
                    field + " needs " + bytes + " bytes, " + remaining() + " remain");
        }
    }
}
