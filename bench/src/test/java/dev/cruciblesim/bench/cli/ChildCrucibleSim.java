package dev.cruciblesim.bench.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code crucible-sim} in a JVM of its own, as a user starts it, with SIGINT at its default disposition. */
final class ChildCrucibleSim {
    /** The longest a test waits for one line of a child's output. */
    private static final long LINE_DEADLINE_S = 90;
    private final Process process;
    private final BufferedReader stderr;
    private final List<String> stderrSeen = new ArrayList<>();
    /** The file stdout goes to, or null when it is a pipe ({@link #startWithStdoutPipe}). */
    final Path stdout;
    /** The stdout pipe, or null when stdout goes to a file. */
    private final BufferedReader stdoutPipe;

    private ChildCrucibleSim(Process process, Path stdout) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        this.stdoutPipe = stdout != null ? null
                : new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * @param jvmOptions options for the child's JVM, e.g. -Xmx48m
     * @param args       crucible-sim's arguments
     */
    static ChildCrucibleSim start(Path directory, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        Path stdout = directory.resolve("stdout.txt");
        Process process = new ProcessBuilder(command(jvmOptions, args)).directory(directory.toFile())
                .redirectOutput(stdout.toFile()).start();
        return new ChildCrucibleSim(process, stdout);
    }

    /** As {@link #start}, with stdout read line by line ({@link #awaitStdoutLine}): for a server's ready line. */
    static ChildCrucibleSim startWithStdoutPipe(Path directory, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        return new ChildCrucibleSim(new ProcessBuilder(command(jvmOptions, args)).directory(directory.toFile()).start(),
                null);
    }

    private static List<String> command(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (sigintIgnoredHere()) {
            // A child inherits an ignored SIGINT (a non-interactive shell's background job does this to
            // the build); coreutils' env puts the default back, so the child's handler can be installed.
            assumeTrue(run("env", "--default-signal=INT", "true") == 0,
                    "SIGINT is ignored here and env --default-signal (coreutils 8.31+) is missing");
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrucibleSim.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Reads stdout (a pipe) until a line starting with {@code prefix}; @return the line; fails if stdout ends first */
    String awaitStdoutLine(String prefix) throws IOException {
        List<String> seen = new ArrayList<>();
        String line;
        LineDeadline deadline = new LineDeadline();
        try {
            while ((line = stdoutPipe.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
                seen.add(line);
            }
        } finally {
            deadline.cancel();
        }
        throw new AssertionError("stdout ended without a line starting '" + prefix + "':\n" + String.join("\n", seen)
                + "\nstderr:\n" + String.join("\n", stderrToEnd()));
    }

    /** Reads stderr until a line starting with {@code prefix}; fails if it ends first. */
    void awaitStderrLine(String prefix) throws IOException {
        String line;
        LineDeadline deadline = new LineDeadline();
        try {
            while ((line = stderr.readLine()) != null) {
                stderrSeen.add(line);
                if (line.startsWith(prefix)) {
                    return;
                }
            }
        } finally {
            deadline.cancel();
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

    void sigterm() throws IOException, InterruptedException {
        assertEquals(0, run("kill", "-TERM", Long.toString(process.pid())), "kill -TERM");
    }

    /** Kills the child if it still runs (SIGKILL): for a test's finally, so that no server outlives its test. */
    void destroy() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /**
     * Kills the child with SIGKILL ({@link Process#destroyForcibly} on Linux): no handler runs, nothing is flushed.
     *
     * @return its exit code, 128 + 9 unless it had ended already
     */
    int sigkill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    int exitCode() throws InterruptedException {
        return exitCode(120);
    }

    /** @param withinSeconds how long the child may still take; failing it fails the test, and the child is killed */
    int exitCode(long withinSeconds) throws InterruptedException {
        if (!process.waitFor(withinSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not end within " + withinSeconds + " s");
        }
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

    /**
     * A blocking readLine cannot be interrupted, and a line that never comes would hold the test until the child
     * exits, which a server never does by itself: past the deadline the child is killed, its pipes end, and the
     * wait fails with what was seen instead of hanging.
     */
    private final class LineDeadline {
        private final CompletableFuture<Void> guard = CompletableFuture.runAsync(process::destroyForcibly,
                CompletableFuture.delayedExecutor(LINE_DEADLINE_S, TimeUnit.SECONDS));

        void cancel() {
            guard.cancel(false);
        }
    }
}
