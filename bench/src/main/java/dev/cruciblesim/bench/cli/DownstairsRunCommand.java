package dev.cruciblesim.bench.cli;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.server.DownstairsServer;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code crucible-sim downstairs run --memory}: one downstairs served over TCP until SIGTERM or SIGINT, then closed
 * with its jobs in flight finished.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Serves one downstairs over TCP with crucible-sim's wire protocol, for an upstairs in another process or "
                    + "on another host. Prints one line to stdout once it listens; runs until SIGTERM or ^C "
                    + "(SIGINT), then finishes the jobs in flight, closes its connections and exits 0. A second "
                    + "signal exits at once.",
            "Each connection that closes gets one line on stderr, naming the peer and why."})
public final class DownstairsRunCommand implements Callable<Integer> {
    /** A second signal's exit: what a shell reports for SIGINT, 128 + 2, as {@code run} gives. */
    private static final int EXIT_SECOND_SIGNAL = InterruptSignal.EXIT_INTERRUPTED;
    private static final int MAX_PORT = 65_535;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--memory", required = true,
            description = "Serve a sparse region held in memory: it starts empty and is gone at exit. Required "
                    + "until file-backed regions come.")
    boolean memory;

    @Option(names = "--block-size", paramLabel = "BYTES", defaultValue = "" + DownstairsConfig.DEFAULT_BLOCK_SIZE_BYTES,
            description = "Block size in bytes, a power of two from 512 to 32768 (default: ${DEFAULT-VALUE}).")
    int blockSizeBytes;

    @Option(names = "--extent-size", paramLabel = "BLOCKS", defaultValue = "1024",
            description = "Blocks per extent (default: ${DEFAULT-VALUE}).")
    int extentSizeBlocks;

    @Option(names = "--extent-count", paramLabel = "N", defaultValue = "32",
            description = "Extents in the region (default: ${DEFAULT-VALUE}).")
    int extentCount;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "TCP port to listen on; 0 takes a free one, printed in the ready line (default: 0).")
    int port;

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
        RegionDefinition region = region();
        InetSocketAddress bindAddress = bindAddress();
        if (!bindAddress.getAddress().isLoopbackAddress()) {
            err.println("crucible-sim: warning: --address " + address + " is not a loopback address: block data "
                    + "crosses the network unencrypted");
            err.flush();
        }
        DownstairsConfig config = DownstairsConfig.of(instanceId, region);
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

    private int serve(DownstairsConfig config, RegionDefinition region, InetSocketAddress bindAddress,
            CountDownLatch stop, PrintWriter out, PrintWriter err) throws InterruptedException {
        DownstairsServer server;
        try {
            server = DownstairsServer.start(config, Region.sparseInMemory(region), new ProbeRegistry(),
                    ServiceTimeModel.ZERO, bindAddress, line -> {
                        err.println("crucible-sim: " + line);
                        err.flush();
                    });
        } catch (IOException e) {
            err.println("crucible-sim: downstairs " + instanceId + ": cannot listen on " + address + ":" + port
                    + ": " + e.getMessage());
            return CrucibleSim.EXIT_RUN_FAILED;
        }
        try (server) {
            // The address as asked for, the port as bound: a wildcard's bound address would read as IPv6's "::".
            String host = bindAddress.getAddress().getHostAddress();
            int boundPort = server.address().getPort();
            out.println("crucible-sim: downstairs " + instanceId + " serving " + region.extentCount() + " extents x "
                    + region.extentSizeBlocks() + " blocks x " + region.blockSizeBytes() + " B on "
                    + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + boundPort);
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

    private RegionDefinition region() {
        if (blockSizeBytes < RegionDefinition.MIN_BLOCK_SIZE_BYTES || blockSizeBytes > RegionDefinition.MAX_BLOCK_SIZE_BYTES
                || Integer.bitCount(blockSizeBytes) != 1) {
            throw badInput("--block-size: must be a power of two from " + RegionDefinition.MIN_BLOCK_SIZE_BYTES
                    + " to " + RegionDefinition.MAX_BLOCK_SIZE_BYTES + " bytes, got " + blockSizeBytes);
        }
        if (extentSizeBlocks < 1) {
            throw badInput("--extent-size: must be at least 1 block, got " + extentSizeBlocks);
        }
        if (extentCount < 1) {
            throw badInput("--extent-count: must be at least 1, got " + extentCount);
        }
        if (instanceId < 0) {
            throw badInput("--id: must not be negative, got " + instanceId);
        }
        return new RegionDefinition(blockSizeBytes, extentSizeBlocks, extentCount);
    }

    private InetSocketAddress bindAddress() {
        if (port < 0 || port > MAX_PORT) {
            throw badInput("--port: must be from 0 to " + MAX_PORT + ", got " + port);
        }
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

    private CommandLine.ParameterException badInput(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
