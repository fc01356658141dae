package dev.cruciblesim.bench.harness;

import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The three downstairs of a {@code transport: processes} run: each a {@link DownstairsProcess} on a fresh region in
 * {@code DIR/downstairs-N} (the run's {@code --data}, kept; or a temporary directory, removed at the end), with its
 * log in {@code downstairs-N.log} beside it.
 */
final class DownstairsProcesses implements AutoCloseable {
    private final Path baseDirectory;
    private final boolean temporary;
    private final List<DownstairsProcess> processes = new ArrayList<>();
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private volatile boolean closing;

    private DownstairsProcesses(Path baseDirectory, boolean temporary) {
        this.baseDirectory = baseDirectory;
        this.temporary = temporary;
    }

    /**
     * Creates three empty regions of {@code region}'s geometry and starts a server on each, together.
     *
     * @param dataDirectory where the regions go, or null for a temporary directory
     * @throws IOException naming the downstairs that could not be made or started; the others are stopped
     */
    static DownstairsProcesses start(RegionDefinition region, Path dataDirectory, int count) throws IOException,
            InterruptedException {
        boolean temporary = dataDirectory == null;
        Path base = temporary ? Files.createTempDirectory("crucible-sim-downstairs-") : dataDirectory;
        DownstairsProcesses started = new DownstairsProcesses(base, temporary);
        try {
            Files.createDirectories(base);
            for (int c = 0; c < count; c++) {
                started.processes.add(new DownstairsProcess(c, base.resolve("downstairs-" + c),
                        base.resolve("downstairs-" + c + ".log")));
            }
            // JVM start-up is most of the time: create and start the three side by side.
            List<Thread> starters = new ArrayList<>();
            List<Exception> failures = new ArrayList<>();
            InetSocketAddress[] bound = new InetSocketAddress[count];
            for (int c = 0; c < count; c++) {
                int clientId = c;
                Thread starter = new Thread(() -> {
                    try {
                        DownstairsProcess process = started.processes.get(clientId);
                        process.create(region);
                        bound[clientId] = process.start();
                    } catch (IOException | RuntimeException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "downstairs-" + c + "-start");
                starter.start();
                starters.add(starter);
            }
            for (Thread starter : starters) {
                starter.join();
            }
            if (!failures.isEmpty()) {
                Exception first = failures.get(0);
                throw first instanceof IOException io ? io : new IOException(first.getMessage(), first);
            }
            started.addresses.addAll(List.of(bound));
            return started;
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.close();
            throw e;
        }
    }

    List<InetSocketAddress> addresses() {
        return List.copyOf(addresses);
    }

    Path baseDirectory() {
        return baseDirectory;
    }

    boolean temporary() {
        return temporary;
    }

    /** SIGKILLs client {@code clientId}'s process (an injected fault). */
    void kill(int clientId) {
        try {
            processes.get(clientId).kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted killing downstairs " + clientId, e);
        }
    }

    /** Starts client {@code clientId}'s process again on its region and port, killing it first if it runs. */
    void restart(int clientId) {
        InetSocketAddress address = processes.get(clientId).restart();
        if (!address.equals(addresses.get(clientId))) {
            throw new IllegalStateException("downstairs " + clientId + " came back on " + address + ", not "
                    + addresses.get(clientId));
        }
    }

    /** @return whether {@link #close} has begun: a restart that fails after it failed because of it */
    boolean isClosed() {
        return closing;
    }

    /**
     * Kills the three (and stops any restart from launching another), then removes a temporary directory.
     *
     * @throws UncheckedIOException when the temporary directory cannot be removed
     */
    @Override
    public void close() {
        closing = true;
        for (DownstairsProcess process : processes) {
            process.close();
        }
        if (temporary) {
            try (Stream<Path> tree = Files.walk(baseDirectory)) {
                for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + baseDirectory + ": " + e.getMessage(), e);
            }
        }
    }
}
