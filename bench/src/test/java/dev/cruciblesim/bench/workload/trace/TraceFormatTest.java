package dev.cruciblesim.bench.workload.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static dev.cruciblesim.bench.workload.trace.TraceFixtures.error;
import static dev.cruciblesim.bench.workload.trace.TraceFixtures.resource;
import static dev.cruciblesim.bench.workload.trace.TraceFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Choosing a format: detection by header then name, parsing a format name, and the shape of every error. */
class TraceFormatTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} starting {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "run.txt       | fio version 3 iolog       | IOLOG",
        "run.csv       | fio version 2 iolog       | IOLOG",
        "noext         | fio version 3 iolog \t\r  | IOLOG",
        "run.csv       | time_us,op,offset_bytes,length_bytes | CSV",
        "run.txt       | time_us,op,offset_bytes,length_bytes | CSV",
        "noext         | \uFEFF time_us , op , offset_bytes , length_bytes \r | CSV",
        "run.jsonl     | time_us,op,offset_bytes,length_bytes | CSV",
        "run.txt       | time_us,op,offset,length  | ",
        "RUN.CSV       | 1,read,0,4096             | CSV",
        "run.jsonl     | {}                        | JSONL",
        "run.NDJSON    | {}                        | JSONL",
        "run.txt       | 1,read,0,4096             | ",
        "run.log       | fio version 4 iolog       | ",
        "run.iolog     | fio version 3 iolog x     | ",
        "run.csv.gz    | x                         | ",
    })
    void shouldDetectByTheHeaderFirstAndTheNameSecond(String name, String firstLine, TraceFormat expected)
            throws IOException {
        Path file = write(dir, name, firstLine + "\nmore\n");
        assertEquals(expected, TraceFormat.detect(file));
    }

    @Test
    void shouldDetectACsvByItsHeaderBelowCommentsButNotPastThePeek() throws IOException {
        assertEquals(TraceFormat.CSV, TraceFormat.detect(write(dir, "c.txt",
                "# recorded on host a\r\n\n  # by hand\r\ntime_us,op,offset_bytes,length_bytes\r\n1,read,0,4096\r\n")));
        assertEquals(TraceFormat.CSV, TraceFormat.detect(write(dir, "last.txt",
                "# c\ntime_us,op,offset_bytes,length_bytes")));
        assertNull(TraceFormat.detect(write(dir, "record.txt",
                "# c\n1,read,0,4096\ntime_us,op,offset_bytes,length_bytes\n")));
        String comments = ("#" + "x".repeat(99) + "\n").repeat(700);
        assertNull(TraceFormat.detect(write(dir, "far.txt", comments + "time_us,op,offset_bytes,length_bytes\n")),
                "past the first 64 KiB the name decides");
        assertEquals(TraceFormat.CSV, TraceFormat.detect(write(dir, "far.csv", comments + "0,read,0,4096\n")));
    }

    @Test
    void shouldDetectAnEmptyFileByItsNameAndFailOnAMissingOne() throws IOException {
        assertEquals(TraceFormat.CSV, TraceFormat.detect(write(dir, "e.csv", "")));
        assertNull(TraceFormat.detect(write(dir, "e.txt", "")));
        assertEquals(TraceFormat.IOLOG, TraceFormat.detect(write(dir, "e", "fio version 2 iolog")));
        assertThrows(NoSuchFileException.class, () -> TraceFormat.detect(dir.resolve("missing.csv")));
        assertThrows(NoSuchFileException.class, () -> TraceReader.read(dir.resolve("missing.csv"), TraceFormat.CSV));
    }

    @Test
    void shouldParseFormatNamesInAnyCaseAndNameTheAllowedOnes() {
        assertEquals(TraceFormat.IOLOG, TraceFormat.parse("iolog"));
        assertEquals(TraceFormat.CSV, TraceFormat.parse("CSV"));
        assertEquals(TraceFormat.JSONL, TraceFormat.parse(" JsonL "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TraceFormat.parse("ndjson"));
        assertEquals("unknown trace format 'ndjson'; expected one of iolog, csv, jsonl", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TraceFormat.parse(""));
    }

    @Test
    void shouldExplainAFormatItCannotTell() throws Exception {
        Path file = write(dir, "trace.txt", "1,read,0,4096\n");
        assertEquals(file + ": cannot tell the trace format: the first line is not 'fio version 3 iolog' or "
                + "'fio version 2 iolog', no CSV header 'time_us,op,offset_bytes,length_bytes' comes first, and the "
                + "name does not end in .csv, .jsonl or .ndjson; name the format with iolog_format (--replay-format): "
                + "iolog, csv or jsonl", error(file, null));
        assertEquals(file + ":1: a CSV trace starts with the header 'time_us,op,offset_bytes,length_bytes', got "
                + "'1,read,0,4096'", error(file, TraceFormat.CSV));
    }

    @Test
    void shouldLetAGivenFormatOverrideTheName() throws Exception {
        Path jsonInCsv = write(dir, "really-json.csv", "{\"time_us\": 1, \"op\": \"flush\"}\n");
        assertEquals("jsonl", TraceReader.read(jsonInCsv, TraceFormat.JSONL).formatName());
        assertEquals(jsonInCsv + ":1: a CSV trace starts with the header 'time_us,op,offset_bytes,length_bytes', got "
                + "'{\"time_us\": 1, \"op\": \"flush\"}'", error(jsonInCsv, null));
    }

    @Test
    void shouldGiveOneLineMessagesWithAndWithoutALine() {
        Path file = Path.of("traces", "x.iolog");
        TraceFormatException atLine = new TraceFormatException(file, 7, "bad\nthing");
        assertEquals(file + ":7: bad thing", atLine.getMessage());
        assertEquals(7, atLine.line());
        assertEquals(file, atLine.file());
        assertEquals("bad thing", atLine.reason());

        TraceFormatException whole = new TraceFormatException(file, "holds no IO to replay");
        assertEquals(file + ": holds no IO to replay", whole.getMessage());
        assertEquals(0, whole.line());

        assertThrows(IllegalArgumentException.class, () -> new TraceFormatException(file, -1, "x"));
    }

    @Test
    void shouldQuoteALongLineOnlyInPart() throws IOException {
        String longOp = "x".repeat(5000);
        Path file = write(dir, "long.csv", CsvParser.HEADER + "\n1," + longOp + ",0,4096\n");
        assertEquals(file + ":2: op '" + "x".repeat(100) + "...' is not one of read, write, flush, sync, datasync, "
                + "trim", error(file, null));
    }

    @Test
    void shouldSummariseATraceInOneLine() throws Exception {
        Path file = resource("hand-sample.csv");
        Trace trace = TraceReader.read(file, null);
        assertEquals(file + " (csv): 9 IOs, 3 read, 2 write, 3 flush, 1 trim over 0.040 ms", trace.toString());
        assertEquals(List.of(), trace.fileNames());
    }
}
