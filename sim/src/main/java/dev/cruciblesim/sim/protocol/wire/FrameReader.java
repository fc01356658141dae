package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.wire.WireFormatException.Reason;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Cuts a byte stream into frames as its bytes arrive: any number of frames, or part of one, per socket read.
 *
 * <pre>
 *  channel.read(in); in.flip();
 *  for (ByteBuffer frame; (frame = frames.nextFrame(in)) != null; ) {
 *      handle(decoder.decode(frame));
 *  }
 *  in.clear();                            // nextFrame took every byte: a partial frame waits inside the reader
 * </pre>
 *
 * <p>The reader holds at most one frame. It checks a frame's length prefix before it keeps any of the body, and it
 * grows its buffer only as the body's bytes arrive (doubling, up to the frame's length), so a peer that announces a
 * large frame and sends little of it costs at most about twice what it sent; a prefix over
 * {@link MessageLayout#MAX_FRAME_BYTES} or under {@link MessageLayout#MIN_FRAME_BYTES} is refused as soon as its
 * four bytes are in. The buffer is kept for the next frame, so a connection's steady state allocates nothing here.
 * Not done: a frame that lies whole within one read is still copied once into the reader, where it could have been
 * decoded in place; handing out a view of the caller's buffer would allocate a view per frame and tie the frame's
 * life to the caller's next read.
 *
 * <p>A rejected stream has lost its framing: after a {@link WireFormatException} the reader refuses to go on, and the
 * connection should be closed. One thread at a time.
 */
public final class FrameReader {
    /** Enough for every control frame, so only IO frames make the buffer grow. */
    public static final int DEFAULT_INITIAL_CAPACITY_BYTES = 256;

    private ByteBuffer frame;
    /** The frame's length once its prefix is in and checked; -1 before. */
    private int frameLengthBytes = -1;
    /** Where the frame being assembled starts in the stream, for error messages. */
    private long frameStreamOffset;
    private boolean frameHandedOut;
    private WireFormatException failure;

    public FrameReader() {
        this(DEFAULT_INITIAL_CAPACITY_BYTES);
    }

    /** @param initialCapacityBytes at least the length prefix's 4 bytes */
    public FrameReader(int initialCapacityBytes) {
        if (initialCapacityBytes < MessageLayout.LENGTH_PREFIX_BYTES) {
            throw new IllegalArgumentException("initial capacity must hold a length prefix ("
                    + MessageLayout.LENGTH_PREFIX_BYTES + " bytes), got " + initialCapacityBytes);
        }
        frame = ByteBuffer.allocate(initialCapacityBytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Takes bytes from {@code src} (from its position, which advances) until one frame is whole.
     *
     * @return the frame, length prefix included, between the returned buffer's position and limit: the reader's own
     *         buffer, valid until the next call, so decode it before asking again; or null when {@code src} ran out
     *         first, in which case every byte of it was taken
     * @throws WireFormatException   when a length prefix is over the limit or under the minimum
     * @throws IllegalStateException when the reader already rejected this stream
     */
    public ByteBuffer nextFrame(ByteBuffer src) throws WireFormatException {
        if (failure != null) {
            throw new IllegalStateException("the stream was rejected earlier: " + failure.getMessage(), failure);
        }
        if (frameHandedOut) {
            frameStreamOffset += frameLengthBytes;
            frame.clear();
            frameLengthBytes = -1;
            frameHandedOut = false;
        }
        if (frameLengthBytes < 0) {
            take(src, MessageLayout.LENGTH_PREFIX_BYTES - frame.position());
            if (frame.position() < MessageLayout.LENGTH_PREFIX_BYTES) {
                return null;
            }
            frameLengthBytes = checkedLength(frame.getInt(0) & 0xFFFF_FFFFL);
        }
        int wantedBytes = Math.min(frameLengthBytes - frame.position(), src.remaining());
        if (frame.remaining() < wantedBytes) {
            grow(frame.position() + wantedBytes);
        }
        take(src, wantedBytes);
        if (frame.position() < frameLengthBytes) {
            return null;
        }
        frame.flip();
        frameHandedOut = true;
        return frame;
    }

    /** @return the bytes of a frame not yet whole; non-zero at the end of a stream means it ended mid-frame */
    public int bufferedBytes() {
        return frameHandedOut ? 0 : frame.position();
    }

    /** @return the size of the buffer the reader keeps: its largest frame so far, or less if that is still coming */
    public int capacityBytes() {
        return frame.capacity();
    }

    private void take(ByteBuffer src, int maxBytes) {
        int bytes = Math.min(maxBytes, src.remaining());
        frame.put(frame.position(), src, src.position(), bytes);
        frame.position(frame.position() + bytes);
        src.position(src.position() + bytes);
    }

    private int checkedLength(long lengthBytes) throws WireFormatException {
        if (lengthBytes > MessageLayout.MAX_FRAME_BYTES) {
            throw fail(Reason.LENGTH_OVER_LIMIT, "length prefix says " + lengthBytes + " bytes, the limit is "
                    + MessageLayout.MAX_FRAME_BYTES);
        }
        if (lengthBytes < MessageLayout.MIN_FRAME_BYTES) {
            throw fail(Reason.LENGTH_UNDER_MINIMUM, "length prefix says " + lengthBytes
                    + " bytes, a frame has at least " + MessageLayout.MIN_FRAME_BYTES);
        }
        return (int) lengthBytes;
    }

    private WireFormatException fail(Reason reason, String detail) {
        failure = new WireFormatException(reason, "stream", frameStreamOffset, detail);
        return failure;
    }

    private void grow(int neededBytes) {
        int capacityBytes = (int) Math.min(frameLengthBytes, Math.max(neededBytes, 2L * frame.capacity()));
        ByteBuffer grown = ByteBuffer.allocate(capacityBytes).order(ByteOrder.LITTLE_ENDIAN);
        grown.put(0, frame, 0, frame.position());
        grown.position(frame.position());
        frame = grown;
    }
}
