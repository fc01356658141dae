package dev.cruciblesim.bench.cli;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.region.RegionStorageException;
import dev.cruciblesim.downstairs.server.DownstairsServer;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.transport.tcp.TlsSettings;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code crucible-sim downstairs run --memory | --data DIR}: one downstairs served over TCP until SIGTERM or SIGINT,
 * then closed with its jobs in flight finished and, for a region on disk, its files closed after the server.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Serves one downstairs over TCP with crucible-sim's wire protocol, for an upstairs in another process or "
                    + "on another host: a region in memory (--memory) or on disk (--data DIR, made by 'downstairs "
                    + "create'). Prints one line to stdout once it listens; runs until SIGTERM or ^C (SIGINT), then "
                    + "finishes the jobs in flight, closes its connections and the region's files, and exits 0. A "
                    + "second signal exits at once; even then, or after a kill -9, a region on disk keeps every "
                    + "write that came before an acknowledged flush.",
            "Each connection that closes gets one line on stderr, naming the peer and why."})
public final class DownstairsRunCommand implements Callable<Integer> {
    /** A second signal's exit: what a shell reports for SIGINT, 128 + 2, as {@code run} gives. */
    private static final int EXIT_SECOND_SIGNAL = InterruptSignal.EXIT_INTERRUPTED;
    private static final int MAX_PORT = 65_535;
    /** Crucible puts the repair server at the IO port + 4000 ({@code common/src/lib.rs}, spec §5.1). */
    static final int REPAIR_PORT_OFFSET = 4000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--memory",
            description = "Serve a sparse region held in memory: it starts empty and is gone at exit. Its geometry "
                    + "comes from the options below. One of --memory and --data is required.")
    boolean memory;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Serve the region on disk in DIR, made by 'downstairs create': writes go to its extent "
                    + "files, each flush is forced to the disk before it is acknowledged, and what was written "
                    + "stays for the next run. The region has its own geometry, so the three options below are "
                    + "refused with --data.")
    Path data;

    @CommandLine.Mixin
    RegionGeometryOptions geometry;

    /** TLS 1.3 with mutual authentication, as {@code run} takes it: the upstairs must present a trusted certificate. */
    @CommandLine.Mixin
    TlsOptions tls = new TlsOptions();

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "TCP port to listen on; 0 takes a free one, printed in the ready line (default: 0).")
    int port;

    @Option(names = "--repair-port", paramLabel = "PORT",
            description = "TCP port of the repair server, from which peers copy extents at start-up "
                    + "reconciliation; plain TCP even with TLS (default: --port + 4000, as Crucible's; a free one "
                    + "when --port is 0; 0 takes a free one).")
    Integer repairPort;

    @Option(names = "--address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}). Block data travels unencrypted: "
                    + "any address but loopback gets a warning.")
    String address;

    @Option(names = "--id", paramLabel = "N", defaultValue = "0",
            description = "This downstairs' id: its probes' instance id and the name in its log lines "
                    + "(default: ${DEFAULT-VALUE}).")
    long instanceId;

    /** How the server takes SIGINT and SIGTERM: set by {@link CrucibleSim#main}, left alone inside other programs. */
    InterruptSignal.Installer sigint = InterruptSignal.NONE;
    InterruptSignal.Installer sigterm = InterruptSignal.NONE;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (instanceId < 0) {
            throw badInput("--id: must not be negative, got " + instanceId);
        }
        RegionDefinition memoryGeometry = memoryGeometry();
        InetSocketAddress bindAddress = bindAddress();
        // Before the region opens or the port binds: a store that does not open is bad input, not a failed listen.
        TlsSettings tlsSettings = tls.settings();
        Region region;
        try {
            region = data == null ? Region.sparseInMemory(memoryGeometry) : Region.open(data);
        } catch (RegionStorageException e) {
            // Missing, not a region, or corrupt: its message names the file and what is wrong with it.
            err.println("crucible-sim: --data: " + e.getMessage());
            return CrucibleSim.EXIT_BAD_INPUT;
        }
        if (!bindAddress.getAddress().isLoopbackAddress() && tlsSettings == null) {
            err.println("crucible-sim: warning: --address " + address + " is not a loopback address: block data "
                    + "crosses the network unencrypted (--tls-keystore and --tls-truststore encrypt it)");
            err.flush();
        }
        int exitCode = CrucibleSim.EXIT_RUN_FAILED;
        try {
            exitCode = serveUntilSignal(region, bindAddress, out, err);
        } finally {
            // After the server has closed, so that no job still runs on it: releases the extent files.
            exitCode = closeRegion(region, exitCode, err);
        }
        return exitCode;
    }

    /**
     * @return the geometry of the region in memory, or null with {@code --data}
     * @throws CommandLine.ParameterException unless exactly one of --memory and --data is given, or when a geometry
     *                                        option comes with --data
     */
    private RegionDefinition memoryGeometry() {
        if (memory == (data != null)) {
            throw badInput(memory ? "--memory and --data: give one, not both (a region is in memory or on disk)"
                    : "--memory or --data DIR: one is required (a region in memory, or the one on disk in DIR)");
        }
        if (memory) {
            return geometry.definition();
        }
        String given = geometry.firstGiven();
        if (given != null) {
            // Refused rather than ignored: a warning is easy to miss, and a user who asked for 512 B blocks must not
            // find a benchmark ran against 4 KiB ones.
            throw badInput(given + ": not with --data: the region in " + data + " has its own geometry (set it with "
                    + "'downstairs create')");
        }
        return null;
    }

    private int serveUntilSignal(Region region, InetSocketAddress bindAddress, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        DownstairsConfig config = DownstairsConfig.of(instanceId, region.definition());
        CountDownLatch stop = new CountDownLatch(1);
        Runnable exitAtOnce = () -> Runtime.getRuntime().halt(EXIT_SECOND_SIGNAL);
        InterruptSignal onSigint = sigint.install(stop::countDown, exitAtOnce);
        InterruptSignal onSigterm = sigterm.install(stop::countDown, exitAtOnce);
        try {
            if (!onSigint.active() && !onSigterm.active() && sigterm != InterruptSignal.NONE) {
                err.println("crucible-sim: warning: this process can take neither SIGINT nor SIGTERM, so only a "
                        + "kill -9 ends this downstairs, without finishing its jobs");
                err.flush();
            }
            return serve(config, region, bindAddress, stop, out, err);
        } finally {
            onSigterm.close();
            onSigint.close();
        }
    }

    private int serve(DownstairsConfig config, Region region, InetSocketAddress bindAddress,
            CountDownLatch stop, PrintWriter out, PrintWriter err) throws InterruptedException {
        DownstairsServer server;
        try {
            server = DownstairsServer.start(config, region, new ProbeRegistry(),
                    ServiceTimeModel.ZERO, bindAddress, line -> {
                        err.println("crucible-sim: " + line);
                        err.flush();
                    }, tls.settings(), new InetSocketAddress(bindAddress.getAddress(), repairPort(bindAddress)));
        } catch (IOException e) {
            err.println("crucible-sim: downstairs " + instanceId + ": cannot listen on " + address + ":" + port
                    + ": " + e.getMessage());
            return CrucibleSim.EXIT_RUN_FAILED;
        }
        try (server) {
            // The address as asked for, the port as bound: a wildcard's bound address would read as IPv6's "::".
            String host = bindAddress.getAddress().getHostAddress();
            int boundPort = server.address().getPort();
            // The address stays last, so that a script can take it from the end of the line.
            out.println("crucible-sim: downstairs " + instanceId + " serving region " + region.uuid() + " ("
                    + describe(region.definition()) + ")" + (data == null ? "" : " from " + data) + ", repair port "
                    + server.repairAddress().getPort() + ", on " + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
                    + ":" + boundPort);
            out.flush();
            stop.await();
            err.println("crucible-sim: downstairs " + instanceId + ": stopping: finishing the jobs in flight");
            err.flush();
        }
        if (server.failure() != null) {
            err.println("crucible-sim: downstairs " + instanceId + " failed: " + server.failure());
            return CrucibleSim.EXIT_RUN_FAILED;
        }
        return CrucibleSim.EXIT_OK;
    }

    /** @return {@code exitCode}, or {@link CrucibleSim#EXIT_RUN_FAILED} when closing the region fails */
    private int closeRegion(Region region, int exitCode, PrintWriter err) {
        try {
            region.close();
            return exitCode;
        } catch (RegionStorageException e) {
            err.println("crucible-sim: downstairs " + instanceId + ": closing the region failed: " + e.getMessage());
            return CrucibleSim.EXIT_RUN_FAILED;
        }
    }

    /** @return a region's geometry as the ready lines say it, e.g. {@code 32 extents x 1024 blocks x 4096 B} */
    static String describe(RegionDefinition region) {
        return region.extentCount() + " extents x " + region.extentSizeBlocks() + " blocks x "
                + region.blockSizeBytes() + " B";
    }

    private InetSocketAddress bindAddress() {
        if (port < 0 || port > MAX_PORT) {
            throw badInput("--port: must be from 0 to " + MAX_PORT + ", got " + port);
        }
        checkRepairPort();
        if (address.isBlank()) {
            // InetAddress.getByName("") is loopback: an empty value would not mean what it says.
            throw badInput("--address: the address is empty");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(address), port);
        } catch (UnknownHostException e) {
            throw badInput("--address: cannot resolve '" + address + "'");
        }
    }

    /** @return the repair server's port: as given, or Crucible's IO port + 4000, or a free one beside a free IO port */
    private int repairPort(InetSocketAddress bindAddress) {
        if (repairPort == null) {
            return bindAddress.getPort() == 0 ? 0 : bindAddress.getPort() + REPAIR_PORT_OFFSET;
        }
        return repairPort;
    }

    private void checkRepairPort() {
        if (repairPort != null && (repairPort < 0 || repairPort > MAX_PORT)) {
            throw badInput("--repair-port: must be from 0 to " + MAX_PORT + ", got " + repairPort);
        }
        if (repairPort == null && port != 0 && port + REPAIR_PORT_OFFSET > MAX_PORT) {
            throw badInput("--repair-port: the default, --port + " + REPAIR_PORT_OFFSET + " = "
                    + (port + REPAIR_PORT_OFFSET) + ", is past " + MAX_PORT + "; give one");
        }
        if (repairPort != null && repairPort != 0 && repairPort == port) {
            throw badInput("--repair-port: must differ from --port " + port);
        }
    }

    private CommandLine.ParameterException badInput(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
