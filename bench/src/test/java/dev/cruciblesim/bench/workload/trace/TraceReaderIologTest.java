package dev.cruciblesim.bench.workload.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static dev.cruciblesim.bench.workload.trace.TraceFixtures.error;
import static dev.cruciblesim.bench.workload.trace.TraceFixtures.resource;
import static dev.cruciblesim.bench.workload.trace.TraceFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fio iologs, v2 and v3: logs fio recorded, the v2 wait timeline, and every way a line is refused. */
class TraceReaderIologTest {
    private static final String V3 = "fio version 3 iolog\n0 fiot add\n0 fiot open\n";
    private static final String V2 = "fio version 2 iolog\nfiot add\nfiot open\n";

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- logs recorded by fio 3.33

    /** What {@code grep -cE '^[0-9]+ [^ ]+ <action> [0-9]+ [0-9]+$'} would say, computed from the raw file. */
    private static long grepCount(List<String> raw, String action) {
        Pattern p = Pattern.compile("^[0-9]+ [^ ]+ " + action + " [0-9]+ [0-9]+$");
        return raw.stream().filter(l -> p.matcher(l).matches()).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fio-randrw.iolog", "fio-randrw-fsync4.iolog", "fio-seqwrite-64k-fdatasync8.iolog"})
    void shouldReadAFioRecordedLogWithTheCountsGrepFinds(String name) throws Exception {
        Path file = resource(name);
        List<String> raw = Files.readAllLines(file, StandardCharsets.UTF_8);
        Trace trace = TraceReader.read(file, null);

        assertEquals("fio iolog v3", trace.formatName());
        assertEquals(file, trace.source());
        assertEquals(List.of("fiot"), trace.fileNames());
        assertEquals(grepCount(raw, "read"), trace.count(TraceOp.READ));
        assertEquals(grepCount(raw, "write"), trace.count(TraceOp.WRITE));
        assertEquals(grepCount(raw, "sync") + grepCount(raw, "datasync"), trace.count(TraceOp.FLUSH));
        assertEquals(grepCount(raw, "trim"), trace.count(TraceOp.TRIM));
        assertEquals(trace.count(TraceOp.READ) + trace.count(TraceOp.WRITE) + trace.count(TraceOp.FLUSH),
                trace.size());
        assertTrue(trace.size() > 30, "the sample should hold real IO, not a stub");

        // Every record matches its source line field by field, and the records are exactly the IO lines in order.
        Pattern io = Pattern.compile("^([0-9]+) fiot (read|write|sync|datasync|trim) ([0-9]+) ([0-9]+)$");
        int record = 0;
        long lastIoTimeUs = -1;
        for (int lineIndex = 0; lineIndex < raw.size(); lineIndex++) {
            Matcher m = io.matcher(raw.get(lineIndex));
            if (!m.matches()) {
                continue;
            }
            assertEquals(lineIndex + 1, trace.line(record));
            long timeUs = Long.parseLong(m.group(1));
            assertEquals(timeUs * 1000, trace.timeNs(record), "time of line " + (lineIndex + 1));
            boolean flush = m.group(2).endsWith("sync");
            assertEquals(flush ? TraceOp.FLUSH : TraceOp.valueOf(m.group(2).toUpperCase(Locale.ROOT)),
                    trace.op(record));
            assertEquals(flush ? 0 : Long.parseLong(m.group(3)), trace.offsetBytes(record));
            assertEquals(flush ? 0 : Integer.parseInt(m.group(4)), trace.lengthBytes(record));
            lastIoTimeUs = timeUs;
            record++;
        }
        assertEquals(trace.size(), record);
        for (int i = 1; i < trace.size(); i++) {
            assertTrue(trace.timeNs(i) >= trace.timeNs(i - 1), "time goes back at record " + i);
        }
        assertEquals(0, trace.decreasingTimestamps());
        assertNull(trace.decreasingTimestampsWarning());
        assertEquals(lastIoTimeUs * 1000, trace.durationNs());
    }

    @Test
    void shouldCountFsyncLinesAsFlushesWhenFioLoggedThem() throws Exception {
        Trace trace = TraceReader.read(resource("fio-randrw-fsync4.iolog"), TraceFormat.IOLOG);
        assertTrue(trace.count(TraceOp.FLUSH) > 0);
        for (int i = 0; i < trace.size(); i++) {
            if (trace.op(i) == TraceOp.FLUSH) {
                assertEquals(0, trace.offsetBytes(i), "fio logs the previous IO's offset on a sync; a flush has none");
                assertEquals(0, trace.lengthBytes(i));
            }
        }
    }

    // ---------------------------------------------------------------- v2 and its waits

    @Test
    void shouldPlaceV2IoOnTheTimelineThatWaitDeadlinesBuildAsFioDoes() throws Exception {
        Trace trace = TraceReader.read(resource("hand-v2-waits.iolog"), null);
        long ms = 1_000_000L;

        assertEquals("fio iolog v2", trace.formatName());
        assertEquals(List.of("vol.img"), trace.fileNames());
        assertEquals(List.of(TraceOp.READ, TraceOp.WRITE, TraceOp.FLUSH, TraceOp.READ, TraceOp.TRIM, TraceOp.WRITE,
                TraceOp.FLUSH), ops(trace));
        // A wait is a deadline in ms since the start; "wait 3" after "wait 5" has already passed and changes nothing.
        assertEquals(List.of(0L, 5 * ms, 5 * ms, 5 * ms, 12 * ms, 12 * ms, 12 * ms), times(trace));
        assertEquals(List.of(4, 6, 7, 9, 13, 14, 16), lines(trace));
        assertEquals(16384, trace.offsetBytes(4));
        assertEquals(4096, trace.lengthBytes(4));
        assertEquals(12 * ms, trace.durationNs());
        assertEquals(0, trace.decreasingTimestamps());
    }

    @Test
    void shouldTreatWaitsAsAbsoluteDeadlinesNotAsDelaysThatAddUp() throws Exception {
        Path file = write(dir, "w.iolog", V2 + "fiot wait 3000 0\nfiot read 0 4096\nfiot wait 3000 0\n"
                + "fiot read 4096 4096\nfiot wait 1000 0\nfiot read 8192 4096\nfiot wait 4500 0\nfiot write 0 4096\n");
        Trace trace = TraceReader.read(file, null);
        assertEquals(List.of(3_000_000_000L, 3_000_000_000L, 3_000_000_000L, 4_500_000_000L), times(trace));
    }

    @Test
    void shouldRejectAWaitInAV3LogNamingTheLine() throws Exception {
        Path file = write(dir, "w.iolog", V3 + "10 fiot read 0 4096\n20 fiot wait 100 0\n30 fiot read 0 4096\n");
        assertEquals(file + ":5: 'wait' is not allowed in a version 3 iolog (its timestamps set the pace): "
                + "'20 fiot wait 100 0'", error(file, null));
    }

    // ---------------------------------------------------------------- tolerated layout

    @Test
    void shouldAcceptBlankLinesTabsTrailingBlanksCrlfAndNoFinalNewline() throws Exception {
        Path file = write(dir, "ws.iolog", "fio version 3 iolog  \r\n0 fiot add\r\n\r\n  \t\n"
                + "1\tfiot  open \n  5 fiot\tread 0 4096\t\n\n7 fiot write    4096 512");
        Trace trace = TraceReader.read(file, null);
        assertEquals(2, trace.size());
        assertEquals(List.of(6, 8), lines(trace));
        assertEquals(List.of(5_000L, 7_000L), times(trace));
        assertEquals(512, trace.lengthBytes(1));
    }

    @Test
    void shouldRaiseATimestampThatGoesBackAndCountIt() throws Exception {
        Path file = write(dir, "back.iolog", V3 + "100 fiot read 0 4096\n50 fiot read 0 4096\n150 fiot read 0 4096\n"
                + "149 fiot sync 0 0\n149 fiot read 0 4096\n200 fiot close\n");
        Trace trace = TraceReader.read(file, null);
        assertEquals(List.of(100_000L, 100_000L, 150_000L, 150_000L, 150_000L), times(trace));
        assertEquals(3, trace.decreasingTimestamps());
        assertEquals(file + ":5: 3 records have a time before the previous record's, the first here; each replays "
                + "at the previous record's time", trace.decreasingTimestampsWarning());
        assertEquals(150_000L, trace.durationNs());
    }

    @Test
    void shouldIgnoreFileActionTimesWhenCheckingOrder() throws Exception {
        // The close is not a record, so its earlier stamp neither counts as a step back nor limits the records.
        Path file = write(dir, "close.iolog", V3 + "100 fiot read 0 4096\n5 fiot close\n");
        Trace trace = TraceReader.read(file, null);
        assertEquals(0, trace.decreasingTimestamps());
        assertEquals(100_000L, trace.durationNs());
    }

    // ---------------------------------------------------------------- refusals

    @ParameterizedTest(name = "v3 line {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "10 fiot jump 0 4096       | unknown action 'jump' in '10 fiot jump 0 4096'; expected one of add, open, close, read, write, sync, datasync, trim",
        "10 fiot READ 0 4096       | unknown action 'READ' in '10 fiot READ 0 4096'; expected one of add, open, close, read, write, sync, datasync, trim",
        "10 fiot wait 5 0          | 'wait' is not allowed in a version 3 iolog (its timestamps set the pace): '10 fiot wait 5 0'",
        "10 fiot read 0            | read takes 'timestamp file read offset length', got 4 fields in '10 fiot read 0'",
        "10 fiot write             | write takes 'timestamp file write offset length', got 3 fields in '10 fiot write'",
        "10 fiot read 0 4096 7     | read takes 'timestamp file read offset length', got at least 6 fields in '10 fiot read 0 4096 7'",
        "10 fiot open 0 0          | open takes 'timestamp file open', got 5 fields in '10 fiot open 0 0'",
        "10 fiot                   | expected 'timestamp file action [offset length]', got '10 fiot'",
        "fiot read 0 4096          | timestamp 'fiot' is not a non-negative integer",
        "x fiot read 0 4096        | timestamp 'x' is not a non-negative integer",
        "-5 fiot read 0 4096       | timestamp '-5' is negative",
        "1.5 fiot read 0 4096      | timestamp '1.5' is not a non-negative integer",
        "9223372036854776 fiot read 0 4096 | timestamp '9223372036854776' is too large (at most 9223372036854775 µs)",
        "10 fiot read -1 4096      | offset '-1' is negative",
        "10 fiot read 0x10 4096    | offset '0x10' is not a non-negative integer",
        "10 fiot read +4096 4096   | offset '+4096' is not a non-negative integer",
        "10 fiot read 9223372036854775808 4096 | offset '9223372036854775808' is too large (at most 9223372036854775807)",
        "10 fiot read 0 4k         | length '4k' is not a non-negative integer",
        "10 fiot read 0 2147483648 | length '2147483648' is too large (at most 2147483647)",
        "10 fiot sync 0 -1         | length '-1' is negative",
        "10 other read 0 4096      | read of file 'other' before an 'add' line for it",
        "10 other open             | open of file 'other' before an 'add' line for it",
        "fio version 3 iolog       | a second iolog header; fio's write_iolog appends to an existing file, so this log holds more than one run (record into a fresh file)",
    })
    void shouldRefuseABadV3LineNamingFileLineAndText(String line, String reason) throws IOException {
        Path file = write(dir, "bad.iolog", V3 + line + "\n20 fiot read 0 4096\n");
        assertEquals(file + ":4: " + reason, error(file, null));
    }

