package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.wire.WireFormatException.Reason;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.decode;
import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each reason a frame is rejected for, with the offset that the layout table puts the bad field at. */
class MessageDecoderRejectionTest {
    /** HereIAm(1, 0x0102030405060708) for any region: 36 bytes, as in {@link GoldenFrames}. */
    private static final String HERE_I_AM_BODY = "01000000" + "0807060504030201" + "00".repeat(16);
    /** ExtentRepair's tag, repair id 7, extent id 3 and source client 0: the 17 bytes before its address. */
    private static final String EXTENT_REPAIR_HEAD = "20000000" + "0700000000000000" + "0300000000000000" + "00";

    @Test
    void shouldRejectALengthPrefixOverTheLimit() {
        // 100 MiB + 1 = 0x06400001; the frame is rejected on its prefix alone, without the 100 MiB.
        assertRejected(hex("01004006", "01000000"), Reason.LENGTH_OVER_LIMIT, 0, "104857601 bytes");
        assertRejected(hex("ffffffff", "01000000"), Reason.LENGTH_OVER_LIMIT, 0, "4294967295 bytes");
    }

    @Test
    void shouldTakeALengthPrefixAtTheLimitAsTruncatedNotOverTheLimit() {
        assertRejected(hex("00004006", "01000000"), Reason.TRUNCATED, 8, "104857600 bytes");
    }

    @Test
    void shouldRejectALengthPrefixUnderTheMinimum() {
        assertRejected(hex("07000000", "000000"), Reason.LENGTH_UNDER_MINIMUM, 0, "at least 8");
        assertRejected(hex("00000000", "08000000"), Reason.LENGTH_UNDER_MINIMUM, 0, "says 0 bytes");
    }

    @Test
    void shouldRejectAFrameShorterThanItsLengthPrefix() {
        assertRejected(hex("14000000", "01000000", "01000000", "08070605040302"), Reason.TRUNCATED, 19,
                "says 20 bytes, the frame ends after 19");
        assertRejected(hex("1400"), Reason.TRUNCATED, 0, "length prefix needs 4 bytes, 2 remain");
    }

    @Test
    void shouldRejectABodyThatEndsBeforeItsLastField() {
        // The prefix agrees with the 19 bytes given, but HereIAm's upstairs id needs 8 and only 7 are left.
        assertRejected(hex("13000000", "01000000", "01000000", "08070605040302"), Reason.TRUNCATED, 12,
                "upstairs id needs 8 bytes, 7 remain");
        assertRejected(hex("0a000000", "29000000", "e903"), Reason.TRUNCATED, 8, "job id needs 8 bytes");
    }

    @Test
    void shouldRejectABodyWithBytesLeftOver() {
        assertRejected(hex("25000000", "01000000", HERE_I_AM_BODY, "00"), Reason.TRAILING_BYTES, 36,
                "1 bytes left over after a whole HereIAm");
        assertRejected(hex("0a000000", "14000000", "0000"), Reason.TRAILING_BYTES, 8, "after a whole Ruok");
    }

    @Test
    void shouldRejectBytesAfterTheFrameItsPrefixDescribes() {
        assertRejected(hex("24000000", "01000000", HERE_I_AM_BODY, "ffff"), Reason.TRAILING_BYTES, 36,
                "2 bytes follow the 36 bytes");
    }

    @Test
    void shouldRejectDataLongerThanTheFrameBeforeAllocatingIt() {
        // A write claiming 2^31 - 1 bytes of data in a 48-byte frame.
        assertRejected(hex("30000000", "28000000", "e903000000000000", "e803000000000000", "e803000000000000",
                "1000000000000000", "ffffff7f", "deadbeef"), Reason.COUNT_EXCEEDS_FRAME, 40,
                "data claims 2147483647 x 1 bytes, but 4 bytes remain");
        assertRejected(hex("18000000", "2d000000", "eb03000000000000", "00", "05000000", "010203"),
                Reason.COUNT_EXCEEDS_FRAME, 17, "data claims 5 x 1 bytes, but 3 bytes remain");
    }

    @Test
    void shouldRejectMoreExtentsThanTheFrameCarriesBeforeAllocatingThem() {
        // 0x0fffffff generations would be a 2 GiB array: rejected, not allocated (an OutOfMemoryError would fail).
        assertRejected(hex("18000000", "0b000000", "ffffff0f00000000", "0100000000000000"),
                Reason.COUNT_EXCEEDS_FRAME, 8, "generation count claims 268435455 x 8 bytes, but 8 bytes remain");
        // A count with its top bit set is huge, not negative.
        assertRejected(hex("10000000", "0b000000", "0000000000000080"), Reason.COUNT_EXCEEDS_FRAME, 8,
                "claims 9223372036854775808 x 8");
    }

