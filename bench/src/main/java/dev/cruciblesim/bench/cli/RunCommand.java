package dev.cruciblesim.bench.cli;

import dev.cruciblesim.bench.harness.HarnessConfig;
import dev.cruciblesim.bench.harness.InProcessHarness;
import dev.cruciblesim.bench.workload.RandomMixConfig;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.tracing.report.Reports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code crucible-sim run}: one upstairs, three in-process downstairs, a random read/write/flush load, five reports. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs a workload in real time against one upstairs and three in-process downstairs, checks every "
                    + "read against what was acknowledged, and prints the chosen DTrace reports to stdout, byte for "
                    + "byte as Crucible's scripts print them under dtrace.",
            "Headings, progress and a summary go to stderr."})
public final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "3",
            description = "How long to issue IO (default: ${DEFAULT-VALUE} s).")
    double durationSeconds;

    @Option(names = "--ios", paramLabel = "N", defaultValue = "0",
            description = "Stop after N IOs, flushes included; 0 = until the duration ends (default: ${DEFAULT-VALUE}).")
    long maxIos;

    @Option(names = "--queue-depth", paramLabel = "N", defaultValue = "8",
            description = "Guest IOs kept in flight, like fio's iodepth (default: ${DEFAULT-VALUE}).")
    int queueDepth;

    @Option(names = "--read-percent", paramLabel = "P", defaultValue = "50",
            description = "Share of reads among reads and writes, like fio's rwmixread (default: ${DEFAULT-VALUE}).")
    int readPercent;

    @Option(names = "--fsync", paramLabel = "N", defaultValue = "16",
            description = "A guest flush after every N writes, like fio's fsync=N; 0 = none (default: ${DEFAULT-VALUE}).")
    int fsyncEveryWrites;

    @Option(names = "--io-blocks", paramLabel = "N", defaultValue = "1",
            description = "Blocks per read or write (default: ${DEFAULT-VALUE}).")
    int ioSizeBlocks;

    @Option(names = "--block-size", paramLabel = "BYTES", defaultValue = "4096",
            description = "Block size, a power of two from 512 to 32768 (default: ${DEFAULT-VALUE}).")
    int blockSizeBytes;

    @Option(names = "--extent-size", paramLabel = "BLOCKS", defaultValue = "1024",
            description = "Blocks per extent (default: ${DEFAULT-VALUE}).")
    int extentSizeBlocks;

    @Option(names = "--extent-count", paramLabel = "N", defaultValue = "32",
            description = "Extents per region (default: ${DEFAULT-VALUE}; with the defaults a 128 MiB volume).")
    int extentCount;

    @Option(names = "--report", paramLabel = "NAME", split = ",",
            defaultValue = "perfgw,perfdw,perf-upstairs-rw,tracegw,upstairs_info",
            description = "Reports to print, comma-separated, in this order (default: ${DEFAULT-VALUE}).")
    List<String> reports = new ArrayList<>();

    @Option(names = "--status-interval-ms", paramLabel = "MS", defaultValue = "1000",
            description = "How often up-status fires, one upstairs_info line each (default: ${DEFAULT-VALUE}).")
    long statusIntervalMs;

    @Option(names = "--flush-timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "Automatic flush check period: a flush is issued if IO arrived since the last one "
                    + "(Crucible O default: ${DEFAULT-VALUE}).")
    long flushTimeoutMs;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "100",
            description = "Jobs sent to one downstairs before it answers (Crucible O: ${DEFAULT-VALUE}).")
    int maxInFlightPerClient;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seeds the choice of operations and offsets (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--verify", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Check every read against the data acknowledged as written (default: on).")
    boolean verify;

    @Option(names = "--drain-timeout-ms", paramLabel = "MS", defaultValue = "30000",
            description = "Longest wait for an IO before the run is declared hung (default: ${DEFAULT-VALUE}).")
    long drainTimeoutMs;

    @Override
    public Integer call() throws Exception {
        HarnessConfig config = toConfig();
        return new InProcessHarness(config).run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    HarnessConfig toConfig() {
        try {
            if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
                throw new IllegalArgumentException("--duration must be a number of seconds >= 0, got " + durationSeconds);
            }
            for (String report : reports) {
                if (!Reports.NAMES.contains(report)) {
                    throw new IllegalArgumentException("--report: unknown report '" + report + "'; choose from "
                            + String.join(", ", Reports.NAMES));
                }
            }
            long durationNs = (long) (durationSeconds * 1e9);
            RegionDefinition region = region();
            RandomMixConfig workload = new RandomMixConfig(ioSizeBlocks, readPercent, fsyncEveryWrites, queueDepth,
                    durationNs, maxIos, seed);
            return new HarnessConfig(region, workload, verify, reports, statusIntervalMs, flushTimeoutMs,
                    maxInFlightPerClient, drainTimeoutMs);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private RegionDefinition region() {
        try {
            return new RegionDefinition(blockSizeBytes, extentSizeBlocks, extentCount);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--block-size/--extent-size/--extent-count: " + e.getMessage(), e);
        }
    }

}
