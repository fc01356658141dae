package dev.cruciblesim.downstairs.repair;

import dev.cruciblesim.downstairs.region.ExtentImage;
import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The repair port's framing: one request and one response per connection, each length-prefixed, little-endian as
 * the IO wire ({@link dev.cruciblesim.sim.protocol.wire.MessageLayout}) is. Ours, not Crucible's (its repair server
 * speaks HTTP and serves an extent's files one by one); one extent whole is all reconciliation needs.
 *
 * <pre>
 * request (destination to source), 16 bytes
 *  offset  size  field
 *  0       4     length u32: 16, these 4 bytes included
 *  4       4     magic, ASCII "RPQ1"
 *  8       8     extent u64
 *
 * response (source to destination)
 *  0       4     length u32: the whole frame, these 4 bytes included
 *  4       4     magic, ASCII "RPA1"
 *  8       1     status u8: 0 the extent follows | 1 an error follows
 *  status 0:
 *  9       8     extent u64 (the one asked for)
 *  17      8     flush number u64
 *  25      8     generation u64
 *  33      4     block size u32, bytes
 *  37      4     block count u32 (the extent's size)
 *  41      ...   data: block count x block size bytes, every block of the extent
 *  status 1:
 *  9       4     message length u32, at most 65536
 *  13      ...   message, UTF-8
 * </pre>
 * The destination knows the geometry (the upstairs checked that all three agree), so it accepts a response only of
 * exactly the length its own extent implies, and never allocates more than one extent for a peer's frame.
 */
final class RepairFrames {
    static final int REQUEST_BYTES = 16;
    static final int RESPONSE_PREFIX_BYTES = 9;
    static final int IMAGE_HEADER_BYTES = 32;
    static final int MAX_ERROR_BYTES = 1 << 16;
    private static final int REQUEST_MAGIC = magic("RPQ1");
    private static final int RESPONSE_MAGIC = magic("RPA1");
    private static final int STATUS_IMAGE = 0;
    private static final int STATUS_ERROR = 1;

    private RepairFrames() {
    }

    /** A frame that breaks the framing; the message says which field and how. */
    static final class FramingException extends IOException {
        FramingException(String message) {
            super(message);
        }
    }

    private static int magic(String ascii) {
        return ByteBuffer.wrap(ascii.getBytes(StandardCharsets.US_ASCII)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static ByteBuffer little(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] request(int extent) {
        return little(REQUEST_BYTES).putInt(REQUEST_BYTES).putInt(REQUEST_MAGIC).putLong(extent).array();
    }

    /** @return the extent a whole request asks for */
    static int readRequest(DataInputStream in) throws IOException {
        ByteBuffer frame = readExactly(in, REQUEST_BYTES, "request");
        int length = frame.getInt();
        if (length != REQUEST_BYTES) {
            throw new FramingException("request length " + Integer.toUnsignedString(length) + ", a request is "
                    + REQUEST_BYTES + " bytes");
        }
        checkMagic(frame.getInt(), REQUEST_MAGIC, "request");
        long extent = frame.getLong();
        if (extent < 0 || extent > Integer.MAX_VALUE) {
            throw new FramingException("request for extent " + Long.toUnsignedString(extent) + ", not an extent index");
        }
        return (int) extent;
    }

    static void writeImage(OutputStream out, ExtentImage image, int blockSizeBytes) throws IOException {
        byte[] data = image.data();
        ByteBuffer header = little(RESPONSE_PREFIX_BYTES + IMAGE_HEADER_BYTES)
                .putInt(RESPONSE_PREFIX_BYTES + IMAGE_HEADER_BYTES + data.length).putInt(RESPONSE_MAGIC)
                .put((byte) STATUS_IMAGE).putLong(image.extent()).putLong(image.flushNumber())
                .putLong(image.generation()).putInt(blockSizeBytes).putInt(data.length / blockSizeBytes);
        out.write(header.array());
        out.write(data);
        out.flush();
    }

    static void writeError(OutputStream out, String message) throws IOException {
        // Four UTF-8 bytes per char at most, so this many chars always fit the limit.
        String bounded = message.length() > MAX_ERROR_BYTES / 4 ? message.substring(0, MAX_ERROR_BYTES / 4) : message;
        byte[] text = bounded.getBytes(StandardCharsets.UTF_8);
        out.write(little(RESPONSE_PREFIX_BYTES + 4).putInt(RESPONSE_PREFIX_BYTES + 4 + text.length)
                .putInt(RESPONSE_MAGIC).put((byte) STATUS_ERROR).putInt(text.length).array());
        out.write(text);
        out.flush();
    }

    /**
     * @return the extent in a response to a request for {@code extent} in a region of {@code definition}
     * @throws RepairException   when the source answered with an error
     * @throws FramingException  when the response breaks the framing or is not of this extent and geometry
     */
    static ExtentImage readResponse(DataInputStream in, int extent, RegionDefinition definition) throws IOException {
        ByteBuffer prefix = readExactly(in, RESPONSE_PREFIX_BYTES, "response");
        long length = Integer.toUnsignedLong(prefix.getInt());
        checkMagic(prefix.getInt(), RESPONSE_MAGIC, "response");
        int status = prefix.get();
        if (status == STATUS_ERROR) {
            int textBytes = readExactly(in, 4, "error length").getInt();
            if (textBytes < 0 || textBytes > MAX_ERROR_BYTES || length != RESPONSE_PREFIX_BYTES + 4L + textBytes) {
                throw new FramingException("error response of length " + length + " with a message of "
                        + Integer.toUnsignedString(textBytes) + " bytes");
            }
            byte[] text = new byte[textBytes];
            in.readFully(text);
            throw new RepairException("the source refused: " + utf8(text));
        }
        if (status != STATUS_IMAGE) {
            throw new FramingException("response status " + (status & 0xff) + ", expected 0 or 1");
        }
        long dataBytes = (long) definition.extentSizeBlocks() * definition.blockSizeBytes();
        if (length != RESPONSE_PREFIX_BYTES + IMAGE_HEADER_BYTES + dataBytes) {
            throw new FramingException("response length " + length + ", an extent of " + definition.extentSizeBlocks()
                    + " blocks of " + definition.blockSizeBytes() + " B makes "
                    + (RESPONSE_PREFIX_BYTES + IMAGE_HEADER_BYTES + dataBytes));
        }
        ByteBuffer header = readExactly(in, IMAGE_HEADER_BYTES, "extent header");
        long gotExtent = header.getLong();
        long flushNumber = header.getLong();
        long generation = header.getLong();
        int blockSizeBytes = header.getInt();
        int blockCount = header.getInt();
        if (gotExtent != extent || blockSizeBytes != definition.blockSizeBytes()
                || blockCount != definition.extentSizeBlocks() || flushNumber < 0 || generation < 0) {
            throw new FramingException("response for extent " + Long.toUnsignedString(gotExtent) + " ("
                    + Integer.toUnsignedString(blockCount) + " blocks of " + Integer.toUnsignedString(blockSizeBytes)
                    + " B, flush " + Long.toUnsignedString(flushNumber) + ", generation "
                    + Long.toUnsignedString(generation) + "), asked for extent " + extent + " of "
                    + definition.extentSizeBlocks() + " blocks of " + definition.blockSizeBytes() + " B");
        }
        byte[] data = new byte[(int) dataBytes];
        in.readFully(data);
        return ExtentImage.ofBytes(extent, flushNumber, generation, data);
    }

    private static void checkMagic(int got, int expected, String frame) throws FramingException {
        if (got != expected) {
            throw new FramingException(frame + " magic 0x" + Integer.toHexString(got) + " is not the repair port's");
        }
    }

    private static ByteBuffer readExactly(DataInputStream in, int bytes, String what) throws IOException {
        byte[] frame = new byte[bytes];
        try {
            in.readFully(frame);
        } catch (EOFException e) {
            throw new FramingException("the peer hung up inside the " + what);
        }
        return ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String utf8(byte[] text) throws FramingException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(text)).toString();
        } catch (CharacterCodingException e) {
            throw new FramingException("error message is not UTF-8");
        }
    }
}