    @Test
    void shouldRejectMoreDestinationClientsThanTheFrameCarries() {
        // 8 + 8 + 8 + 1 + 7 + 8 + 2 = 42 bytes, claiming three destinations and carrying two.
        assertRejected(hex("2a000000", EXTENT_REPAIR_HEAD, "00", "c0a80114", "d711", "0300000000000000", "01", "02"),
                Reason.COUNT_EXCEEDS_FRAME, 32,
                "destination client count claims 3 x 1 bytes, but 2 bytes remain");
    }

    @Test
    void shouldRejectUnknownTags() {
        assertRejected(hex("08000000", "00000000"), Reason.UNKNOWN_TAG, 4, "no message has tag 0");
        assertRejected(hex("08000000", "63000000"), Reason.UNKNOWN_TAG, 4, "no message has tag 99");
        assertRejected(hex("08000000", "ffffffff"), Reason.UNKNOWN_TAG, 4, "no message has tag 4294967295");
    }

    @Test
    void shouldRejectABooleanThatIsNeitherZeroNorOne() {
        // 8 + 5 * 8 + 1 = 49 bytes: one generation, one flush number, one dirty bit, which is 2.
        assertRejected(hex("31000000", "0b000000", "0100000000000000", "0100000000000000",
                "0100000000000000", "0300000000000000", "0100000000000000", "02"), Reason.INVALID_BYTE, 48,
                "dirty bit: boolean byte must be 0 or 1, got 2");
    }

    @Test
    void shouldRejectAnOptionOrResultTagThatIsNeitherZeroNorOne() {
        assertRejected(hex("11000000", "29000000", "e903000000000000", "02"), Reason.INVALID_BYTE, 16,
                "result tag: option tag byte must be 0 or 1, got 2");
        assertRejected(hex("0e000000", "2e000000", "ff", "01000000", "78"), Reason.INVALID_BYTE, 8,
                "job id tag: option tag byte must be 0 or 1, got 255");
    }

    @Test
    void shouldRejectAnUnknownAddressFamily() {
        assertRejected(hex("2a000000", EXTENT_REPAIR_HEAD, "02", "c0a80114", "d711", "0200000000000000", "01", "02"),
                Reason.INVALID_BYTE, 25,
                "address family byte must be 0 (IPv4) or 1 (IPv6), got 2");
    }

    @Test
    void shouldRejectAnIntFieldAbove2To31() {
        assertRejected(hex("14000000", "01000000", "00000080", "0807060504030201"), Reason.INVALID_VALUE, 8,
                "version 2147483648 does not fit an int");
        assertRejected(hex("30000000", "2c000000", "eb03000000000000", "0000000000000000", "ffffffffffffffff",
                "1000000000000000", "0000008000000000"), Reason.INVALID_VALUE, 40,
                "block count 2147483648 does not fit an int");
    }

    @Test
    void shouldRejectFieldsTheMessageTypeRefuses() {
        // 4000 is not a power of two; RegionDefinition says so, and the decoder passes it on as INVALID_VALUE.
        assertRejected(hex("2c000000", "09000000", "a00f0000", "6400000000000000", "0f00000000000000",
                "00".repeat(16)),
                Reason.INVALID_VALUE, 8, "RegionInfo refused its fields: block size must be a power of two");
    }

    @Test
    void shouldRejectExtentVersionCountsThatDiffer() {
        // 8 + 5 * 8 + 1 = 49 bytes: one generation, then two flush numbers.
        assertRejected(hex("31000000", "0b000000", "0100000000000000", "0100000000000000",
                "0200000000000000", "0100000000000000", "0200000000000000", "01"), Reason.INVALID_VALUE, 24,
                "flush number count 2 differs from the generation count 1");
    }

    @Test
    void shouldRejectAStringThatIsNotUtf8() {
        assertRejected(hex("17000000", "29000000", "e903000000000000", "01", "02000000", "c328"),
                Reason.INVALID_VALUE, 17, "error is not valid UTF-8");
    }

    @Test
    void shouldLeaveTheFramePositionWhereItWasWhenRejecting() {
        ByteBuffer frame = ByteBuffer.wrap(hex("08000000", "63000000"));
        assertThrows(WireFormatException.class, () -> new MessageDecoder().decode(frame));
        assertEquals(0, frame.position());
    }

    private static void assertRejected(byte[] frame, Reason reason, long offset, String detail) {
        WireFormatException e = assertThrows(WireFormatException.class, () -> decode(frame));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith(reason.words() + " at frame offset " + offset + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(detail), () -> "'" + e.getMessage() + "' should say '" + detail + "'");
    }
}
