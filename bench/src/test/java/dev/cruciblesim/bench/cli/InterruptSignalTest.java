package dev.cruciblesim.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /** Without a limit (--duration 0, no --ios) a real-time run goes on until ^C, then ends whole. */
    @Test
    void shouldDrainPrintTheReportsAndWriteAnInterruptedBundleAtTheFirstSigint() throws Exception {
        Path runs = directory.resolve("runs");
        Child child = Child.start(directory, "run", "--duration", "0", "--out", runs.toString());
        child.awaitStderrLine(RUNNING);
        child.sigint();
        List<String> stderr = child.stderrToEnd();

        assertEquals(CrucibleSim.EXIT_INTERRUPTED, child.exitCode(), () -> String.join("\n", stderr));
        assertTrue(stderr.stream().anyMatch(line -> line.startsWith(FIRST_NOTICE)), () -> String.join("\n", stderr));
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
        Child child = Child.start(directory, "run", "--duration", "0", "--rw", "write", "--queue-depth", "1",
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

    private static Path onlyBundle(Path runs) throws IOException {
        try (Stream<Path> listing = Files.list(runs)) {
            List<Path> bundles = listing.toList();
            assertEquals(1, bundles.size(), bundles::toString);
            return bundles.get(0);
        }
    }

    /** {@code crucible-sim} in a JVM of its own, with SIGINT at its default disposition. */
    private static final class Child {
        private final Process process;
        private final BufferedReader stderr;
        private final List<String> stderrSeen = new ArrayList<>();
        final Path stdout;

        private Child(Process process, Path stdout) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        }

        static Child start(Path directory, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            if (sigintIgnoredHere()) {
                // A child inherits an ignored SIGINT (a non-interactive shell's background job does this to
                // the build); coreutils' env puts the default back, so the child's handler can be installed.
                assumeTrue(run("env", "--default-signal=INT", "true") == 0,
                        "SIGINT is ignored here and env --default-signal (coreutils 8.31+) is missing");
                command.addAll(List.of("env", "--default-signal=INT"));
            }
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrucibleSim.class.getName()));
            command.addAll(List.of(args));
            Path stdout = directory.resolve("stdout.txt");
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(stdout.toFile()).start();
            return new Child(process, stdout);
        }

        /** Reads stderr until a line starting with {@code prefix}; fails if it ends first. */
        void awaitStderrLine(String prefix) throws IOException {
            String line;
            while ((line = stderr.readLine()) != null) {
                stderrSeen.add(line);
                if (line.startsWith(prefix)) {
                    return;
                }
            }
            throw new AssertionError("stderr ended without a line starting '" + prefix + "':\n"
                    + String.join("\n", stderrSeen));
        }

        List<String> stderrToEnd() throws IOException {
            String line;
            while ((line = stderr.readLine()) != null) {
                stderrSeen.add(line);
            }
            return stderrSeen;
        }

        void sigint() throws IOException, InterruptedException {
            assertEquals(0, run("kill", "-INT", Long.toString(process.pid())), "kill -INT");
        }

        int exitCode() throws InterruptedException {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child did not end");
            return process.exitValue();
        }

        private static boolean sigintIgnoredHere() throws IOException {
            Path status = Path.of("/proc/self/status");
            assumeTrue(Files.isReadable(status), "no /proc here to tell the signal dispositions");
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    long ignored = Long.parseLong(line.substring("SigIgn:".length()).strip(), 16);
                    return (ignored & (1L << (2 - 1))) != 0;
                }
            }
            return false;
        }

        private static int run(String... command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
            return process.exitValue();
        }
    }
}
