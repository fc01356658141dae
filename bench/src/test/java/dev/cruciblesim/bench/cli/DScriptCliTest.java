package dev.cruciblesim.bench.cli;

import dev.cruciblesim.bench.harness.RunScripts;
import dev.cruciblesim.bench.virtual.VirtualHarness;
import dev.cruciblesim.tracing.d.ShippedScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run -s}, {@code -n}, {@code -q}, {@code -Z}: the user's D scripts on a run, in virtual time. */
class DScriptCliTest {
    private static final String REFERENCE = Path.of("..", "scenarios", "reference.yaml").toString();
    private static final long TICK_NS = 100_000_000L;

    private static long bundles(Path outDirectory) throws IOException {
        if (!Files.exists(outDirectory)) {
            return 0;
        }
        try (Stream<Path> runs = Files.list(outDirectory)) {
            return runs.count();
        }
    }

    /** @return the summary's count of {@code what} ("writes", "IOs"), e.g. 2483 from "(2483 writes" */
    private static long summaryCount(String err, String what) {
        Matcher matcher = Pattern.compile("(\\d+) " + what + "\\b").matcher(err);
        assertTrue(matcher.find(), () -> "no '" + what + "' count in: " + err);
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void eachShippedScriptByNamePrintsWhatItsBuiltInReportPrints(@TempDir Path out) {
        for (String name : ShippedScripts.NAMES) {
            CliResult report = CliResult.run(out, "--clock", "virtual", REFERENCE, "--report", name);
            CliResult script = CliResult.run(out, "--clock", "virtual", REFERENCE, "-s", name);
            assertEquals(0, report.exitCode(), report.err());
            assertEquals(0, script.exitCode(), script.err());
            assertFalse(report.out().isBlank(), name + " printed nothing");
            assertEquals(report.out(), script.out(), name + ": the D script and the built-in report differ");
            assertTrue(script.err().contains("--- " + name + ".d ---"), script.err());
        }
    }

    @Test
    void aShippedNameTakesDotDAndTheBuiltInReportsRunOnlyWhenNamed(@TempDir Path out) {
        CliResult scriptOnly = CliResult.run(out, "--clock", "virtual", REFERENCE, "-s", "perfgw.d");
        CliResult both = CliResult.run(out, "--clock", "virtual", REFERENCE, "-s", "perfgw", "--report", "tracegw");
        CliResult tracegw = CliResult.run(out, "--clock", "virtual", REFERENCE, "--report", "tracegw");
        CliResult perfgw = CliResult.run(out, "--clock", "virtual", REFERENCE, "--report", "perfgw");
        assertEquals(0, scriptOnly.exitCode(), scriptOnly.err());
        assertEquals(0, both.exitCode(), both.err());
        assertFalse(scriptOnly.err().contains("--- perfdw.d ---"), "built-in reports ran: " + scriptOnly.err());
        // The reports first, then the scripts, each as its run alone prints it.
        assertEquals(tracegw.out() + perfgw.out(), both.out());
    }

    @Test
    void aScriptWithASyntaxErrorExitsTwoNamingFileAndLineAndRunsNothing(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("bad.d");
        Files.writeString(script, "BEGIN\n{\n    x = ;\n}\n");
        Path out = dir.resolve("runs");
        CliResult result = CliResult.run(out, "--clock", "virtual", REFERENCE, "-s", script.toString());
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), result.err());
        assertEquals("dtrace: failed to compile script " + script + ": line 3: syntax error near \";\"",
                result.firstErrLine());
        assertTrue(result.err().contains("crucible-sim: column "), "the column, for a human: " + result.err());
        assertFalse(result.err().contains("crucible-sim: scenario"), "the run started: " + result.err());
        assertEquals("", result.out());
        assertEquals(0, bundles(out), "a bundle was written");
    }

    @Test
    void aScriptThatIsNeitherFileNorShippedNameIsBadInput(@TempDir Path out) throws IOException {
        CliResult result = CliResult.run(out, "--clock", "virtual", REFERENCE, "-s", "no-such-script.d");
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), result.err());
        assertTrue(result.firstErrLine().contains("--script no-such-script.d: no such file"), result.err());
        assertTrue(result.firstErrLine().contains("perfgw"), "the shipped names: " + result.err());
        assertEquals(0, bundles(out));
    }

    @Test
    void aQuietOneLinerPrintsExactlyItsLines(@TempDir Path out) {
        CliResult result = CliResult.run(out, "--clock", "virtual", REFERENCE, "--rw", "write", "--ios", "200",
                "--fsync", "0", "-q", "-n", "BEGIN { printf(\"start\\n\"); } "
                        + "crucible_upstairs*:::gw-write-start { n++; } END { printf(\"writes %d\\n\", n); }");
        assertEquals(0, result.exitCode(), result.err());
        long writes = summaryCount(result.err(), "writes");
        assertEquals(200, writes, result.err());
        // The END clause's line, then the "\n" dtrace writes before the (empty) aggregation dump.
        assertEquals("start\nwrites 200\n\n", result.out());
        assertFalse(result.err().contains("dtrace: description"), "-q prints no notice: " + result.err());
    }

    @Test
    void withoutQuietAOneLinerSaysWhatItMatched(@TempDir Path out) {
        CliResult result = CliResult.run(out, "--clock", "virtual", REFERENCE, "--ios", "100",
                "-n", "crucible_upstairs*:::gw-write-start,crucible_upstairs*:::gw-read-start { @ = count(); }");
        assertEquals(0, result.exitCode(), result.err());
        // One upstairs: one probe each; dtrace quotes the description up to the clause's brace.
        assertTrue(result.err().contains("dtrace: description 'crucible_upstairs*:::gw-write-start,"
                + "crucible_upstairs*:::gw-read-start ' matched 2 probes\n"), result.err());
        long ios = summaryCount(result.err(), "IOs");
        long flushes = summaryCount(result.err(), "flushes");
        // The count aggregation's end-of-run dump: a blank line, then the value right-aligned.
        assertEquals(String.format("%n %16d%n", ios - flushes), result.out());
    }

    @Test
    void aDescriptionMatchingNothingIsAnErrorUnlessZ(@TempDir Path dir) throws IOException {
        String oneLiner = "crucible_upstairs*:::gw-wrte-start { n++; }";
        Path refusedOut = dir.resolve("refused");
        CliResult refused = CliResult.run(refusedOut, "--clock", "virtual", REFERENCE, "-n", oneLiner);
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, refused.exitCode(), refused.err());
        assertEquals("dtrace: invalid probe specifier " + oneLiner + ": probe description "
                + "crucible_upstairs*:::gw-wrte-start does not match any probes", refused.firstErrLine());
        assertTrue(refused.err().contains("gw-write-start"), "the closest names: " + refused.err());
        assertEquals(0, bundles(refusedOut), "the run started");

        CliResult allowed = CliResult.run(dir.resolve("allowed"), "--clock", "virtual", REFERENCE, "--ios", "100",
                "-Z", "-n", oneLiner);
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertTrue(allowed.err().contains("dtrace: description 'crucible_upstairs*:::gw-wrte-start ' matched 0 probes"),
                allowed.err());
        assertEquals(100, summaryCount(allowed.err(), "IOs"));
    }

    @Test
    void aRuntimeErrorPrintsDtracesLineOnStderrAndTheRunGoesOn(@TempDir Path out) {
        CliResult result = CliResult.run(out, "--clock", "virtual", REFERENCE, "--ios", "3", "--rw", "read",
                "--fsync", "0", "-q", "-n", "crucible_upstairs*:::gw-read-start { x = 1 / (arg0 - arg0); }");
        assertEquals(0, result.exitCode(), result.err());
        long errorLines = result.err().lines().filter(line -> line.startsWith("dtrace: error on enabled probe ID 1 ")
                && line.endsWith("gw-read-start): divide-by-zero in action #1")).count();
        assertEquals(3, errorLines, "one per read: " + result.err());
        assertEquals(3, summaryCount(result.err(), "reads"));
    }

    @Test
    void aRuntimeErrorLineIsPrintedAsItHappensBeforeTheOutput(@TempDir Path out) {
        CliResult result = CliResult.run(out, "--clock", "virtual", REFERENCE, "--ios", "2", "--rw", "read",
                "--fsync", "0", "-q", "-n", "crucible_upstairs*:::gw-read-start { x = 1 / (arg0 - arg0); }");
        assertEquals(0, result.exitCode(), result.err());
        int firstError = result.err().indexOf("dtrace: error on enabled probe ID 1 ");
        int outputHeader = result.err().indexOf("--- -n ---");
        assertTrue(firstError >= 0 && outputHeader > firstError, result.err());
    }

    @Test
    void severalScriptsAndDescriptionsAreOneConsumer(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("count.d");
        Files.writeString(script, "BEGIN { label = \"writes\"; }\ncrucible_upstairs*:::gw-write-start { n++; }\n");
        CliResult result = CliResult.run(dir.resolve("out"), "--clock", "virtual", REFERENCE, "--rw", "write",
                "--ios", "50", "--fsync", "0", "-s", script.toString(), "-n", "END { printf(\"%s %d\", label, n); }");
        assertEquals(0, result.exitCode(), result.err());
        // A notice per program, in command-line order; BEGIN and one upstairs' gw-write-start are count.d's two.
        assertTrue(result.err().contains("dtrace: script '" + script + "' matched 2 probes\n"
                + "dtrace: description 'END ' matched 1 probe\n"), result.err());
        long writes = summaryCount(result.err(), "writes");
        // The -n program reads count.d's variables, and one heading comes before the only firing with data.
        String endRow = String.format("%3d %6d %32s ", 0, 2, ":END");
        assertEquals("CPU     ID                    FUNCTION:NAME\n" + endRow + "writes " + writes + "\n\n",
                result.out());
        assertTrue(result.err().contains("--- " + script + ", -n ---"), result.err());
    }

    @Test
    void downstairsProbesAreRefusedBeforeAnythingStartsWhenTheDownstairsAreOtherProcesses(@TempDir Path out)
            throws IOException {
        String oneLiner = "crucible_downstairs*:::os-read-start { n++; }";
        // Refused by the check before the run: no downstairs process is started, no bundle made.
        CliResult result = CliResult.run(out, "--transport", "processes", "--duration", "1", "-n", oneLiner);
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), result.err());
        assertEquals("dtrace: invalid probe specifier " + oneLiner + ": probe description "
                + "crucible_downstairs*:::os-read-start does not match any probes", result.firstErrLine());
        assertTrue(result.err().contains("fire their probes in their own processes"), result.err());
        assertEquals(0, bundles(out));
    }

    @Test
    void tickFiresOnTheSimulatedClockOncePerIntervalOfTheRun(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("ticks.d");
        Files.writeString(script, String.join("\n",
                "#pragma D option quiet",
                "tick-100ms { printf(\"tick %d\\n\", timestamp); }",
                // The run ends on the event that drains it, a reply the upstairs takes: its last probe firing.
                "crucible_upstairs*::: { last = timestamp; }",
                "END { printf(\"last %d\\n\", last); }",
                ""));
        CliResult result = CliResult.run(dir.resolve("runs"), "--clock", "virtual", REFERENCE, "--ios", "0",
                "--duration", "1s", "-s", script.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().endsWith("\n\n"), "the END line, then dtrace's blank line: " + result.out());
        List<String> lines = result.out().strip().lines().toList();
        String lastLine = lines.get(lines.size() - 1);
        assertTrue(lastLine.startsWith("last "), result.out());
        long lastNs = Long.parseLong(lastLine.substring("last ".length()));
        List<String> ticks = lines.subList(0, lines.size() - 1);
        // Every interval that ended before the run did, and each tick exactly on its interval's end.
        long expected = (lastNs - VirtualHarness.START_NS) / TICK_NS;
        assertTrue(expected >= 10, "a 1 s workload runs at least 1 s: " + lastNs);
        assertEquals(expected, ticks.size(), result.out());
        for (int k = 0; k < ticks.size(); k++) {
            assertEquals("tick " + (VirtualHarness.START_NS + (k + 1) * TICK_NS), ticks.get(k));
        }
    }

    @Test
    void exitEndsTheRunEarlyWithItsStatusAndTheEndClause(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("ten.d");
        Files.writeString(script, String.join("\n",
                "#pragma D option quiet",
                "crucible_upstairs*:::gw-write-start { n++; }",
                "crucible_upstairs*:::gw-write-start /n == 10/ { exit(3); }",
                "END { printf(\"writes seen %d\\n\", n); }",
                ""));
        CliResult result = CliResult.run(dir.resolve("runs"), "--clock", "virtual", REFERENCE, "-s",
                script.toString());
        assertEquals(3, result.exitCode(), result.err());
        // Firings after exit() are not traced, as in dtrace; the run drains what was in flight.
        assertEquals("writes seen 10\n\n", result.out());
        assertTrue(result.err().contains(script + " called exit(3)"), result.err());
        long ios = summaryCount(result.err(), "IOs");
        assertTrue(ios < 100, "the reference run's 5000 IOs did not stop: " + ios);
        assertEquals(1, bundles(dir.resolve("runs")));
    }

    @Test
    void aVirtualRunWithAScriptRepeatsByteForByteWallClockIncluded(@TempDir Path out) {
        String[] args = {"--clock", "virtual", REFERENCE, "-q", "-n",
                "crucible_upstairs*:::gw-*-done { @[probename] = quantize(timestamp); } "
                        + "tick-50ms { printf(\"%d %d\\n\", timestamp, walltimestamp); }"};
        CliResult first = CliResult.run(out, args);
        CliResult second = CliResult.run(out, args);
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(first.out(), second.out());
        assertTrue(first.out().startsWith((VirtualHarness.START_NS + 50_000_000L) + " "
                + (RunScripts.VIRTUAL_WALL_CLOCK_AT_START_NS + 50_000_000L) + "\n"), first.out());
        assertTrue(first.out().contains("gw-write-done"), first.out());
    }

    @Test
    void beginAndEndReadTheSimulatedClockInVirtualTime(@TempDir Path out) {
        String[] args = {"--clock", "virtual", REFERENCE, "-q", "-n",
                "BEGIN { printf(\"begin %d\\n\", timestamp); } END { printf(\"end %d\\n\", timestamp); }"};
        CliResult first = CliResult.run(out, args);
        assertEquals(0, first.exitCode(), first.err());
        String[] lines = first.out().split("\n");
        assertEquals("begin " + VirtualHarness.START_NS, lines[0], first.out());
        long endNs = Long.parseLong(lines[1].substring("end ".length()));
        assertTrue(endNs > VirtualHarness.START_NS, "END must come after the run's simulated time: " + first.out());
        assertEquals(first.out(), CliResult.run(out, args).out());
    }

    @Test
    void eachComponentIsItsOwnThreadInVirtualTime(@TempDir Path out) {
        // self->seen counts one downstairs' jobs if self-> is that downstairs' own, and all three's if they shared.
        CliResult result = CliResult.run(out, "--clock", "virtual", REFERENCE, "-q", "-n",
                "crucible_downstairs*:::submit-*-start { self->seen++; @jobs[pid, tid] = count(); "
                        + "@seen[pid, tid] = max(self->seen); } "
                        + "END { printa(\"%d %d %@d %@d\\n\", @jobs, @seen); }");
        assertEquals(0, result.exitCode(), result.err());
        List<String[]> rows = result.out().lines().filter(line -> !line.isEmpty()).map(line -> line.split(" "))
                .toList();
        assertEquals(3, rows.size(), result.out());
        assertEquals(3, rows.stream().map(row -> row[1]).distinct().count(), "a tid per downstairs: " + result.out());
        for (String[] row : rows) {
            assertEquals(row[2], row[3], "downstairs " + row[0] + "'s self->seen counted others' jobs: " + result.out());
        }
    }

    @Test
    void scriptsAreRefusedInASetOfRuns(@TempDir Path out) throws IOException {
        CliResult result = CliResult.run(out, "--clock", "virtual", REFERENCE, "--seeds", "1..2", "-s", "perfgw");
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), result.err());
        assertTrue(result.firstErrLine().contains("--seeds: D scripts"), result.err());
        assertEquals(0, bundles(out));
    }
}
