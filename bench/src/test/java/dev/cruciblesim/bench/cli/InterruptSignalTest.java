package dev.cruciblesim.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ^C as dtrace takes it, on a real child process: the first SIGINT stops issuing IO, drains, prints
 * the reports and writes the bundle marked interrupted, exit 130; a second exits at once. Each test
 * waits for the child to say its job is running (read from its stderr), so the signal lands
 * while IO is in flight; nothing here sleeps.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class InterruptSignalTest {
    /** Printed once the unlimited job has submitted its first IOs. */
    private static final String RUNNING = "crucible-sim: job workload running with no runtime or IO limit";
    private static final String FIRST_NOTICE = "crucible-sim: interrupted: no more IO will be issued";

    @TempDir
    Path directory;

    /**
     * Without a limit (--duration 0, no --ios) a real-time run goes on until ^C, then ends whole; a plain kill
     * (SIGTERM) ends it the same way, with its own notice and exit code.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INT  | 130 | crucible-sim: interrupted: no more IO will be issued",
        "TERM | 143 | crucible-sim: terminated (SIGTERM): no more IO will be issued",
    })
    void shouldDrainPrintTheReportsAndWriteAnInterruptedBundleAtTheFirstSignal(String signal, int exitCode,
            String firstNotice) throws Exception {
        Path runs = directory.resolve("runs");
        ChildCrucibleSim child = ChildCrucibleSim.start(directory, List.of(), "run", "--duration", "0", "--out", runs.toString());
        child.awaitStderrLine(RUNNING);
        if (signal.equals("INT")) {
            child.sigint();
        } else {
            child.sigterm();
        }
        List<String> stderr = child.stderrToEnd();

        assertEquals(exitCode, child.exitCode(), () -> String.join("\n", stderr));
        assertEquals(signal.equals("INT") ? CrucibleSim.EXIT_INTERRUPTED : CrucibleSim.EXIT_TERMINATED, exitCode);
        assertTrue(stderr.stream().anyMatch(line -> line.startsWith(firstNotice)), () -> String.join("\n", stderr));
        String stdout = Files.readString(child.stdout, StandardCharsets.UTF_8);
        assertTrue(stdout.contains("Distribution"), "the quantize reports are printed: " + stdout);
        for (String script : List.of("perfgw.d", "perfdw.d", "tracegw.d")) {
            assertTrue(stderr.contains("--- " + script + " ---"), script + " was printed");
        }

        Path bundle = onlyBundle(runs);
        JsonNode report = new ObjectMapper().readTree(bundle.resolve("report.json").toFile());
        assertTrue(report.get("interrupted").asBoolean(), "report.json says the run was interrupted");
        assertTrue(report.get("succeeded").asBoolean(), () -> report.get("failures").toString());
        long ios = report.get("workload").get("total_ios").asLong();
        assertTrue(ios > 0, "the IO in flight at the signal completed");
        assertEquals(report.get("workload").get("reads").asLong(),
                report.get("workload").get("verified_reads").asLong(), "every read was verified");
        assertTrue(Files.readString(bundle.resolve("summary.txt")).contains("crucible-sim: interrupted:"),
                "the summary says so");
        assertTrue(Files.size(bundle.resolve("latency.hlog")) > 0, "the interval log was written");
    }

    /**
     * Every write waits a minute in the downstairs, so after the first ^C the drain takes that long;
     * the second ^C ends the process without waiting for it, reports or report.json.
     */
    @Test
    void shouldExitAtOnceAtTheSecondSigint() throws Exception {
        Path runs = directory.resolve("runs");
        ChildCrucibleSim child = ChildCrucibleSim.start(directory, List.of(), "run", "--duration", "0", "--rw", "write", "--queue-depth", "1",
                "--set", "downstairs.all.service.write.fixed=60s", "--drain-timeout-ms", "300s",
                "--out", runs.toString());
        child.awaitStderrLine(RUNNING);
        child.sigint();
        child.awaitStderrLine(FIRST_NOTICE);
        child.sigint();
        List<String> stderr = child.stderrToEnd();

        assertEquals(CrucibleSim.EXIT_INTERRUPTED, child.exitCode(), () -> String.join("\n", stderr));
        assertTrue(stderr.stream().anyMatch(line -> line.startsWith("crucible-sim: interrupted again: exiting "
                + "without reports")), () -> String.join("\n", stderr));
        assertFalse(stderr.stream().anyMatch(line -> line.startsWith("crucible-sim: report bundle in")),
                () -> String.join("\n", stderr));
        assertEquals("", Files.readString(child.stdout, StandardCharsets.UTF_8), "no report was printed");
        assertFalse(Files.exists(onlyBundle(runs).resolve("report.json")), "no report.json was written");
    }

    /**
     * An open loop between arrivals a hundred seconds apart: before, the first ^C was seen but the
     * workload thread slept on until the next arrival was due; now the run ends at once. The child
     * is given 60 s, well short of the arrival it would have waited for.
     */
    @Test
    void shouldEndAtOnceWhenTheSignalComesBetweenArrivals() throws Exception {
        Path runs = directory.resolve("runs");
        ChildCrucibleSim child = ChildCrucibleSim.start(directory, List.of(), "run", "--duration", "0",
                "--rate-iops", "0.01", "--out", runs.toString());
        child.awaitStderrLine(RUNNING);
        child.sigint();
        List<String> stderr = child.stderrToEnd();
        assertEquals(CrucibleSim.EXIT_INTERRUPTED, child.exitCode(60), () -> String.join("\n", stderr));
        JsonNode report = new ObjectMapper().readTree(onlyBundle(runs).resolve("report.json").toFile());
        assertTrue(report.get("interrupted").asBoolean());
        assertEquals(0, report.get("jobs").get(0).get("unissued").asLong(), "the next arrival was not due yet");
    }

    /**
     * ^C while every write waits a minute, with a 3 s drain timeout: the drain fails, and the exit
     * code says so (1, not 130), as does the summary, which does not claim a drain.
     */
    @Test
    void shouldLetAFailureWinOverTheInterrupt() throws Exception {
        Path runs = directory.resolve("runs");
        ChildCrucibleSim child = ChildCrucibleSim.start(directory, List.of(), "run", "--duration", "0", "--rw",
                "write", "--queue-depth", "1", "--set", "downstairs.all.service.write.fixed=60s",
                "--drain-timeout-ms", "3s", "--out", runs.toString());
        child.awaitStderrLine(RUNNING);
        child.sigint();
        List<String> stderr = child.stderrToEnd();
        assertEquals(CrucibleSim.EXIT_RUN_FAILED, child.exitCode(), () -> String.join("\n", stderr));
        assertTrue(stderr.contains("crucible-sim: interrupted: no IO was issued after the stop request"),
                () -> String.join("\n", stderr));
        JsonNode report = new ObjectMapper().readTree(onlyBundle(runs).resolve("report.json").toFile());
        assertTrue(report.get("interrupted").asBoolean());
        assertFalse(report.get("succeeded").asBoolean());
    }

    private static Path onlyBundle(Path runs) throws IOException {
        try (Stream<Path> listing = Files.list(runs)) {
            List<Path> bundles = listing.toList();
            assertEquals(1, bundles.size(), bundles::toString);
            return bundles.get(0);
        }
    }
}
