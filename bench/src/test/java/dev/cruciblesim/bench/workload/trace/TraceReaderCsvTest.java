package dev.cruciblesim.bench.workload.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.cruciblesim.bench.workload.trace.TraceFixtures.error;
import static dev.cruciblesim.bench.workload.trace.TraceFixtures.resource;
import static dev.cruciblesim.bench.workload.trace.TraceFixtures.write;
import static dev.cruciblesim.bench.workload.trace.TraceReaderIologTest.lines;
import static dev.cruciblesim.bench.workload.trace.TraceReaderIologTest.ops;
import static dev.cruciblesim.bench.workload.trace.TraceReaderIologTest.times;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our CSV format: header, comments, padding, decimal µs, flush ranges, and every way a line is refused. */
class TraceReaderCsvTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadTheHandWrittenSample() throws Exception {
        Trace trace = TraceReader.read(resource("hand-sample.csv"), null);

        assertEquals("csv", trace.formatName());
        assertEquals(List.of(), trace.fileNames());
        assertEquals(List.of(TraceOp.WRITE, TraceOp.WRITE, TraceOp.READ, TraceOp.FLUSH, TraceOp.FLUSH, TraceOp.READ,
                TraceOp.FLUSH, TraceOp.TRIM, TraceOp.READ), ops(trace));
        // 20.0005 µs is 20000.5 ns and rounds half-up; 24 comes after 25 and is raised to it.
        assertEquals(List.of(0L, 12_500L, 12_500L, 20_000L, 20_001L, 25_000L, 25_000L, 30_000L, 40_000L),
                times(trace));
        assertEquals(List.of(3, 4, 5, 8, 9, 10, 11, 12, 13), lines(trace));
        assertEquals(1, trace.decreasingTimestamps());
        assertEquals(11, trace.firstDecreasingLine());
        assertEquals(trace.source() + ":11: a record's time is before the previous record's; it replays at the "
                + "previous record's time", trace.decreasingTimestampsWarning());
        assertEquals(4096, trace.offsetBytes(1));
        assertEquals(8192, trace.lengthBytes(1));
        assertEquals(0, trace.offsetBytes(3));
        assertEquals(0, trace.lengthBytes(4));
        assertEquals(1_048_576L, trace.offsetBytes(8));
        assertEquals(65_536, trace.lengthBytes(8));
        assertEquals(40_000L, trace.durationNs());
        assertEquals(3, trace.count(TraceOp.READ));
        assertEquals(2, trace.count(TraceOp.WRITE));
        assertEquals(3, trace.count(TraceOp.FLUSH));
        assertEquals(1, trace.count(TraceOp.TRIM));
    }

    @ParameterizedTest(name = "{0} µs")
    @CsvSource({
        "0, 0",
        "7, 7000",
        "1.5, 1500",
        "1., 1000",
        ".5, 500",
        "0.0004, 0",
        "0.0005, 1",
        "0.00049999, 0",
        "0.0015, 2",
        "1.9995, 2000",
        "0.999999, 1000",
        "9223372036854775, 9223372036854775000",
        "9223372036854775.807, 9223372036854775807",
    })
    void shouldConvertDecimalMicrosecondsToNanosecondsRoundingHalfUp(String timeUs, long expectedNs)
            throws Exception {
        Path file = write(dir, "t.csv", "time_us,op,offset_bytes,length_bytes\n" + timeUs + ",read,0,4096\n");
        assertEquals(expectedNs, TraceReader.read(file, null).timeNs(0));
    }

    @Test
    void shouldReadManyRecords() throws Exception {
        // Enough records to grow the arrays several times over.
        StringBuilder text = new StringBuilder(CsvParser.HEADER).append('\n');
        int records = 200_000;
        for (int i = 0; i < records; i++) {
            text.append(i).append(i % 2 == 0 ? ",read," : ",write,").append(4096L * i).append(",4096\n");
        }
        Trace trace = TraceReader.read(write(dir, "many.csv", text.toString()), TraceFormat.CSV);
        assertEquals(records, trace.size());
        assertEquals(records / 2, trace.count(TraceOp.READ));
        assertEquals(4096L * (records - 1), trace.offsetBytes(records - 1));
        assertEquals((records - 1) * 1000L, trace.durationNs());
        assertEquals(records + 1, trace.line(records - 1));
    }

    @ParameterizedTest(name = "line {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "10,read,0                | expected 4 comma-separated fields time_us,op,offset_bytes,length_bytes, got 3 in '10,read,0'",
        "10,read,0,4096,1         | expected 4 comma-separated fields time_us,op,offset_bytes,length_bytes, got 5 in '10,read,0,4096,1'",
        "10,flush                 | expected 4 comma-separated fields time_us,op,offset_bytes,length_bytes, got 2 in '10,flush'",
        "x,read,0,4096            | time_us 'x' is not a non-negative number of µs",
        ",read,0,4096             | time_us is empty",
        ".,read,0,4096            | time_us '.' is not a non-negative number of µs",
        "-1,read,0,4096           | time_us '-1' is negative",
        "1e3,read,0,4096          | time_us '1e3' is not a non-negative number of µs",
        "1.2.3,read,0,4096        | time_us '1.2.3' is not a non-negative number of µs",
        "9223372036854776,read,0,4096 | time_us '9223372036854776' is too large (at most 9223372036854775 µs)",
        "9223372036854775.8075,read,0,4096 | time_us '9223372036854775.8075' is too large (at most 9223372036854775 µs)",
        "10,READ,0,4096           | op 'READ' is not one of read, write, flush, sync, datasync, trim",
        "10,,0,4096               | op '' is not one of read, write, flush, sync, datasync, trim",
        "10,discard,0,4096        | op 'discard' is not one of read, write, flush, sync, datasync, trim",
        "10,read,,4096            | offset_bytes is empty; a read needs one",
        "10,write,0,              | length_bytes is empty; a write needs one",
        "10,read,-4096,4096       | offset_bytes '-4096' is negative",
        "10,read,4 096,4096       | offset_bytes '4 096' is not a non-negative integer",
        "10,trim,0,4096.0         | length_bytes '4096.0' is not a non-negative integer",
        "10,read,0,2147483648     | length_bytes '2147483648' is too large (at most 2147483647)",
        "10,read,9223372036854775808,4096 | offset_bytes '9223372036854775808' is too large (at most 9223372036854775807)",
        "10,flush,4096,           | a flush takes no range: offset_bytes must be empty or 0, got '4096'",
        "10,sync,0,512            | a sync takes no range: length_bytes must be empty or 0, got '512'",
        "10,datasync,x,           | a datasync takes no range: offset_bytes must be empty or 0, got 'x'",
    })
    void shouldRefuseABadRecordNamingFileLineAndText(String line, String reason) throws IOException {
        Path file = write(dir, "bad.csv", "# comment\n" + CsvParser.HEADER + "\n\n" + line + "\n20,read,0,4096\n");
        assertEquals(file + ":4: " + reason, error(file, null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "1,read,0,4096\\n                                    | 1 | '1,read,0,4096'",
        "\\n# records only\\n0,write,0,4096\\n1,read,0,4096\\n | 3 | '0,write,0,4096'",
        "time_us,op,offset,length\\n1,read,0,4096\\n           | 1 | 'time_us,op,offset,length'",
        "op,time_us,offset_bytes,length_bytes\\n1,read,0,4096\\n | 1 | 'op,time_us,offset_bytes,length_bytes'",
    })
    void shouldRefuseACsvThatDoesNotStartWithItsHeader(String text, int line, String got) throws IOException {
        // Read as CSV by its name and by being told: either way, four bare columns are not taken on trust.
        Path file = write(dir, "h.csv", text.replace("\\n", "\n"));
        String expected = file + ":" + line + ": a CSV trace starts with the header "
                + "'time_us,op,offset_bytes,length_bytes', got " + got;
        assertEquals(expected, error(file, null));
        assertEquals(expected, error(file, TraceFormat.CSV));
    }

    @Test
    void shouldRefuseASecondHeader() throws IOException {
        Path joined = write(dir, "j.csv",
                CsvParser.HEADER + "\n1,read,0,4096\n" + CsvParser.HEADER + "\n2,read,0,4096\n");
        assertEquals(joined + ":3: a second header 'time_us,op,offset_bytes,length_bytes'; it may only come before "
                + "the records (were two traces joined?)", error(joined, null));
    }

    @Test
    void shouldSkipCommentAndBlankLinesAnywhere() throws Exception {
        Path file = write(dir, "c.csv", "\n# about this trace\n  # indented\n" + CsvParser.HEADER
                + "\n# between\n1,read,0,4096\n\n   \n#2,read,0,4096\n3,write,0,4096 \n# last");
        Trace trace = TraceReader.read(file, null);
        assertEquals(List.of(TraceOp.READ, TraceOp.WRITE), ops(trace));
        assertEquals(List.of(6, 10), lines(trace));
    }

    @Test
    void shouldAcceptAPaddedHeaderAByteOrderMarkAndCrlf() throws Exception {
        Path file = write(dir, "p.csv", "\uFEFF time_us , op , offset_bytes , length_bytes \r\n1,read,0,4096\r\n");
        assertEquals(1, TraceReader.read(file, null).size());
    }

    @Test
    void shouldRefuseACsvWithoutRecords() throws IOException {
        Path headerOnly = write(dir, "e.csv", "# nothing\ntime_us,op,offset_bytes,length_bytes\n\n");
        assertEquals(headerOnly + ": holds no IO to replay", error(headerOnly, null));
        Path empty = write(dir, "e2.csv", "");
        assertEquals(empty + ": holds no IO to replay", error(empty, null));
    }
}
