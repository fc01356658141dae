package dev.cruciblesim.bench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.cruciblesim.bench.cli.CliResult.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line: exit codes, error messages, help. */
class CrucibleSimTest {
    @Test
    void shouldDocumentEveryRunOptionInHelp() {
        CliResult result = execute("run", "--help");
        assertEquals(0, result.exitCode());
        for (String option : new String[] {"SCENARIO", "--clock", "--duration", "--ios", "--queue-depth",
            "--read-percent", "--fsync", "--flush-mix", "--bs", "--block-size", "--extent-size", "--extent-count",
            "--report", "--status-interval-ms", "--flush-timeout-ms", "--max-in-flight", "--seed", "--[no-]verify",
            "--drain-timeout-ms", "--set", "--out"}) {
            assertTrue(result.out().contains(option), () -> "help lacks " + option + ":\n" + result.out());
        }
    }

    @Test
    void shouldListExitCodesInRootHelp() {
        CliResult result = execute("--help");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("run"), result.out());
        assertTrue(result.out().contains("bad input"), result.out());
    }

    @Test
    void shouldExitTwoWithOneLineForAnUnknownReport() {
        CliResult result = execute("run", "--report", "perfgw,bogus");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("unknown report 'bogus'"), result.err());
        assertTrue(result.err().contains("perfdw"), "lists the valid reports: " + result.err());
        assertEquals("", result.out());
    }

    @Test
    void shouldExitTwoForAValueOutOfRange() {
        CliResult result = execute("run", "--queue-depth", "0");
        assertEquals(2, result.exitCode());
        assertEquals("crucible-sim: --queue-depth: workload.iodepth: must be an integer from 1 to 65536, got '0'",
                result.err().strip());
    }

    @Test
    void shouldExitTwoForLimitsTheVolumeCannotHold() {
        CliResult tooDeep = execute("run", "--queue-depth", "70000");
        assertEquals(2, tooDeep.exitCode());
        assertTrue(tooDeep.err().contains("--queue-depth: workload.iodepth: must be an integer from 1 to 65536"),
                tooDeep.err());
        CliResult tooBig = execute("run", "--bs", "4m");
        assertEquals(2, tooBig.exitCode());
        assertTrue(tooBig.err().contains("--bs: workload.bs: must be at most 1 MiB"), tooBig.err());
        CliResult tooManyBlocks = execute("run", "--extent-size", "4000000", "--extent-count", "2000");
        assertEquals(2, tooManyBlocks.exitCode());
        assertTrue(tooManyBlocks.err().contains("blocks; the harness tracks at most"), tooManyBlocks.err());
        CliResult twice = execute("run", "--report", "perfgw,perfgw");
        assertEquals(2, twice.exitCode());
        assertTrue(twice.err().contains("twice"), twice.err());
    }

    @Test
    void shouldExitTwoForABadBlockSize() {
        CliResult result = execute("run", "--block-size", "1000");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("power of two"), result.err());
    }

    @Test
    void shouldExitTwoForAnUnknownOptionOrAMissingSubcommand() {
        assertEquals(2, execute("run", "--no-such-option").exitCode());
        assertEquals(2, execute().exitCode());
        CliResult notANumber = execute("run", "--ios", "many");
        assertEquals(2, notANumber.exitCode());
        assertTrue(notANumber.err().contains("--ios"), notANumber.err());
    }

    @TempDir
    Path outDirectory;

    /** A FIFO (open blocks for a writer) and a device (never ends) as each file input: one line, exit 2, at once. */
    @Test
    void shouldRefuseFilesThatAreNotRegularWithoutReadingThem() throws Exception {
        Path fifo = outDirectory.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)
                && mkfifo.exitValue() == 0, "mkfifo is not available");
        String never = ": not a regular file (a device, FIFO or socket), so it could never end";
        Path out = outDirectory.resolve("runs");

        CliResult scenario = refusedAtOnce("run", fifo.toString(), "--out", out.toString());
        assertEquals("crucible-sim: " + fifo + ": cannot read" + never, firstLine(scenario));
        CliResult replay = refusedAtOnce("run", "--clock", "virtual", "--ios", "10", "--replay", fifo.toString(),
                "--out", out.toString());
        assertEquals("crucible-sim: --replay: workload.read_iolog: cannot read " + fifo + never, firstLine(replay));
        CliResult capture = refusedAtOnce("run", "--clock", "virtual", "--ios", "10", "--set",
                "downstairs.all.service.read.fixed={kind: empirical, hdr_log: " + fifo + "}", "--out", out.toString());
        assertEquals("crucible-sim: --set: downstairs.all.service.read.fixed.hdr_log: empirical: cannot read " + fifo
                + never, firstLine(capture));

        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(zero), "no /dev/zero here");
        assertEquals("crucible-sim: /dev/zero: cannot read" + never,
                firstLine(refusedAtOnce("run", zero.toString(), "--out", out.toString())));
        assertEquals("crucible-sim: --set: downstairs.all.service.read.fixed.dtrace: empirical: cannot read /dev/zero"
                + never, firstLine(refusedAtOnce("run", "--clock", "virtual", "--ios", "10", "--set",
                "downstairs.all.service.read.fixed={kind: empirical, dtrace: /dev/zero}", "--out", out.toString())));
        assertFalse(java.nio.file.Files.exists(out), "nothing ran");
    }

    private static CliResult refusedAtOnce(String... args) {
        CliResult result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> execute(args));
        assertEquals(2, result.exitCode(), result.err());
        return result;
    }

    private static String firstLine(CliResult result) {
        return result.err().lines().findFirst().orElse("");
    }

    /**
     * A count beyond what its option's type held was "'99999999999' is not an int"; each now gets
     * its key's whole range, and the value as typed (not "2.0" for "2").
     */
    @Test
    void shouldGiveEveryCountItsWholeRange() {
        assertEquals("crucible-sim: --queue-depth: workload.iodepth: must be an integer from 1 to 65536, got "
                + "'99999999999'", firstLine(execute("run", "--queue-depth", "99999999999")));
        assertEquals("crucible-sim: --ios: workload.number_ios: must be an integer from 0 (no limit) to "
                + "9223372036854775807, got '99999999999999999999'",
                firstLine(execute("run", "--ios", "99999999999999999999")));
        assertEquals("crucible-sim: --seed: seed: must be an integer from -9223372036854775808 to "
                + "9223372036854775807, got '1e30'", firstLine(execute("run", "--seed", "1e30")));
        assertEquals("crucible-sim: --extent-count: volume.extent_count: must be an integer from 1 to 2147483647, "
                + "got '99999999999'", firstLine(execute("run", "--extent-count", "99999999999")));
        assertEquals("crucible-sim: --flush-mix: workload.flush_mix: must be a number from 0 to 1 (the probability "
                + "that an IO is a flush), got '2'", firstLine(execute("run", "--flush-mix", "2")));
        assertEquals("crucible-sim: --rate-iops: workload.rate_iops: must be a number of IOs per second above 0 and "
                + "at most 10000000 (an open loop), got '0'", firstLine(execute("run", "--rate-iops", "0")));
        assertEquals("crucible-sim: --set: workload.jobs[99999999999].iodepth: the list has 2 items, indexed from 0",
                firstLine(execute("run", "../scenarios/mixed-jobs.yaml", "--set",
                        "workload.jobs[99999999999].iodepth=2")));
    }

    @Test
    void shouldNameAnUnknownCommandAndASecondScenarioFileInsteadOfAnIndex() {
        CliResult command = execute("rnu");
        CliResult second = execute("run", "a.yaml", "b.yaml");

        assertEquals(2, command.exitCode());
        assertEquals("crucible-sim: unknown command 'rnu'; the commands are run, compare, jmh, downstairs, probes, help", firstLine(command));
        assertEquals(2, second.exitCode());
        assertEquals("crucible-sim: run takes one scenario file, 'a.yaml'; 'b.yaml' is a second", firstLine(second));
    }

    @Test
    void shouldWarnBeforeTheRunOfAModelThatOutlastsTheDrainTimeout() {
        CliResult result = execute("run", "--clock", "virtual", "--ios", "5", "--set", "upstairs.processing=50ms",
                "--drain-timeout-ms", "10", "--out", outDirectory.resolve("runs").toString());

        List<String> lines = result.err().lines().toList();
        assertTrue(lines.get(0).startsWith("crucible-sim: scenario default"), lines.get(0));
        assertEquals("crucible-sim: warning: upstairs.processing: mean 50.00ms, 99.9th percentile about 50.00ms: beyond "
                + "the drain timeout of 10.00ms, so a run would end as a hang; shorten the model or raise drain_timeout",
                lines.get(1));
    }

    @Test
    void shouldRefuseAnEmptyOutBeforeTheRunStarts() {
        CliResult result = execute("run", "--clock", "virtual", "--ios", "20", "--out", "");

        assertEquals(2, result.exitCode());
        assertEquals("crucible-sim: --out: the path is empty; give the directory to create the run's bundle in",
                result.err().lines().findFirst().orElse(""));
    }

    @Test
    void shouldSayInWordsWhyTheOutDirectoryCannotBeMade() throws java.io.IOException {
        Path file = java.nio.file.Files.writeString(outDirectory.resolve("a-file"), "not a directory");

        CliResult inTheWay = execute("run", "--clock", "virtual", "--ios", "20", "--out", file.toString());
        CliResult under = execute("run", "--clock", "virtual", "--ios", "20", "--out", file.resolve("runs").toString());

        assertEquals(2, inTheWay.exitCode());
        assertEquals("crucible-sim: --out " + file + ": cannot create the run's bundle directory: cannot write " + file
                + ": a file that is not a directory is in the way", inTheWay.err().lines().findFirst().orElse(""));
        assertEquals(2, under.exitCode());
        assertEquals("crucible-sim: --out " + file.resolve("runs") + ": cannot create the run's bundle directory: "
                + "cannot write " + file.resolve("runs") + ": Not a directory", under.err().lines().findFirst().orElse(""));
    }

    @Test
    void shouldRunAndPrintOnlyTheChosenReport() {
        CliResult result = execute("run", "--ios", "400", "--duration", "30", "--queue-depth", "4", "--report", "tracegw",
                "--extent-count", "4", "--extent-size", "64", "--out", outDirectory.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith(" read_start:"), result.out());
        assertFalse(result.out().contains("Distribution"), result.out());
        assertTrue(result.err().contains("--- tracegw.d ---"), result.err());
        assertTrue(result.err().contains("reads verified"), result.err());
    }

    /** The built-in default brings scenarios/healthy.yaml's models in virtual time, so a bare virtual run runs. */
    @Test
    void shouldRunTheBuiltInDefaultInVirtualTime() {
        CliResult result = execute("run", "--clock", "virtual", "--duration", "20ms", "--out", outDirectory.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("Distribution"), result.out());
        assertTrue(result.err().contains("reads verified"), result.err());
    }

    @Test
    void shouldRefuseAVirtualRunThatCouldNeverEnd() {
        CliResult result = execute("run", "--clock", "virtual", "--unset", "downstairs", "--unset", "upstairs",
                "--out", outDirectory.toString());
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("scenario default: workload: in virtual time nothing job workload does takes time"),
                result.err());
        // A flush model does not help a workload that never flushes.
        CliResult flushModelOnly = execute("run", "--clock", "virtual", "--unset", "downstairs", "--unset", "upstairs",
                "--fsync", "0", "--set", "downstairs.all.service.flush.fixed=1ms", "--out", outDirectory.toString());
        assertEquals(2, flushModelOnly.exitCode(), flushModelOnly.err());
        CliResult withCount = execute("run", "--clock", "virtual", "--ios", "300", "--duration", "0", "--report",
                "tracegw", "--extent-count", "4", "--extent-size", "64", "--out", outDirectory.toString());
        assertEquals(0, withCount.exitCode(), withCount.err());
        assertTrue(withCount.out().startsWith(" read_start:"), withCount.out());
    }

    @Test
    void shouldReplayAFioLogFromTheCommandLine() {
        CliResult result = execute("run", "--clock", "virtual", "--replay", "../scenarios/data/fio-randrw-fsync4.iolog",
                "--report", "tracegw", "--write-iolog", "--out", outDirectory.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("317 IOs (132 reads, 124 writes, 61 flushes)"), result.err());
    }

    @Test
    void shouldExitTwoNamingTheTraceLineThatCannotBeParsed() throws java.io.IOException {
        Path trace = outDirectory.resolve("bad.iolog");
        java.nio.file.Files.writeString(trace,
                "fio version 3 iolog\n0 f add\n0 f open\n5 f read 0 4096\n9 f reed 0 4096\n");
        CliResult result = execute("run", "--clock", "virtual", "--replay", trace.toString(), "--out",
                outDirectory.toString());
        assertEquals(2, result.exitCode());
        String message = result.err().strip();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.startsWith("crucible-sim: --replay: workload.read_iolog: " + trace + ":5: "), message);
        assertTrue(message.contains("reed"), message);
        try (var runs = java.nio.file.Files.list(outDirectory)) {
            assertEquals(List.of(trace), runs.toList(), "no bundle: nothing ran");
        }
    }
}
