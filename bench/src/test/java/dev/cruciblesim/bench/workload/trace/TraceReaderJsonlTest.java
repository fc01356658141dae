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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSONL traces: the same records as the CSV, extra keys ignored, and every way a line is refused. */
class TraceReaderJsonlTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadTheSameRecordsAsTheCsvSample() throws Exception {
        Trace jsonl = TraceReader.read(resource("hand-sample.jsonl"), null);
        Trace csv = TraceReader.read(resource("hand-sample.csv"), null);

        assertEquals("jsonl", jsonl.formatName());
        assertEquals(ops(csv), ops(jsonl));
        assertEquals(times(csv), times(jsonl));
        assertEquals(List.of(1, 2, 3, 5, 6, 7, 8, 9, 10), lines(jsonl));
        assertEquals(csv.size(), jsonl.size());
        for (int i = 0; i < csv.size(); i++) {
            assertEquals(csv.offsetBytes(i), jsonl.offsetBytes(i), "offset of record " + i);
            assertEquals(csv.lengthBytes(i), jsonl.lengthBytes(i), "length of record " + i);
        }
        assertEquals(1, jsonl.decreasingTimestamps());
        assertEquals(8, jsonl.firstDecreasingLine());
        assertEquals(40_000L, jsonl.durationNs());
    }

    @ParameterizedTest(name = "time_us {0}")
    @CsvSource({
        "0, 0",
        "12, 12000",
        "12.5, 12500",
        "0.0005, 1",
        "0.0004999, 0",
        "1e3, 1000000",
        "1.5E-3, 2",
        "9223372036854775, 9223372036854775000",
    })
    void shouldConvertJsonNumbersExactly(String timeUs, long expectedNs) throws Exception {
        Path file = write(dir, "t.jsonl", "{\"time_us\": " + timeUs + ", \"op\": \"read\", \"offset_bytes\": 0, "
                + "\"length_bytes\": 4096}\n");
        assertEquals(expectedNs, TraceReader.read(file, null).timeNs(0));
    }

    @ParameterizedTest(name = "line {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[1, \"read\", 0, 4096]                                   | expected a JSON object, got '[1,\"read\",0,4096]'",
        "{\"op\": \"read\", \"offset_bytes\": 0, \"length_bytes\": 1} | time_us is missing",
        "{\"time_us\": null, \"op\": \"flush\"}                   | time_us is missing",
        "{\"time_us\": \"12\", \"op\": \"flush\"}                 | time_us must be a number of µs, got '\"12\"'",
        "{\"time_us\": -1, \"op\": \"flush\"}                     | time_us '-1' is negative",
        "{\"time_us\": 9223372036854775.8075, \"op\": \"flush\"}  | time_us '9223372036854775.8075' is too large (at most 9223372036854775 µs)",
        "{\"time_us\": 1e30, \"op\": \"flush\"}                   | time_us '1E+30' is too large (at most 9223372036854775 µs)",
        "{\"time_us\": 1}                                         | op is missing",
        "{\"time_us\": 1, \"op\": 3}                              | op must be a string, got '3'",
        "{\"time_us\": 1, \"op\": \"Read\"}                       | op 'Read' is not one of read, write, flush, sync, datasync, trim",
        "{\"time_us\": 1, \"op\": \"read\", \"length_bytes\": 4096} | offset_bytes is missing; a read needs one",
        "{\"time_us\": 1, \"op\": \"trim\", \"offset_bytes\": 0}    | length_bytes is missing; a trim needs one",
        "{\"time_us\": 1, \"op\": \"read\", \"offset_bytes\": \"0\", \"length_bytes\": 4096} | offset_bytes must be a non-negative integer, got '\"0\"'",
        "{\"time_us\": 1, \"op\": \"read\", \"offset_bytes\": 0, \"length_bytes\": 4096.0} | length_bytes must be a non-negative integer, got '4096.0'",
        "{\"time_us\": 1, \"op\": \"read\", \"offset_bytes\": -1, \"length_bytes\": 4096} | offset_bytes '-1' is negative",
        "{\"time_us\": 1, \"op\": \"read\", \"offset_bytes\": 0, \"length_bytes\": 2147483648} | length_bytes '2147483648' is too large (at most 2147483647)",
        "{\"time_us\": 1, \"op\": \"read\", \"offset_bytes\": 9223372036854775808, \"length_bytes\": 1} | offset_bytes '9223372036854775808' is too large (at most 9223372036854775807)",
        "{\"time_us\": 1, \"op\": \"flush\", \"offset_bytes\": 4096} | a flush takes no range: offset_bytes must be omitted or 0, got '4096'",
        "{\"time_us\": 1, \"op\": \"sync\", \"length_bytes\": 0.0}  | a sync takes no range: length_bytes must be omitted or 0, got '0.0'",
    })
    void shouldRefuseABadLineNamingFileAndLine(String line, String reason) throws IOException {
        Path file = write(dir, "bad.jsonl", "{\"time_us\": 0, \"op\": \"flush\"}\n\n" + line + "\n"
                + "{\"time_us\": 5, \"op\": \"flush\"}\n");
        assertEquals(file + ":3: " + reason, error(file, null));
    }

    @ParameterizedTest(name = "line {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"time_us\": 1, \"op\": \"read\", \"offset_bytes\": 0,   | 48 | Unexpected end-of-input",
        "{'time_us': 1}                                         | 2  | Unexpected character",
        "{\"time_us\": 1, \"time_us\": 2, \"op\": \"flush\"}     | 25 | Duplicate field 'time_us'",
        "{\"time_us\": 1, \"op\": \"flush\"} {}                  | 31 | Trailing token",
        "{\"time_us\": NaN, \"op\": \"flush\"}                   | 16 | Non-standard token 'NaN'",
    })
    void shouldRefuseMalformedJsonWithTheColumnAndJacksonsReasonOnOneLine(String line, int column, String words)
            throws IOException {
        Path file = write(dir, "bad.jsonl", "{\"time_us\": 0, \"op\": \"flush\"}\n\n" + line + "\n");
        String message = error(file, null);
        // Jackson's own wording may change between versions; the prefix, the column and the gist are ours to keep.
        assertTrue(message.startsWith(file + ":3: malformed JSON at column " + column + ": "), message);
        assertTrue(message.contains(words), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void shouldRefuseACommentLineAndSayWhereNotesGo() throws IOException {
        Path file = write(dir, "c.jsonl", "{\"time_us\": 0, \"op\": \"flush\"}\n  # from host a\n");
        assertEquals(file + ":2: JSONL has no comment lines; a note goes in a key of a record, since keys other than "
                + "time_us, op, offset_bytes and length_bytes are ignored: '# from host a'", error(file, null));
    }

    @Test
    void shouldRefuseAJsonlWithoutRecords() throws IOException {
        Path file = write(dir, "e.ndjson", "\n  \n");
        assertEquals(file + ": holds no IO to replay", error(file, null));
    }
}
