package dev.cruciblesim.bench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.cruciblesim.bench.cli.CliResult.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --replay}: which trace inputs are accepted, and the one line that refuses the rest. */
class ReplayInputCliTest {
    private static final String CSV_HEADER = "time_us,op,offset_bytes,length_bytes\n";

    @TempDir
    Path dir;

    /** Replays {@code trace} in virtual time with one small report, extra options after it. */
    private CliResult replay(Path trace, String... more) {
        String[] args = {"run", "--clock", "virtual", "--report", "tracegw", "--out", dir.resolve("runs").toString(),
            "--replay", trace.toString()};
        return execute(concat(args, more));
    }

    private Path trace(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void assertRefused(String expectedFirstLine, CliResult result) {
        assertEquals(2, result.exitCode(), result.err());
        assertEquals(expectedFirstLine, result.firstErrLine());
        assertEquals("", result.out());
    }

    @Test
    void shouldRefuseACsvWithoutItsHeaderAtLineOne() throws IOException {
        Path trace = trace("t.csv", "0,write,0,4096\n10,read,0,4096\n");
        assertRefused("crucible-sim: --replay: workload.read_iolog: " + trace + ":1: a CSV trace starts with the "
                + "header 'time_us,op,offset_bytes,length_bytes', got '0,write,0,4096'", replay(trace));
    }

    @Test
    void shouldTellACsvByItsHeaderWhateverItsName() throws IOException {
        Path trace = trace("t.txt", "# exported by a script\n" + CSV_HEADER + "0,write,0,4096\n10,read,0,4096\n");
        CliResult result = replay(trace);
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("crucible-sim: 2 IOs (1 reads, 1 writes, 0 flushes)"), result.err());
    }

    /**
     * A scenario that replays a JSONL trace, given another trace with --replay: the file's
     * iolog_format named the file's trace, so it goes with it (before, the CSV was parsed as JSONL);
     * a --replay-format on the command line holds on either side of --replay.
     */
    @Test
    void shouldDropTheFilesTraceFormatWithItsTrace() throws IOException {
        Path jsonl = trace("old.trace", "{\"time_us\": 0, \"op\": \"write\", \"offset_bytes\": 0, \"length_bytes\": 4096}\n");
        Path scenario = trace("s.yaml", "clock: virtual\nworkload: {read_iolog: '" + jsonl + "', iolog_format: jsonl}\n");
        Path csv = trace("new.trace", CSV_HEADER + "0,write,0,4096\n10,read,0,4096\n");
        String[] base = {"run", scenario.toString(), "--report", "tracegw", "--out", dir.resolve("runs").toString()};
        CliResult replayed = execute(concat(base, "--replay", csv.toString()));
        assertEquals(0, replayed.exitCode(), replayed.err());
        assertTrue(replayed.err().contains("crucible-sim: 2 IOs (1 reads, 1 writes, 0 flushes)"), replayed.err());
        CliResult namedFirst = execute(concat(base, "--replay-format", "jsonl", "--replay", csv.toString()));
        assertEquals(2, namedFirst.exitCode(), namedFirst.err());
        assertTrue(namedFirst.firstErrLine().startsWith("crucible-sim: --replay: workload.read_iolog: " + csv + ":1: "),
                namedFirst.err());
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void shouldRefuseACommentLineInAnIolog() throws IOException {
        Path trace = trace("c.iolog", "fio version 3 iolog\n0 f add\n0 f open\n# warm-up below\n5 f read 0 4096\n");
        assertRefused("crucible-sim: --replay: workload.read_iolog: " + trace + ":4: an iolog has no comment lines "
                + "(fio logs this one as bad and skips it); remove it: '# warm-up below'", replay(trace));
    }

    @Test
    void shouldRefuseIoAfterItsFilesClose() throws IOException {
        Path trace = trace("closed.iolog", "fio version 3 iolog\n0 f add\n0 f open\n5 f write 0 4096\n9 f close\n"
                + "12 f read 0 4096\n");
        assertRefused("crucible-sim: --replay: workload.read_iolog: " + trace + ":6: read of file 'f' after its "
                + "'close' on line 5; fio aborts on IO to a file that is not open", replay(trace));
    }

    @Test
    void shouldRefuseASecondFileOnTheOneVolume() throws IOException {
        Path trace = trace("two.iolog", "fio version 2 iolog\nsda add\nsda open\nsda write 0 4096\nsdb add\n"
                + "sdb open\nsdb write 0 4096\n");
        assertRefused("crucible-sim: --replay: workload.read_iolog: " + trace + ":5: a second file 'sdb' (line 2 added "
                + "'sda'); a replay drives one volume, where the files' offsets would fall on each other: keep one "
                + "file's lines", replay(trace));
    }

    @Test
    void shouldWarnBeforeTheRunOfATraceWhoseTimesGoBack() throws IOException {
        Path trace = trace("back.csv", CSV_HEADER + "0,write,0,4096\n50,read,0,4096\n40,read,0,4096\n30,read,0,4096\n");
        CliResult result = replay(trace);
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("crucible-sim: warning: " + trace + ":4: 2 records have a time before the previous record's, "
                + "the first here; each replays at the previous record's time", result.err().lines().toList().get(1));
    }

    @Test
    void shouldReadTheFormatTheCommandLineNames() throws IOException {
        Path trace = trace("t.log", "{\"time_us\": 0, \"op\": \"write\", \"offset_bytes\": 0, \"length_bytes\": 4096}\n"
                + "{\"time_us\": 10, \"op\": \"read\", \"offset_bytes\": 0, \"length_bytes\": 4096}\n");
        CliResult named = replay(trace, "--replay-format", "jsonl");
        assertEquals(0, named.exitCode(), named.err());
        assertTrue(named.err().contains("crucible-sim: 2 IOs (1 reads, 1 writes, 0 flushes)"), named.err());

        assertRefused("crucible-sim: --replay-format: workload.iolog_format: unknown trace format 'ndjson'; expected "
                + "one of iolog, csv, jsonl", replay(trace, "--replay-format", "ndjson"));
        assertRefused("crucible-sim: --replay-format: workload.iolog_format: unknown trace format 'ndjson'; expected "
                + "one of iolog, csv, jsonl", execute("run", "--clock", "virtual", "--ios", "10", "--replay-format",
                "ndjson", "--out", dir.resolve("runs").toString()));
        assertRefused("crucible-sim: --replay-format: workload.iolog_format: applies only to a job with read_iolog",
                execute("run", "--clock", "virtual", "--ios", "10", "--replay-format", "csv", "--out",
                dir.resolve("runs").toString()));
        assertTrue(execute("run", "--help").out().contains("--replay-format=iolog|csv|jsonl"));
    }
}
