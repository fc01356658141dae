package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.ErrorReport;
import dev.cruciblesim.sim.protocol.ExtentClose;
import dev.cruciblesim.sim.protocol.ExtentError;
import dev.cruciblesim.sim.protocol.ExtentFlush;
import dev.cruciblesim.sim.protocol.ExtentReopen;
import dev.cruciblesim.sim.protocol.ExtentRepair;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.ExtentVersionsPlease;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Imok;
import dev.cruciblesim.sim.protocol.LastFlush;
import dev.cruciblesim.sim.protocol.LastFlushAck;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.RepairAckId;
import dev.cruciblesim.sim.protocol.Ruok;
import dev.cruciblesim.sim.protocol.UuidMismatch;
import dev.cruciblesim.sim.protocol.VersionMismatch;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNoLongerActive;
import dev.cruciblesim.sim.protocol.YouAreNowActive;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The wire layout: one constant per message type, holding its tag and the code that writes and reads its body,
 * so that both directions of a message sit side by side and the table below is the whole format.
 *
 * <h2>Frame</h2>
 * <pre>
 *  offset  size  field
 *  0       4     length: u32, the whole frame's size in bytes, these 4 included (as in Crucible)
 *  4       4     tag: u32, from the table below
 *  8       ...   body: the tag's fields, in order, nothing before, between or after them
 * </pre>
 * A frame is at least {@value #MIN_FRAME_BYTES} bytes (a message without fields) and at most
 * {@value #MAX_FRAME_BYTES} (Crucible's 100 MiB, {@code P@O:11}). The protocol version is not in the frame: it is
 * checked once, at the handshake ({@link HereIAm#version()}, answered by {@link YesItsMe} or
 * {@link VersionMismatch}).
 *
 * <h2>Field types</h2>
 * Little-endian throughout, in the manner of bincode, but the layout is ours, not Crucible's byte for byte.
 * <pre>
 *  u8 u16 u32 u64  unsigned integers. A u64 fills a Java long bit for bit (ids and numbers may use all 64 bits);
 *                  a u32 or u64 that the message type holds in an int must be at most 2^31 - 1
 *  count           u64; a number of elements that follow, or of blocks; checked against the bytes left
 *  bool            u8: 0 false, 1 true, anything else rejected
 *  bytes           u32 length in bytes, then the bytes
 *  string          bytes holding strict UTF-8 (malformed input is rejected, not replaced)
 *  option&lt;T&gt;       u8 0: absent | u8 1, then T
 *  result          option&lt;string&gt;: u8 0 success | u8 1, then the error (a reply's error field is null on 0)
 *  deps            u64 firstJobId, u64 lastJobId: a {@link dev.cruciblesim.sim.protocol.DependencyRange}
 *  addr            u8 0, 4 address bytes | u8 1, 16 address bytes; then u16 port
 *  client          u8: a client (downstairs) id
 *  uuid            u64 most significant bits, u64 least significant bits (16 bytes)
 * </pre>
 * Crucible's upstairs ids are UUIDs; this project's are longs, so they travel as u64. A region's id is a UUID, as
 * in Crucible.
 *
 * <h2>Tags</h2>
 * <pre>
 *  tag  message               body
 *    1  HereIAm               version u32, upstairsId u64, regionUuid uuid (nil: any region)
 *    2  YesItsMe              version u32, repairAddress addr (port 0: no repair server, see YesItsMe)
 *    3  VersionMismatch       version u32
 *    4  PromoteToActive       upstairsId u64
 *    5  YouAreNowActive       upstairsId u64
 *    6  YouAreNoLongerActive  newUpstairsId u64
 *    7  UuidMismatch          regionUuid uuid (the region the downstairs serves)
 *    8  RegionInfoPlease      (none)
 *    9  RegionInfo            blockSizeBytes u32, extentSizeBlocks count, extentCount count, regionUuid uuid
 *   10  ExtentVersionsPlease  (none)
 *   11  ExtentVersions        count, generations u64 x count; count, flushNumbers u64 x count;
 *                             count, dirty bool x count (the three counts equal)
 *   12  LastFlush             lastFlushJobId u64
 *   13  LastFlushAck          lastFlushJobId u64
 *   20  Ruok                  (none)
 *   21  Imok                  (none)
 *   30  ExtentFlush           repairId u64, extentId u64, clientId client, flushNumber u64, generation u64
 *   31  ExtentClose           repairId u64, extentId u64
 *   32  ExtentRepair          repairId u64, extentId u64, sourceClientId client, sourceRepairAddress addr,
 *                             count, destClientIds client x count
 *   33  ExtentReopen          repairId u64, extentId u64
 *   34  RepairAckId           repairId u64
 *   35  ExtentError           repairId u64, extentId u64, error string
 *   40  WriteRequest          jobId u64, dependencies deps, blockOffset u64, data bytes
 *   41  WriteAck              jobId u64, result
 *   42  FlushRequest          jobId u64, dependencies deps, flushNumber u64, generation u64
 *   43  FlushAck              jobId u64, result
 *   44  ReadRequest           jobId u64, dependencies deps, blockOffset u64, blockCount count
 *   45  ReadResponse          jobId u64, u8 0, data bytes | u8 1, error string
 *   46  ErrorReport           jobId option&lt;u64&gt;, message string
 * </pre>
 * Tags are grouped by tens (negotiation, ping, reconciliation, IO) so a group can grow without renumbering; tag 0 is
 * never used, so a zeroed frame is rejected. Stamped writes and reads ({@link WriteRequest#isStamped()},
 * {@link ReadResponse#stamps()}) have no tag: stamps exist only in virtual time, and a real-time link carries real
 * bytes.
 */
public enum MessageLayout {
    HERE_I_AM(1, HereIAm.class, (m, out) -> {
        out.u32(m.version(), "version");
        out.u64(m.upstairsId());
        out.uuid(m.regionUuid());
    }, in -> new HereIAm(in.u32AsInt("version"), in.u64("upstairs id"), in.uuid("region uuid"))),
    YES_ITS_ME(2, YesItsMe.class, (m, out) -> {
        out.u32(m.version(), "version");
        out.socketAddress(m.repairAddress());
    }, in -> new YesItsMe(in.u32AsInt("version"), in.socketAddress("repair address"))),
    VERSION_MISMATCH(3, VersionMismatch.class, (m, out) -> out.u32(m.version(), "version"),
            in -> new VersionMismatch(in.u32AsInt("version"))),
    PROMOTE_TO_ACTIVE(4, PromoteToActive.class, (m, out) -> out.u64(m.upstairsId()),
            in -> new PromoteToActive(in.u64("upstairs id"))),
    YOU_ARE_NOW_ACTIVE(5, YouAreNowActive.class, (m, out) -> out.u64(m.upstairsId()),
            in -> new YouAreNowActive(in.u64("upstairs id"))),
    YOU_ARE_NO_LONGER_ACTIVE(6, YouAreNoLongerActive.class, (m, out) -> out.u64(m.newUpstairsId()),
            in -> new YouAreNoLongerActive(in.u64("new upstairs id"))),
    UUID_MISMATCH(7, UuidMismatch.class, (m, out) -> out.uuid(m.regionUuid()),
            in -> new UuidMismatch(in.uuid("region uuid"))),
    REGION_INFO_PLEASE(8, RegionInfoPlease.class, (m, out) -> {
    }, in -> new RegionInfoPlease()),
    /** RegionDefinition checks the geometry it is given; MessageDecoder turns a refusal into INVALID_VALUE. */
    REGION_INFO(9, RegionInfo.class, (m, out) -> {
        out.u32(m.region().blockSizeBytes(), "block size");
        out.u64Count(m.region().extentSizeBlocks(), "extent size");
        out.u64Count(m.region().extentCount(), "extent count");
        out.uuid(m.regionUuid());
    }, in -> new RegionInfo(new RegionDefinition(in.u32AsInt("block size"), in.u64AsInt("extent size"),
            in.u64AsInt("extent count")), in.uuid("region uuid"))),
    EXTENT_VERSIONS_PLEASE(10, ExtentVersionsPlease.class, (m, out) -> {
    }, in -> new ExtentVersionsPlease()),
    EXTENT_VERSIONS(11, ExtentVersions.class, MessageLayout::writeExtentVersions, MessageLayout::readExtentVersions),
    LAST_FLUSH(12, LastFlush.class, (m, out) -> out.u64(m.lastFlushJobId()),
            in -> new LastFlush(in.u64("last flush job id"))),
    LAST_FLUSH_ACK(13, LastFlushAck.class, (m, out) -> out.u64(m.lastFlushJobId()),
            in -> new LastFlushAck(in.u64("last flush job id"))),
    RUOK(20, Ruok.class, (m, out) -> {
    }, in -> new Ruok()),
    IMOK(21, Imok.class, (m, out) -> {
    }, in -> new Imok()),
    EXTENT_FLUSH(30, ExtentFlush.class, (m, out) -> {
        out.u64(m.repairId());
        out.u64(m.extentId());
        out.u8(m.clientId(), "client id");
        out.u64(m.flushNumber());
        out.u64(m.generation());
    }, in -> new ExtentFlush(in.u64("repair id"), in.u64("extent id"), in.u8("client id"), in.u64("flush number"),
            in.u64("generation"))),
    EXTENT_CLOSE(31, ExtentClose.class, (m, out) -> {
        out.u64(m.repairId());
        out.u64(m.extentId());
    }, in -> new ExtentClose(in.u64("repair id"), in.u64("extent id"))),
    EXTENT_REPAIR(32, ExtentRepair.class, MessageLayout::writeExtentRepair, MessageLayout::readExtentRepair),
    EXTENT_REOPEN(33, ExtentReopen.class, (m, out) -> {
        out.u64(m.repairId());
        out.u64(m.extentId());
    }, in -> new ExtentReopen(in.u64("repair id"), in.u64("extent id"))),
    REPAIR_ACK_ID(34, RepairAckId.class, (m, out) -> out.u64(m.repairId()),
            in -> new RepairAckId(in.u64("repair id"))),
    EXTENT_ERROR(35, ExtentError.class, (m, out) -> {
        out.u64(m.repairId());
        out.u64(m.extentId());
        out.string(m.error());
    }, in -> new ExtentError(in.u64("repair id"), in.u64("extent id"), in.string("error"))),
    WRITE_REQUEST(40, WriteRequest.class, (m, out) -> {
        if (m.isStamped()) {
            throw new IllegalArgumentException("cannot encode stamped write " + m
                    + ": stamps exist only in virtual time, a real-time link carries the bytes");
        }
        if (m.data() == null) {
            throw new IllegalArgumentException("cannot encode write " + m + ": it has no data");
        }
        out.u64(m.jobId());
        out.dependencies(m.firstDependencyJobId(), m.lastDependencyJobId());
        out.u64(m.blockOffset());
        out.bytes(m.data());
    }, in -> new WriteRequest(in.u64("job id"), in.dependencies(), in.u64("block offset"), in.bytes("data"))),
    WRITE_ACK(41, WriteAck.class, (m, out) -> {
        out.u64(m.jobId());
        writeResult(out, m.error());
    }, in -> new WriteAck(in.u64("job id"), readResult(in))),
    FLUSH_REQUEST(42, FlushRequest.class, (m, out) -> {
        out.u64(m.jobId());
        out.dependencies(m.dependencies());
        out.u64(m.flushNumber());
        out.u64(m.generation());
    }, in -> new FlushRequest(in.u64("job id"), in.dependencies(), in.u64("flush number"), in.u64("generation"))),
    FLUSH_ACK(43, FlushAck.class, (m, out) -> {
        out.u64(m.jobId());
        writeResult(out, m.error());
    }, in -> new FlushAck(in.u64("job id"), readResult(in))),
    READ_REQUEST(44, ReadRequest.class, (m, out) -> {
        out.u64(m.jobId());
        out.dependencies(m.dependencies());
        out.u64(m.blockOffset());
        out.u64Count(m.blockCount(), "block count");
    }, in -> new ReadRequest(in.u64("job id"), in.dependencies(), in.u64("block offset"),
            in.u64AsInt("block count"))),
    READ_RESPONSE(45, ReadResponse.class, MessageLayout::writeReadResponse, MessageLayout::readReadResponse),
    ERROR_REPORT(46, ErrorReport.class, (m, out) -> {
        out.present(m.jobId().isPresent());
        if (m.jobId().isPresent()) {
            out.u64(m.jobId().getAsLong());
        }
        out.string(m.message());
    }, in -> new ErrorReport(in.present("job id tag") ? OptionalLong.of(in.u64("job id")) : OptionalLong.empty(),
            in.string("message")));

    /** Crucible's frame limit, 100 MiB ({@code P@O:11}): a frame's size, its length prefix included. */
    public static final int MAX_FRAME_BYTES = 100 * 1024 * 1024;
    public static final int LENGTH_PREFIX_BYTES = 4;
    public static final int TAG_BYTES = 4;
    /** The length prefix and the tag: a message without fields. */
    public static final int MIN_FRAME_BYTES = LENGTH_PREFIX_BYTES + TAG_BYTES;

    /** The first byte of an {@code addr}. */
    static final int ADDRESS_IPV4 = 0;
    static final int ADDRESS_IPV6 = 1;

    private static final MessageLayout[] BY_TAG;
    private static final Map<Class<?>, MessageLayout> BY_TYPE = new HashMap<>();

    static {
        int maxTag = 0;
        for (MessageLayout layout : values()) {
            maxTag = Math.max(maxTag, layout.tag);
        }
        BY_TAG = new MessageLayout[maxTag + 1];
        for (MessageLayout layout : values()) {
            if (BY_TAG[layout.tag] != null || BY_TYPE.put(layout.messageType, layout) != null) {
                throw new ExceptionInInitializerError("tag " + layout.tag + " or " + layout.messageType
                        + " is used twice");
            }
            BY_TAG[layout.tag] = layout;
        }
    }

    /** Writes a body's fields; throws IllegalArgumentException for a message the wire cannot carry. */
    @FunctionalInterface
    interface BodyWriter<M extends Message> {
        void write(M message, WireWriter out);
    }

    /** Reads a body's fields; the decoder then checks that nothing is left over. */
    @FunctionalInterface
    interface BodyReader {
        Message read(WireReader in) throws WireFormatException;
    }

    private final int tag;
    private final Class<? extends Message> messageType;
    private final BodyWriter<Message> writer;
    private final BodyReader reader;

    <M extends Message> MessageLayout(int tag, Class<M> messageType, BodyWriter<M> writer, BodyReader reader) {
        this.tag = tag;
        this.messageType = messageType;
        // One lambda per constant, made once: the cast checks the type without allocating per message.
        this.writer = (message, out) -> writer.write(messageType.cast(message), out);
        this.reader = reader;
    }

    /** @return the u32 that names this message type on the wire */
    public int tag() {
        return tag;
    }

    public Class<? extends Message> messageType() {
        return messageType;
    }

    /** @return the layout of the message with this tag, or null when no message type has it */
    public static MessageLayout ofTag(long tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[(int) tag] : null;
    }

    /** @return the layout of {@code message}'s type */
    public static MessageLayout of(Message message) {
        MessageLayout layout = BY_TYPE.get(message.getClass());
        if (layout == null) {
            // Unreachable while every permitted message type has a constant, which MessageGoldenBytesTest checks.
            throw new IllegalArgumentException("no wire layout for " + message.getClass().getName());
        }
        return layout;
    }

    void write(Message message, WireWriter out) {
        writer.write(message, out);
    }

    Message read(WireReader in) throws WireFormatException {
        return reader.read(in);
    }

    private static void writeResult(WireWriter out, String error) {
        out.present(error != null);
        if (error != null) {
            out.string(error);
        }
    }

    private static String readResult(WireReader in) throws WireFormatException {
        return in.present("result tag") ? in.string("error") : null;
    }

    private static void writeExtentVersions(ExtentVersions m, WireWriter out) {
        long[] generations = m.generations();
        long[] flushNumbers = m.flushNumbers();
        boolean[] dirty = m.dirty();
        out.u64(generations.length);
        for (long generation : generations) {
            out.u64(generation);
        }
        out.u64(flushNumbers.length);
        for (long flushNumber : flushNumbers) {
            out.u64(flushNumber);
        }
        out.u64(dirty.length);
        for (boolean bit : dirty) {
            out.bool(bit);
        }
    }

    private static Message readExtentVersions(WireReader in) throws WireFormatException {
        long[] generations = new long[in.count("generation count", Long.BYTES)];
        for (int i = 0; i < generations.length; i++) {
            generations[i] = in.u64("generation");
        }
        long[] flushNumbers = new long[sameCount(in, "flush number count", Long.BYTES, generations.length)];
        for (int i = 0; i < flushNumbers.length; i++) {
            flushNumbers[i] = in.u64("flush number");
        }
        boolean[] dirty = new boolean[sameCount(in, "dirty bit count", 1, generations.length)];
        for (int i = 0; i < dirty.length; i++) {
            dirty[i] = in.bool("dirty bit");
        }
        return new ExtentVersions(generations, flushNumbers, dirty);
    }

    private static int sameCount(WireReader in, String field, int elementBytes, int expected)
            throws WireFormatException {
        int at = in.offset();
        int count = in.count(field, elementBytes);
        if (count != expected) {
            throw in.invalid(at, field + " " + count + " differs from the generation count " + expected);
        }
        return count;
    }

    private static void writeExtentRepair(ExtentRepair m, WireWriter out) {
        out.u64(m.repairId());
        out.u64(m.extentId());
        out.u8(m.sourceClientId(), "source client id");
        out.socketAddress(m.sourceRepairAddress());
        out.u64(m.destClientCount());
        for (int i = 0; i < m.destClientCount(); i++) {
            out.u8(m.destClientId(i), "destination client id");
        }
    }

    private static Message readExtentRepair(WireReader in) throws WireFormatException {
        long repairId = in.u64("repair id");
        long extentId = in.u64("extent id");
        int sourceClientId = in.u8("source client id");
        InetSocketAddress sourceRepairAddress = in.socketAddress("source repair address");
        int[] destClientIds = new int[in.count("destination client count", 1)];
        for (int i = 0; i < destClientIds.length; i++) {
            destClientIds[i] = in.u8("destination client id");
        }
        return new ExtentRepair(repairId, extentId, sourceClientId, sourceRepairAddress, destClientIds);
    }

    private static void writeReadResponse(ReadResponse m, WireWriter out) {
        if (m.stamps() != null) {
            throw new IllegalArgumentException("cannot encode stamped read reply " + m
                    + ": stamps exist only in virtual time, a real-time link carries the bytes");
        }
        if ((m.data() == null) == (m.error() == null)) {
            throw new IllegalArgumentException("cannot encode read reply " + m
                    + ": it must carry either data or an error");
        }
        out.u64(m.jobId());
        writeResult(out, m.error());
        if (m.error() == null) {
            out.bytes(m.data());
        }
    }

    private static Message readReadResponse(WireReader in) throws WireFormatException {
        long jobId = in.u64("job id");
        String error = readResult(in);
        return error != null ? new ReadResponse(jobId, null, error) : new ReadResponse(jobId, in.bytes("data"), null);
    }
}
