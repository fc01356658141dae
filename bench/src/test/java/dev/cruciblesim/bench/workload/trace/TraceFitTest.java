package dev.cruciblesim.bench.workload.trace;

import dev.cruciblesim.bench.workload.trace.Trace.OutOfRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

import static dev.cruciblesim.bench.workload.trace.TraceFixtures.resource;
import static dev.cruciblesim.bench.workload.trace.TraceFixtures.write;
import static dev.cruciblesim.bench.workload.trace.TraceReaderIologTest.lines;
import static dev.cruciblesim.bench.workload.trace.TraceReaderIologTest.ops;
import static dev.cruciblesim.bench.workload.trace.TraceReaderIologTest.times;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fitting a trace to a volume: sizes and alignment checked per record, and out-of-range IO rejected or wrapped. */
class TraceFitTest {
    private static final long MIB = 1L << 20;
    private static final int MAX_IO = 1 << 20;

    @TempDir
    Path dir;

    private Trace csv(String records) throws Exception {
        return TraceReader.read(write(dir, "t.csv", "time_us,op,offset_bytes,length_bytes\n" + records),
                TraceFormat.CSV);
    }

    private String fitError(Trace trace, long volumeBytes, int blockSizeBytes, OutOfRange policy) {
        return assertThrows(TraceFormatException.class,
                () -> trace.fitTo(volumeBytes, blockSizeBytes, MAX_IO, policy)).getMessage();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2,write,4097,4096        | 4096 | write of 4096 bytes at offset 4097: offset is not a multiple of the 4096-byte block size",
        "2,read,512,4096          | 4096 | read of 4096 bytes at offset 512: offset is not a multiple of the 4096-byte block size",
        "2,read,0,1000            | 512  | read of 1000 bytes at offset 0: length is not a multiple of the 512-byte block size",
        "2,trim,8192,6144         | 4096 | trim of 6144 bytes at offset 8192: length is not a multiple of the 4096-byte block size",
        "2,read,0,0               | 4096 | read of 0 bytes at offset 0: length must be from 1 to 1048576 bytes",
        "2,write,0,2097152        | 4096 | write of 2097152 bytes at offset 0: length must be from 1 to 1048576 bytes",
    })
    void shouldRejectAMisfitRecordUnderEitherPolicyNamingFileLineAndRecord(String record, int blockSizeBytes,
            String reason) throws Exception {
        Trace trace = csv("1,read,0,4096\n" + record + "\n3,flush,,\n");
        for (OutOfRange policy : OutOfRange.values()) {
            assertEquals(trace.source() + ":3: " + reason, fitError(trace, 64 * MIB, blockSizeBytes, policy));
        }
    }

    @Test
    void shouldRejectAnIoPastTheEndNamingTheRangeAndTheVolumeSize() throws Exception {
        Trace trace = csv("1,read,1040384,8192\n2,write,1044480,8192\n");
        assertEquals(trace.source() + ":3: write of 8192 bytes at offset 1044480: range [1044480, 1052672) does not "
                + "fit in the 1048576-byte volume (out-of-range policy: reject)",
                fitError(trace, MIB, 4096, OutOfRange.REJECT));

        Trace atEnd = csv("1,trim,1048576,4096\n");
        assertEquals(atEnd.source() + ":2: trim of 4096 bytes at offset 1048576: range [1048576, 1052672) does not "
                + "fit in the 1048576-byte volume (out-of-range policy: reject)",
                fitError(atEnd, MIB, 4096, OutOfRange.REJECT));
    }

    @Test
    void shouldNotOverflowNearTheLargestOffset() throws Exception {
        Trace trace = csv("1,read,9223372036854771712,4096\n");
        assertEquals(trace.source() + ":2: read of 4096 bytes at offset 9223372036854771712: range "
                + "[9223372036854771712, 9223372036854775808) does not fit in the 1048576-byte volume "
                + "(out-of-range policy: reject)", fitError(trace, MIB, 4096, OutOfRange.REJECT));
        Trace wrapped = trace.fitTo(MIB, 4096, MAX_IO, OutOfRange.WRAP);
        assertEquals(9223372036854771712L % MIB, wrapped.offsetBytes(0));
    }

    @Test
    void shouldWrapByTheVolumeSizeAndPullAStraddlingIoBackToTheEnd() throws Exception {
        Trace trace = csv(String.join("\n",
                "1,read,0,4096",            // inside: unchanged
                "2,write,1040384,8192",     // ends exactly at the end: unchanged
                "3,write,1048576,4096",     // one past: wraps to 0
                "4,read,3153920,4096",      // 3 MiB + 8 KiB: wraps to 8 KiB
                "5,write,1044480,8192",     // straddles the end: pulled back to V - 8 KiB
                "6,trim,3141632,65536",     // 2 MiB + 1020 KiB wraps to 1020 KiB, straddles: V - 64 KiB
                "7,flush,,",                // no range: unchanged
                "") + "\n");
        Trace wrapped = trace.fitTo(MIB, 4096, MAX_IO, OutOfRange.WRAP);

        assertEquals(List.of(0L, 1040384L, 0L, 8192L, 1040384L, 983040L, 0L), offsets(wrapped));
        assertEquals(4, wrapped.wrappedRecords());
        assertEquals(List.of(0L, 1040384L, 1048576L, 3153920L, 1044480L, 3141632L, 0L), offsets(trace),
                "the original trace is unchanged");
        assertEquals(0, trace.wrappedRecords());
        assertEquals(ops(trace), ops(wrapped));
        assertEquals(times(trace), times(wrapped));
        assertEquals(lines(trace), lines(wrapped));
        assertEquals(trace.source(), wrapped.source());
        for (int i = 0; i < trace.size(); i++) {
            assertEquals(trace.lengthBytes(i), wrapped.lengthBytes(i));
        }
    }

    @Test
    void shouldRejectUnderWrapAnIoLongerThanTheVolume() throws Exception {
        Trace trace = csv("1,write,0,16384\n");
        assertEquals(trace.source() + ":2: write of 16384 bytes at offset 0: longer than the 8192-byte volume, so it "
                + "fits at no offset",
                assertThrows(TraceFormatException.class,
                        () -> trace.fitTo(8192, 4096, MAX_IO, OutOfRange.WRAP)).getMessage());
    }

    @Test
    void shouldKeepEveryWrappedIoInsideAndAlignedForRandomTraces() throws Exception {
        Random random = new Random(20240611L);
        for (int round = 0; round < 20; round++) {
            int blockSizeBytes = 512 << random.nextInt(4);
            long volumeBytes = (long) blockSizeBytes * (64 + random.nextInt(100_000));
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                long offsetBlocks = random.nextInt(10) == 0
                        ? volumeBytes / blockSizeBytes - random.nextInt(4)
                        : (random.nextLong() >>> 24) / blockSizeBytes;
                int lengthBlocks = 1 + random.nextInt(Math.min(64, (int) (volumeBytes / blockSizeBytes)));
                text.append(i).append(random.nextBoolean() ? ",read," : ",write,")
                        .append(offsetBlocks * blockSizeBytes).append(',')
                        .append((long) lengthBlocks * blockSizeBytes).append('\n');
            }
            Trace trace = csv(text.toString());
            Trace wrapped = trace.fitTo(volumeBytes, blockSizeBytes, MAX_IO, OutOfRange.WRAP);
            int moved = 0;
            for (int i = 0; i < wrapped.size(); i++) {
                long offset = wrapped.offsetBytes(i);
                long end = offset + wrapped.lengthBytes(i);
                assertTrue(offset >= 0 && end <= volumeBytes, "record " + i + " outside: " + offset + "+"
                        + wrapped.lengthBytes(i) + " in " + volumeBytes);
                assertEquals(0, offset % blockSizeBytes, "record " + i + " misaligned");
                boolean fitted = trace.offsetBytes(i) + trace.lengthBytes(i) <= volumeBytes;
                if (fitted) {
                    assertEquals(trace.offsetBytes(i), offset, "an IO that fits must not move");
                } else {
                    moved++;
                }
            }
            assertEquals(moved, wrapped.wrappedRecords());
            assertTrue(moved > 0, "the random trace should reach past the end");
        }
    }

    @Test
    void shouldFitTheFioLogToItsOwnFileSizeAndRejectOrWrapOnASmallerVolume() throws Exception {
        Trace trace = TraceReader.read(resource("fio-randrw-fsync4.iolog"), null);
        Trace same = trace.fitTo(8 * MIB, 4096, MAX_IO, OutOfRange.REJECT);
        assertEquals(offsets(trace), offsets(same));
        assertEquals(0, same.wrappedRecords());

        int firstPast = -1;
        for (int i = 0; i < trace.size() && firstPast < 0; i++) {
            if (trace.op(i) != TraceOp.FLUSH && trace.offsetBytes(i) + trace.lengthBytes(i) > 2 * MIB) {
                firstPast = i;
            }
        }
        assertTrue(firstPast >= 0);
        String message = fitError(trace, 2 * MIB, 4096, OutOfRange.REJECT);
        assertTrue(message.startsWith(trace.source() + ":" + trace.line(firstPast) + ": "
                + trace.op(firstPast).name().toLowerCase(Locale.ROOT) + " of 4096 bytes at offset "
                + trace.offsetBytes(firstPast) + ": range ["), message);

        Trace wrapped = trace.fitTo(2 * MIB, 4096, MAX_IO, OutOfRange.WRAP);
        for (int i = 0; i < wrapped.size(); i++) {
            assertTrue(wrapped.offsetBytes(i) + wrapped.lengthBytes(i) <= 2 * MIB);
            assertEquals(trace.offsetBytes(i) % (2 * MIB), wrapped.offsetBytes(i),
                    "4 KiB IOs never straddle a 2 MiB boundary, so plain modulo applies");
        }
    }

    @Test
    void shouldReturnTheSameOffsetsArrayWhenNothingMoves() throws Exception {
        Trace trace = csv("1,read,0,4096\n");
        Trace fitted = trace.fitTo(MIB, 4096, MAX_IO, OutOfRange.WRAP);
        assertEquals(trace.offsetBytes(0), fitted.offsetBytes(0));
        assertEquals(trace.count(TraceOp.READ), fitted.count(TraceOp.READ));
        assertSame(trace.source(), fitted.source());
    }

    @ParameterizedTest
    @EnumSource(OutOfRange.class)
    void shouldRefuseNonsenseGeometry(OutOfRange policy) throws Exception {
        Trace trace = csv("1,read,0,4096\n");
        assertEquals("blockSizeBytes must be > 0, got 0", assertThrows(IllegalArgumentException.class,
                () -> trace.fitTo(MIB, 0, MAX_IO, policy)).getMessage());
        assertEquals("maxIoBytes must be > 0, got 0", assertThrows(IllegalArgumentException.class,
                () -> trace.fitTo(MIB, 4096, 0, policy)).getMessage());
        assertEquals("volumeBytes must be a positive multiple of the 4096-byte block size, got 0",
                assertThrows(IllegalArgumentException.class, () -> trace.fitTo(0, 4096, MAX_IO, policy)).getMessage());
        assertEquals("volumeBytes must be a positive multiple of the 4096-byte block size, got 1050000",
                assertThrows(IllegalArgumentException.class,
                        () -> trace.fitTo(1_050_000, 4096, MAX_IO, policy)).getMessage());
    }

    @Test
    void shouldParseThePolicyNames() {
        assertEquals(OutOfRange.REJECT, OutOfRange.parse("reject"));
        assertEquals(OutOfRange.WRAP, OutOfRange.parse(" WRAP "));
        assertEquals("unknown out-of-range policy 'clamp'; expected one of reject, wrap",
                assertThrows(IllegalArgumentException.class, () -> OutOfRange.parse("clamp")).getMessage());
    }

    private static List<Long> offsets(Trace trace) {
        return IntStream.range(0, trace.size()).mapToObj(trace::offsetBytes).toList();
    }
}
