package dev.cruciblesim.bench.harness;

import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One downstairs as a process of its own ({@code transport: processes}): {@code crucible-sim downstairs run} in a
 * child JVM of this one (same Java, same class path), serving a region on disk made as {@code downstairs create}
 * makes one.
 * The harness can kill it (SIGKILL: nothing is flushed, what was acknowledged must be on disk) and start it again on
 * the same directory and port, as Crucible's {@code dsc} does to a downstairs.
 *
 * <p>Its stderr goes to a log file beside the region; its stdout is read for the ready line, then drained.
 */
final class DownstairsProcess implements AutoCloseable {
    /** The longest a child may take to start and print its ready line: a JVM's start on a loaded machine. */
    static final long START_DEADLINE_S = 60;
    private static final String READY_PREFIX = "crucible-sim: downstairs ";

    private final int clientId;
    private final Path regionDirectory;
    private final Path logFile;
    private static final Pattern REPAIR_PORT = Pattern.compile("repair port (\\d+)");
    private volatile Process process;
    /** Set by {@link #close}: no process is launched after it. */
    private boolean closed;
    /** One restart at a time (a kill's end and a restart fault may overlap); kills do not wait for it. */
    private final Object restarting = new Object();
    private volatile int port;
    private volatile int repairPort;

    /**
     * @param regionDirectory where its region lives (made by {@link #create})
     * @param logFile         where its stderr is appended, across restarts
     */
    DownstairsProcess(int clientId, Path regionDirectory, Path logFile) {
        this.clientId = clientId;
        this.regionDirectory = regionDirectory;
        this.logFile = logFile;
    }

    /**
     * Makes an empty region of {@code region}'s geometry in its directory, replacing one left there: here, as
     * {@code downstairs create} would, without a JVM's start for it.
     */
    void create(RegionDefinition region) {
        Region.create(regionDirectory, region, true).close();
    }

    /**
     * Starts it on its region: on a free port the first time, on the same port after that, so that the upstairs'
     * reconnects find it where it was.
     *
     * @return the address it serves on
     */
    InetSocketAddress start() throws IOException {
        Process started = launch();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(started.getInputStream(),
                StandardCharsets.UTF_8));
        // A line that never comes would hold a blocking read for ever: past the deadline the child is killed.
        CompletableFuture<Void> deadline = CompletableFuture.runAsync(started::destroyForcibly,
                CompletableFuture.delayedExecutor(START_DEADLINE_S, TimeUnit.SECONDS));
        String ready = null;
        List<String> seen = new ArrayList<>();
        try {
            String line;
            while ((line = stdout.readLine()) != null) {
                if (line.startsWith(READY_PREFIX) && line.contains(" on ")) {
                    ready = line;
                    break;
                }
                seen.add(line);
            }
        } finally {
            deadline.cancel(false);
        }
        if (ready == null) {
            started.destroyForcibly();
            throw new IOException("downstairs " + clientId + " did not start on " + regionDirectory + " (see "
                    + logFile + ")" + (seen.isEmpty() ? "" : ": " + String.join(" / ", seen)));
        }
        drain(stdout);
        String hostPort = ready.substring(ready.lastIndexOf(' ') + 1);
        int colon = hostPort.lastIndexOf(':');
        port = Integer.parseInt(hostPort.substring(colon + 1));
        Matcher repair = REPAIR_PORT.matcher(ready);
        if (repair.find()) {
            repairPort = Integer.parseInt(repair.group(1));
        }
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, port);
    }

    /**
     * Spawns the child under the lock, so that {@link #close} either sees it and kills it or comes first and is
     * seen here; the ready line is then read outside the lock, so that a kill never waits for a JVM's start.
     */
    private synchronized Process launch() throws IOException {
        if (closed) {
            throw new IOException("downstairs " + clientId + " is closed: not started again");
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("downstairs " + clientId + " is already running");
        }
        List<String> args = new ArrayList<>(List.of("downstairs", "run", "--data", regionDirectory.toString(),
                "--port", Integer.toString(port), "--id", Long.toString(VolumeAssembly.DOWNSTAIRS_INSTANCE_ID_BASE
                        + clientId)));
        if (repairPort > 0) {
            // Its repair port too, where it was: the default (port + 4000) may be taken.
            args.addAll(List.of("--repair-port", Integer.toString(repairPort)));
        }
        Process started = new ProcessBuilder(command(args.toArray(String[]::new)))
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        process = started;
        return started;
    }

    /** SIGKILL, and waits for it to be gone. Does nothing if it is not running. Takes no lock: never waits for a start. */
    void kill() throws InterruptedException {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroyForcibly();
            running.waitFor(START_DEADLINE_S, TimeUnit.SECONDS);
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    boolean isRunning() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /** Kills it, and no start after this one begins: a restart racing the end of the run starts nothing. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(BufferedReader stdout) {
        Thread drainer = new Thread(() -> {
            try {
                while (stdout.readLine() != null) {
                    // The server prints nothing after its ready line; read on so that it never blocks writing.
                }
            } catch (IOException e) {
                // The process ended: nothing more to read.
            }
        }, "downstairs-" + clientId + "-stdout");
        drainer.setDaemon(true);
        drainer.start();
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small servers: the region is on disk, the heap holds only frames in flight.
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.cruciblesim.bench.cli.CrucibleSim"));
        command.addAll(List.of(args));
        return command;
    }

    /** @throws UncheckedIOException for a start that failed, for callers on a timer's thread */
    InetSocketAddress restart() {
        synchronized (restarting) {
            return restartNow();
        }
    }

    private InetSocketAddress restartNow() {
        try {
            kill();
            return start();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted restarting downstairs " + clientId, e);
        }
    }
}
