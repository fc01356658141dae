package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.DependencyRange;
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

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.UUID;

import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.hex;

/**
 * One frame per message type (two where a type has two shapes), written out by hand from the table in
 * {@link MessageLayout}: each line is one field, its value in little-endian hex, with the sum of the field sizes
 * worked out in the comment on the length prefix. Values are chosen so that a byte-order or field-order mistake
 * shows (0x0102030405060708, not 1).
 */
final class GoldenFrames {
    record GoldenFrame(String name, Message message, byte[] frame) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every byte different, so a swapped half or byte order shows. */
    static final UUID REGION_UUID = new UUID(0x0011223344556677L, 0x8899aabbccddeeffL);

    static final List<GoldenFrame> ALL = List.of(
            golden("HereIAm", new HereIAm(1, 0x0102030405060708L, REGION_UUID),
                    "24000000", // 4 + 4 + 4 + 8 + 16 = 36
                    "01000000", // tag 1
                    "01000000", // version 1
                    "0807060504030201", // upstairs id
                    "7766554433221100", // region uuid, most significant bits
                    "ffeeddccbbaa9988"), // least significant bits
            golden("HereIAm, any region", new HereIAm(1, 0x0102030405060708L),
                    "24000000",
                    "01000000",
                    "01000000",
                    "0807060504030201",
                    "0000000000000000", // the nil uuid
                    "0000000000000000"),
            golden("YesItsMe", new YesItsMe(1, address(8567, 192, 168, 1, 20)),
                    "13000000", // 4 + 4 + 4 + (1 + 4 + 2) = 19
                    "02000000",
                    "01000000",
                    "00", "c0a80114", "7721"), // repair server at 192.168.1.20, port 8567 = 0x2177
            golden("YesItsMe, no repair server", new YesItsMe(1),
                    "13000000",
                    "02000000",
                    "01000000",
                    "00", "7f000001", "0000"), // loopback, port 0
            golden("VersionMismatch", new VersionMismatch(2),
                    "0c000000",
                    "03000000",
                    "02000000"),
            golden("PromoteToActive", new PromoteToActive(0x1122334455667788L),
                    "10000000", // 4 + 4 + 8 = 16
                    "04000000",
                    "8877665544332211"),
            golden("YouAreNowActive", new YouAreNowActive(0x1122334455667788L),
                    "10000000",
                    "05000000",
                    "8877665544332211"),
            golden("YouAreNoLongerActive", new YouAreNoLongerActive(0x99),
                    "10000000",
                    "06000000",
                    "9900000000000000"),
            golden("UuidMismatch, all 128 bits", new UuidMismatch(new UUID(-1L, -1L)),
                    "18000000", // 4 + 4 + 16 = 24
                    "07000000",
                    "ffffffffffffffff",
                    "ffffffffffffffff"),
            golden("RegionInfoPlease", new RegionInfoPlease(),
                    "08000000", // no fields
                    "08000000"),
            golden("RegionInfo", new RegionInfo(new RegionDefinition(4096, 100, 15), REGION_UUID),
                    "2c000000", // 4 + 4 + 4 + 8 + 8 + 16 = 44
                    "09000000",
                    "00100000", // block size 4096
                    "6400000000000000", // extent size 100 blocks
                    "0f00000000000000", // 15 extents
                    "7766554433221100", // region uuid
                    "ffeeddccbbaa9988"),
            golden("ExtentVersionsPlease", new ExtentVersionsPlease(),
                    "08000000",
                    "0a000000"),
            golden("ExtentVersions", new ExtentVersions(new long[] {1, 2}, new long[] {3, 4},
                    new boolean[] {false, true}),
                    "42000000", // 8 + (8 + 2 * 8) + (8 + 2 * 8) + (8 + 2) = 66
                    "0b000000",
                    "0200000000000000", "0100000000000000", "0200000000000000", // generations
                    "0200000000000000", "0300000000000000", "0400000000000000", // flush numbers
                    "0200000000000000", "00", "01"), // dirty bits
            golden("LastFlush", new LastFlush(1000),
                    "10000000",
                    "0c000000",
                    "e803000000000000"),
            golden("LastFlushAck", new LastFlushAck(1000),
                    "10000000",
                    "0d000000",
                    "e803000000000000"),
            golden("Ruok", new Ruok(),
                    "08000000",
                    "14000000"), // tag 20
            golden("Imok", new Imok(),
                    "08000000",
                    "15000000"),
            golden("ExtentFlush", new ExtentFlush(7, 3, 2, 11, 5),
                    "29000000", // 8 + 8 + 8 + 1 + 8 + 8 = 41
                    "1e000000", // tag 30
                    "0700000000000000", // repair id
                    "0300000000000000", // extent id
                    "02", // client id
                    "0b00000000000000", // flush number
                    "0500000000000000"), // generation
            golden("ExtentClose", new ExtentClose(7, 3),
                    "18000000", // 8 + 8 + 8 = 24
                    "1f000000",
                    "0700000000000000",
                    "0300000000000000"),
            golden("ExtentRepair, IPv4", new ExtentRepair(7, 3, 0, address(4567, 192, 168, 1, 20), new int[] {1, 2}),
                    "2a000000", // 8 + 8 + 8 + 1 + (1 + 4 + 2) + 8 + 2 = 42
                    "20000000",
                    "0700000000000000",
                    "0300000000000000",
                    "00", // source client id
                    "00", "c0a80114", "d711", // IPv4 192.168.1.20, port 4567 = 0x11d7
                    "0200000000000000", "01", "02"), // destination clients
            golden("ExtentRepair, IPv6", new ExtentRepair(8, 4, 1,
                    address(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), new int[] {0}),
                    "35000000", // 8 + 8 + 8 + 1 + (1 + 16 + 2) + 8 + 1 = 53
                    "20000000",
                    "0800000000000000",
                    "0400000000000000",
                    "01",
                    "01", "00000000000000000000000000000001", "0100", // [::1], port 1
                    "0100000000000000", "00"),
            golden("ExtentReopen", new ExtentReopen(7, 3),
                    "18000000",
                    "21000000",
                    "0700000000000000",
                    "0300000000000000"),
            golden("RepairAckId", new RepairAckId(7),
                    "10000000",
                    "22000000",
                    "0700000000000000"),
            golden("ExtentError", new ExtentError(7, 3, "no space"),
                    "24000000", // 8 + 8 + 8 + 4 + 8 = 36
                    "23000000",
                    "0700000000000000",
                    "0300000000000000",
                    "08000000", "6e6f207370616365"), // "no space"
            golden("WriteRequest", new WriteRequest(1001, DependencyRange.of(1000, 1000), 16,
                    new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}),
                    "30000000", // 8 + 8 + 16 + 8 + 4 + 4 = 48
                    "28000000", // tag 40
                    "e903000000000000", // job 1001
                    "e803000000000000", "e803000000000000", // depends on [1000..1000]
                    "1000000000000000", // block offset 16
                    "04000000", "deadbeef"),
            golden("WriteAck, ok", new WriteAck(1001, null),
                    "11000000", // 8 + 8 + 1 = 17
                    "29000000",
                    "e903000000000000",
                    "00"),
            golden("WriteAck, error", new WriteAck(1001, "io"),
                    "17000000", // 8 + 8 + 1 + 4 + 2 = 23
                    "29000000",
                    "e903000000000000",
                    "01", "02000000", "696f"),
            golden("FlushRequest", new FlushRequest(1002, DependencyRange.of(1000, 1001), 5, 2),
                    "30000000", // 8 + 8 + 16 + 8 + 8 = 48
                    "2a000000",
                    "ea03000000000000",
                    "e803000000000000", "e903000000000000",
                    "0500000000000000", // flush number
                    "0200000000000000"), // generation
            golden("FlushAck", new FlushAck(1002, null),
                    "11000000",
                    "2b000000",
                    "ea03000000000000",
                    "00"),
            golden("ReadRequest, no dependencies", new ReadRequest(1003, DependencyRange.NONE, 16, 2),
                    "30000000", // 8 + 8 + 16 + 8 + 8 = 48
                    "2c000000",
                    "eb03000000000000",
                    "0000000000000000", "ffffffffffffffff", // the empty range [0..-1]
                    "1000000000000000",
                    "0200000000000000"), // 2 blocks
            golden("ReadResponse, data", new ReadResponse(1003, new byte[] {1, 2, 3}, null),
                    "18000000", // 8 + 8 + 1 + 4 + 3 = 24
                    "2d000000",
                    "eb03000000000000",
                    "00", "03000000", "010203"),
            golden("ReadResponse, error", new ReadResponse(1003, null, "bad"),
                    "18000000", // 8 + 8 + 1 + 4 + 3 = 24
                    "2d000000",
                    "eb03000000000000",
                    "01", "03000000", "626164"),
            golden("ErrorReport, job", ErrorReport.ofJob(1004, "\u00e9"),
                    "17000000", // 8 + 1 + 8 + 4 + 2 = 23
                    "2e000000",
                    "01", "ec03000000000000",
                    "02000000", "c3a9"), // U+00E9 in UTF-8
            golden("ErrorReport, connection", ErrorReport.ofConnection("x"),
                    "0e000000", // 8 + 1 + 4 + 1 = 14
                    "2e000000",
                    "00",
                    "01000000", "78"));

    private GoldenFrames() {
    }

    private static GoldenFrame golden(String name, Message message, String... hexFields) {
        return new GoldenFrame(name, message, hex(hexFields));
    }

    private static InetSocketAddress address(int port, int... ipBytes) {
        byte[] ip = new byte[ipBytes.length];
        for (int i = 0; i < ip.length; i++) {
            ip[i] = (byte) ipBytes[i];
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