    @Test
    void shouldReadIoOnlyWhileItsFileIsOpen() throws Exception {
        Path reopened = write(dir, "reopen.iolog", V3 + "10 fiot read 0 4096\n20 fiot close\n25 fiot open\n"
                + "30 fiot write 0 4096\n40 fiot close\n");
        assertEquals(List.of(4, 7), lines(TraceReader.read(reopened, null)));

        Path neverOpened = write(dir, "noopen.iolog", "fio version 3 iolog\n0 fiot add\n10 fiot sync 0 0\n");
        assertEquals(neverOpened + ":3: sync of file 'fiot' before an 'open' line for it; fio aborts on IO to a file "
                + "that is not open", error(neverOpened, null));

        Path closedTwice = write(dir, "closed.iolog", V2 + "fiot write 0 4096\nfiot close\nfiot wait 5 0\nfiot close\n"
                + "fiot read 0 4096\n");
        assertEquals(closedTwice + ":8: read of file 'fiot' after its 'close' on line 7; fio aborts on IO to a file "
                + "that is not open", error(closedTwice, null));
    }

    @Test
    void shouldRefuseASecondFileNamingBoth() throws IOException {
        String why = " (line 2 added 'fiot'); a replay drives one volume, where the files' offsets would fall on "
                + "each other: keep one file's lines";
        Path v3 = write(dir, "two.iolog", V3 + "10 fiot read 0 4096\n11 other add\n12 other open\n");
        assertEquals(v3 + ":5: a second file 'other'" + why, error(v3, null));
        // Adding the same file again is no second file.
        Path v2 = write(dir, "two2.iolog", V2 + "fiot add\nfiot read 0 4096\n/dev/sdb add\n");
        assertEquals(v2 + ":6: a second file '/dev/sdb'" + why, error(v2, null));
    }

    @ParameterizedTest(name = "v2 line {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "fiot wait 10              | wait takes 'file wait offset length', got 3 fields in 'fiot wait 10'",
        "fiot wait x 0             | wait time (ms) 'x' is not a non-negative integer",
        "fiot wait 9223372036855 0 | wait time (ms) '9223372036855' is too large (at most 9223372036854)",
        "fiot wait 10 -1           | length '-1' is negative",
        "10 fiot read 0 4096       | unknown action 'fiot' in '10 fiot read 0 4096'; expected one of add, open, close, wait, read, write, sync, datasync, trim",
        "fiot read 0 4096 1        | read takes 'file read offset length', got 5 fields in 'fiot read 0 4096 1'",
        "fiot close 0 0            | close takes 'file close', got 4 fields in 'fiot close 0 0'",
        "fiot                      | expected 'file action [offset length]', got 'fiot'",
        "fiot trim x 4096          | offset 'x' is not a non-negative integer",
        "other datasync 0 0        | datasync of file 'other' before an 'add' line for it",
        "fio version 2 iolog       | a second iolog header; fio's write_iolog appends to an existing file, so this log holds more than one run (record into a fresh file)",
    })
    void shouldRefuseABadV2LineNamingFileLineAndText(String line, String reason) throws IOException {
        Path file = write(dir, "bad.iolog", V2 + line + "\nfiot read 0 4096\n");
        assertEquals(file + ":4: " + reason, error(file, null));
    }

    @Test
    void shouldRefuseACommentLineThatFioWouldLogAsBadAndSkip() throws IOException {
        String why = "an iolog has no comment lines (fio logs this one as bad and skips it); remove it: ";
        Path v3 = write(dir, "c3.iolog", V3 + "# recorded on host a\n10 fiot read 0 4096\n");
        assertEquals(v3 + ":4: " + why + "'# recorded on host a'", error(v3, null));
        Path v2 = write(dir, "c2.iolog", V2 + "fiot read 0 4096\n  #fiot read 4096 4096\n");
        assertEquals(v2 + ":5: " + why + "'#fiot read 4096 4096'", error(v2, null));
    }

    @ParameterizedTest(name = "header {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "fio version 1 iolog  | unsupported iolog version '1' (fio dropped version 1 in 1.20); supported are 2 and 3",
        "fio version 4 iolog  | unsupported iolog version '4'; supported are 2 and 3",
        "fio version 3 iolog! | not a fio iolog: the first line is 'fio version 3 iolog!', expected 'fio version 3 iolog' or 'fio version 2 iolog'",
        "fio  version 3 iolog | not a fio iolog: the first line is 'fio  version 3 iolog', expected 'fio version 3 iolog' or 'fio version 2 iolog'",
        "0 fiot add           | not a fio iolog: the first line is '0 fiot add', expected 'fio version 3 iolog' or 'fio version 2 iolog'",
    })
    void shouldRefuseAMissingOrUnsupportedHeaderOnLine1(String header, String reason) throws IOException {
        Path file = write(dir, "h.iolog", header + "\n0 fiot add\n0 fiot open\n1 fiot read 0 4096\n");
        assertEquals(file + ":1: " + reason, error(file, TraceFormat.IOLOG));
    }

    @Test
    void shouldNameAnUnsupportedVersionEvenWhenTheFormatIsDetected() throws IOException {
        // Detection only recognises v2 and v3, yet the user should learn the version is the problem, not the name.
        Path file = write(dir, "v4.txt", "fio version 4 iolog\n0 fiot add\n");
        assertEquals(file + ":1: unsupported iolog version '4'; supported are 2 and 3", error(file, null));
    }

    @Test
    void shouldRefuseAnEmptyFileAndALogWithoutIo() throws IOException {
        Path empty = write(dir, "empty.iolog", "");
        assertEquals(empty + ":1: empty file; an iolog starts with 'fio version 3 iolog' or 'fio version 2 iolog'",
                error(empty, TraceFormat.IOLOG));

        Path noIo = write(dir, "noio.iolog", V3 + "5 fiot close\n");
        assertEquals(noIo + ": holds no IO to replay", error(noIo, null));

        Path onlyWaits = write(dir, "waits.iolog", V2 + "fiot wait 10 0\nfiot close\n");
        assertEquals(onlyWaits + ": holds no IO to replay", error(onlyWaits, null));
    }

    @Test
    void shouldNameTheLineThatIsNotUtf8EvenFarIntoTheFile() throws IOException {
        StringBuilder text = new StringBuilder(V3);
        for (int i = 0; i < 5000; i++) {
            text.append(i).append(" fiot read 0 4096\n");
        }
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bad = "9999 fiot read 0 4096 \u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = dir.resolve("latin1.iolog");
        Files.write(file, concat(head, bad));
        assertEquals(file + ":" + (3 + 5000 + 1) + ": not UTF-8 text", error(file, null));
    }

    // ---------------------------------------------------------------- helpers

    static List<TraceOp> ops(Trace trace) {
        return IntStream.range(0, trace.size()).mapToObj(trace::op).toList();
    }

    static List<Long> times(Trace trace) {
        return IntStream.range(0, trace.size()).mapToObj(trace::timeNs).toList();
    }

    static List<Integer> lines(Trace trace) {
        return IntStream.range(0, trace.size()).mapToObj(trace::line).toList();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
