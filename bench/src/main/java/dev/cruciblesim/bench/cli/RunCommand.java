package dev.cruciblesim.bench.cli;

import dev.cruciblesim.bench.bundle.EnvironmentInfo;
import dev.cruciblesim.bench.bundle.RunBundle;
import dev.cruciblesim.bench.bundle.RunSetBundle;
import dev.cruciblesim.bench.fault.FaultKind;
import dev.cruciblesim.bench.fault.FaultSpec;
import dev.cruciblesim.bench.harness.Harness;
import dev.cruciblesim.bench.harness.InProcessHarness;
import dev.cruciblesim.bench.harness.RemoteRegions;
import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.harness.RunScripts;
import dev.cruciblesim.bench.harness.VolumeAssembly;
import dev.cruciblesim.bench.runset.RunSetExecutor;
import dev.cruciblesim.bench.runset.SeedList;
import dev.cruciblesim.bench.scenario.ClockKind;
import dev.cruciblesim.bench.scenario.ModelWarnings;
import dev.cruciblesim.bench.scenario.Quantities;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioException;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.scenario.ScenarioOverride;
import dev.cruciblesim.bench.virtual.SimulatedRuntime;
import dev.cruciblesim.bench.virtual.VirtualHarness;
import dev.cruciblesim.bench.workload.IologSink;
import dev.cruciblesim.bench.workload.StopRequest;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.transport.tcp.TlsSettings;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.tracing.d.DScript;
import dev.cruciblesim.tracing.d.ShippedScripts;
import dev.cruciblesim.tracing.probe.CrucibleProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.upstairs.core.UpstairsListener;
import dev.cruciblesim.upstairs.core.UpstairsCore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code crucible-sim run [SCENARIO.yaml]}: resolve the scenario (defaults, then the file, then
 * these options), run it in real or virtual time, print the reports, and leave the run's bundle.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs a scenario against one upstairs and three in-process downstairs, checks every read against what "
                    + "was acknowledged, prints the chosen DTrace reports to stdout byte for byte as Crucible's "
                    + "scripts print them under dtrace, and writes the run's report bundle.",
            "Options override the scenario file's values; without a file, the built-in defaults apply. Headings, "
                    + "progress and a summary go to stderr.",
            "Your own D scripts (-s, -n) run on the same probes, in either time; with them, only their output is "
                    + "printed on stdout unless --report names built-in reports too. A script that does not compile, "
                    + "or names a probe that does not exist (without -Z), exits 2 before anything runs; a script's "
                    + "exit(N) ends the run as ^C does, and the command exits N."})
public final class RunCommand implements Callable<Integer> {
    // Numbers are taken as text and read by the scenario's own rules, so an option and the file key it sets give
    // the same message, with the key's whole range, for a bad value (picocli's would say only "is not an int").
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
            description = "A scenario file (YAML); see scenarios/ for examples.")
    Path scenarioFile;

    @Option(names = "--clock", paramLabel = "real|virtual",
            description = "real: threads and the wall clock (default); virtual: one thread, simulated time, "
                    + "reports that repeat byte for byte.")
    String clock;

    @Option(names = "--transport", paramLabel = "in-process|tcp|processes",
            description = "How the upstairs reaches its three downstairs in real time: in-process (threads, the "
                    + "default), tcp (three servers in this JVM on loopback ports: the same reports, through real "
                    + "sockets and the wire protocol) or processes (three 'downstairs run' processes this run starts "
                    + "on fresh regions on disk, in --data or a temporary directory; faults kill and restart act on "
                    + "them).")
    String transport;

    @Option(names = "--wait-strategy", paramLabel = "blocking|sleeping|yielding|busy-spin|park-spin",
            description = "How the real-time inboxes (the upstairs core's, each in-process downstairs') wait for a "
                    + "message: blocking (the default; no idle CPU, a wake-up per hand-off), sleeping, yielding, "
                    + "busy-spin (a core per inbox) or park-spin (spin 20 us, yield to 50 us, then block). "
                    + "Scenario key runtime.wait_strategy; recorded in report.json; no effect in virtual time.")
    String waitStrategy;

    @Option(names = "--downstairs", paramLabel = "HOST:PORT", split = ",",
            description = "Real time over TCP to three downstairs servers already running ('downstairs run', in other "
                    + "processes or on other hosts), one HOST:PORT each, comma-separated, in client order. The run's "
                    + "volume is the region they serve; perfdw (send to reply, seen by the upstairs) includes the "
                    + "network, and the servers' own probes fire in their processes. A server that goes away is "
                    + "reconnected every second and replayed (its client is Offline meanwhile). Each read is checked "
                    + "against this run's writes: serve fresh regions.")
    List<String> downstairsAddresses;

    /** The servers --downstairs named, once parsed and asked for their region; null without it. */
    RemoteRegions remoteDownstairs;

    /** --tls-keystore, --tls-truststore, --tls-password: for --transport tcp and --downstairs. */
    @CommandLine.Mixin
    TlsOptions tls = new TlsOptions();

    @Option(names = "--data", paramLabel = "DIR",
            description = "Real time: each downstairs keeps its region on disk in DIR/downstairs-N, one file per "
                    + "extent, every flush forced to the disk; each run starts from empty regions, replacing those an "
                    + "earlier run left (default: regions in memory).")
    Path dataDirectory;

    @Option(names = "--seed", paramLabel = "N", description = "Root seed of every random stream (default: 1).")
    String seed;

    @Option(names = "--repeat", paramLabel = "N",
            description = "Real time: run the scenario N times, one after another, into one set directory "
                    + "(OUT/TIME-SCENARIO-COMMIT-set/run-000, ...) with an index, set.json; one line per run on stderr, "
                    + "the set directory on stdout.")
    String repeatText;

    @Option(names = "--seeds", paramLabel = "SPEC",
            description = "Virtual time: one run per seed into one set directory, as --repeat; SPEC is a range "
                    + "1..8 (inclusive), a list 1,5,9, or both, 1..3,7; each run is byte for byte the run --seed S "
                    + "gives alone.")
    String seedsSpec;

    @Option(names = "--parallel", paramLabel = "K",
            description = "With --seeds: run K seeds at once, each on a thread of its own (default: the number of "
                    + "available processors).")
    String parallelText;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "How long to issue IO, like fio's runtime: seconds, or with a unit as in scenario files "
                    + "(500ms, 1.5s); 0 = until --ios, or in real time with no --ios until ^C (default: 3).")
    String duration;

    @Option(names = "--ios", paramLabel = "N",
            description = "Stop after N IOs, flushes included, like fio's number_ios; 0 = no limit (default: 0).")
    String maxIos;

    @Option(names = "--queue-depth", paramLabel = "N",
            description = "Most IOs in flight per job, fio's iodepth; a closed loop keeps this many (default: 8).")
    String queueDepth;

    @Option(names = "--rw", paramLabel = "PATTERN",
            description = "fio's rw: randrw, randread, randwrite, rw (readwrite), read or write (default: randrw).")
    String rw;

    @Option(names = "--rate-iops", paramLabel = "N",
            description = "Open loop: start IOs at N per second, latency counted from each IO's intended start "
                    + "(fio's rate_iops; default: closed loop).")
    String rateIops;

    @Option(names = "--rate-process", paramLabel = "linear|poisson",
            description = "How --rate-iops spaces IOs: evenly, or with exponential gaps (default: linear).")
    String rateProcess;

    @Option(names = "--random-distribution", paramLabel = "DIST",
            description = "Offsets: random, zipf:THETA, pareto:H or normal:SIGMA, as fio (default: random).")
    String randomDistribution;

    @Option(names = "--replay", paramLabel = "FILE",
            description = "Replay a trace instead of generating IO: a fio iolog (v2 or v3), or a CSV/JSONL trace of "
                    + "time_us, op, offset_bytes, length_bytes (fio's read_iolog).")
    Path replayFile;

    @Option(names = "--replay-format", paramLabel = "iolog|csv|jsonl",
            description = "The --replay trace's format (default: told from its first line or CSV header, then from "
                    + "the name's .csv, .jsonl or .ndjson).")
    String replayFormat;

    @Option(names = "--replay-no-stall", negatable = true, fallbackValue = "true",
            description = "Replay as fast as --queue-depth allows, ignoring the recorded times (fio's "
                    + "replay_no_stall; default: off, the recorded timeline).")
    Boolean replayNoStall;

    @Option(names = "--replay-time-scale", paramLabel = "PERCENT",
            description = "Replay the timeline at this percentage of the recorded rate: 200 = twice as fast "
                    + "(fio's replay_time_scale; default: 100).")
    String replayTimeScale;

    @Option(names = "--replay-out-of-range", paramLabel = "reject|wrap",
            description = "IO past the end of the volume: refuse the trace, or wrap the offset (default: reject).")
    String replayOutOfRange;

    @Option(names = "--write-iolog", negatable = true, fallbackValue = "true",
            description = "Write each job's issued IO stream as a fio v3 iolog into the bundle, iolog/JOB.iolog "
                    + "(default: off).")
    Boolean writeIolog;

    @Option(names = "--read-percent", paramLabel = "P",
            description = "Share of reads among reads and writes, fio's rwmixread (default: 50).")
    String readPercent;

    @Option(names = "--fsync", paramLabel = "N",
            description = "A flush after every N writes, fio's fsync=N; 0 = none (default: 16).")
    String fsyncEveryWrites;

    @Option(names = "--flush-mix", paramLabel = "P",
            description = "Probability 0..1 that an IO is a flush (default: 0).")
    String flushMix;

    @Option(names = "--bs", paramLabel = "SIZE",
            description = "Bytes per read or write, fio's bs, e.g. 4k; a multiple of --block-size (default: 4k).")
    String ioSize;

    @Option(names = "--block-size", paramLabel = "SIZE",
            description = "Volume block size in bytes, or with a unit (4k), a power of two from 512 to 32768 "
                    + "(default: 4096).")
    String blockSize;

    @Option(names = "--extent-size", paramLabel = "BLOCKS", description = "Blocks per extent (default: 1024).")
    String extentSizeBlocks;

    @Option(names = "--extent-count", paramLabel = "N",
            description = "Extents per region (default: 32; with the defaults a 128 MiB volume).")
    String extentCount;

    @Option(names = "--report", paramLabel = "NAME", split = ",",
            description = "Reports to print, comma-separated, in this order "
                    + "(default: perfgw,perfdw,perf-upstairs-rw,tracegw,upstairs_info); with -s or -n, only those "
                    + "named here run; perfjob adds latency by "
                    + "workload job, perffault latency split by overlap with injected faults.")
    List<String> reports;

    @Option(names = {"-s", "--script"}, paramLabel = "FILE|NAME",
            description = "Runs a D script on the run's probes, as dtrace -s does, its output on stdout when the run "
                    + "ends (repeatable; with several, in command-line order with the -n ones). FILE is a script file; "
                    + "a NAME that is no file is a shipped script: perfgw, perfdw, perf-upstairs-rw, tracegw, "
                    + "upstairs_info (with or without .d), the built-in reports written in D. With -s or -n the "
                    + "built-in reports do not run unless --report names them. See 'crucible-sim probes' for the "
                    + "probes to trace.")
    List<String> scriptArgs = new ArrayList<>();

    @Option(names = "-n", paramLabel = "'PROBE /PRED/ { ACTIONS }'",
            description = "Runs a one-line D program, as dtrace -n takes it, e.g. "
                    + "-n 'crucible_upstairs*:::gw-write-start { @ = count(); }' (repeatable).")
    List<String> descriptionArgs = new ArrayList<>();

    @Option(names = "-q", description = "Quiet, as dtrace -q: no 'matched N probes' notices, only what the scripts "
            + "print (as #pragma D option quiet).")
    boolean quietScripts;

    @Option(names = "-Z", description = "As dtrace -Z: a probe description that matches no probe is not an error "
            + "(its clause never fires).")
    boolean allowZeroMatches;

    @Option(names = "--status-interval-ms", paramLabel = "MS",
            description = "How often up-status fires, one upstairs_info line each: ms, or with a unit (2s) "
                    + "(default: 1000).")
    String statusInterval;

    @Option(names = "--flush-timeout-ms", paramLabel = "MS",
            description = "Automatic flush check period: a flush is issued if IO arrived since the last one; ms, "
                    + "or with a unit (Crucible O default: 5000).")
    String flushTimeout;

    @Option(names = "--max-in-flight", paramLabel = "N",
            description = "Jobs sent to one downstairs before it answers (Crucible O: 100).")
    String maxInFlightPerClient;

    @Option(names = "--verify", negatable = true, fallbackValue = "true",
            description = "Check every read against the data acknowledged as written (default: on).")
    Boolean verify;

    @Option(names = "--drain-timeout-ms", paramLabel = "MS",
            description = "Longest wait for progress before the run is declared hung: in real time for an IO, in "
                    + "virtual time (simulated ms) for any downstairs reply; ms, or with a unit (default: 30000).")
    String drainTimeout;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Sets any scenario key, e.g. --set downstairs.all.link.to_downstairs=20us; a job's key by "
                    + "index or name: workload.jobs[0].iodepth, workload.jobs.reader.iodepth (repeatable).")
    List<String> settings = new ArrayList<>();

    @Option(names = "--unset", paramLabel = "KEY",
            description = "Removes a scenario key the file set, so its default applies, e.g. --unset "
                    + "workload.bsrange; keys of a job as for --set (repeatable).")
    List<String> unsettings = new ArrayList<>();

    @Option(names = "--fault", paramLabel = "KIND,KEY=VALUE,...",
            description = "Injects a fault, after the scenario's own (repeatable): KIND is disconnect, stall, slow, "
                    + "errors, corrupt, or (with --transport processes) kill and restart; keys client (0-2), at "
                    + "(time after the volume is active, e.g. 2s) or "
                    + "after_ios (guest IOs submitted), duration, factor (slow), probability (errors, corrupt; "
                    + "default 1). E.g. --fault disconnect,client=1,at=2s,duration=3s. See scenarios/README.md.")
    List<String> faultSpecs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/runs",
            description = "Where the run's bundle directory is created (default: ${DEFAULT-VALUE}).")
    Path outDirectory;

    /** The scenario once resolved, so that running out of memory can say what this run holds; else null. */
    Scenario resolved;

    /** How long the second ^C waits for its one line to reach stderr before the process ends regardless. */
    private static final long EXIT_NOTICE_WAIT_MS = 200;

    /** How a run takes SIGINT: set by {@link CrucibleSim#main}, left alone inside other programs. */
    InterruptSignal.Installer sigint = InterruptSignal.NONE;
    /** SIGTERM, taken as SIGINT is (a kill ends a run whole, with its reports), but exiting 143. */
    InterruptSignal.Installer sigterm = InterruptSignal.NONE;
    /** The exit code of a run the first signal cut short: 130 for SIGINT, 143 for SIGTERM. */
    private volatile int interruptedExitCode = CrucibleSim.EXIT_INTERRUPTED;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Scenario scenario = resolveScenario();
        resolved = scenario;
        OutOfMemory.prepare(scenario);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean virtual = scenario.clock() == ClockKind.VIRTUAL;
        if (outDirectory.toString().isBlank()) {
            // Path.of("") is the working directory: an empty --out would scatter the bundle there.
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--out: the path is empty; give the directory to create the run's bundle in");
        }
        TlsSettings tlsSettings = tlsFor(scenario, virtual);
        if (dataDirectory != null) {
            if (remoteDownstairs != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--data: the servers --downstairs names "
                        + "keep their own regions (start them with 'downstairs run --data')");
            }
            checkDataDirectory(virtual);
        }
        SetPlan plan = setPlan(scenario, virtual);
        if (plan != null) {
            if (hasScripts()) {
                throw new CommandLine.ParameterException(spec.commandLine(), (repeatText != null ? "--repeat" : "--seeds")
                        + ": D scripts (-s, -n) print on stdout, which a set of runs keeps for the set's directory; "
                        + "run them on single runs");
            }
            return runSet(scenario, plan, tlsSettings, out, err);
        }
        RunScripts scripts;
        try {
            // Before the bundle and the run: a script that cannot run is bad input, and dtrace runs nothing then.
            scripts = compileScripts(scenario);
        } catch (RunScripts.CompileError e) {
            printCompileError(err, e.getMessage(), e.detail());
            if (downstairsElsewhere(scenario) && e.getMessage().endsWith("does not match any probes")) {
                err.println("crucible-sim: with --transport processes or --downstairs the downstairs fire their "
                        + "probes in their own processes, which this run does not trace; only the upstairs' and the "
                        + "harness's probes are here");
                err.flush();
            }
            return CrucibleSim.EXIT_BAD_INPUT;
        }
        Instant startTime = Instant.now();
        EnvironmentInfo environment = EnvironmentInfo.capture(startTime);
        RunBundle bundle;
        try {
            // Before anything runs or prints: a bundle that cannot be written is bad input, not a failed run.
            bundle = RunBundle.create(outDirectory, scenario, environment, virtual ? 0 : startTime.toEpochMilli(),
                    virtual ? VirtualHarness.START_NS : System.nanoTime());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--out " + outDirectory + ": cannot create the run's bundle directory: " + RunBundle.describe(e));
        }
        err.printf("crucible-sim: scenario %s%s, %s time, seed %d%n", scenario.name(),
                scenarioFile == null ? " (built-in defaults)" : " from " + scenarioFile, virtual ? "virtual" : "real",
                scenario.seed());
        for (String warning : ModelWarnings.of(scenario)) {
            err.println("crucible-sim: warning: " + warning);
        }
        err.flush();
        Harness harness = harness(scenario, bundle, tlsSettings, scripts);
        StopRequest stop = new StopRequest();
        AtomicBoolean runEnded = new AtomicBoolean();
        // Until the bundle is written: a first ^C while the reports print changes nothing, a second one exits.
        InterruptSignal handler = sigint.install(() -> onFirstSignal(stop, runEnded, err, "interrupted", "^C",
                CrucibleSim.EXIT_INTERRUPTED), () -> exitAtOnce("crucible-sim: interrupted again: exiting without "
                + "reports; the bundle in " + bundle.directory() + " is incomplete", CrucibleSim.EXIT_INTERRUPTED));
        InterruptSignal termHandler = sigterm.install(() -> onFirstSignal(stop, runEnded, err,
                "terminated (SIGTERM)", "SIGTERM", CrucibleSim.EXIT_TERMINATED), () -> exitAtOnce("crucible-sim: "
                + "terminated again: exiting without reports; the bundle in " + bundle.directory() + " is incomplete",
                CrucibleSim.EXIT_TERMINATED));
        warnIfSigintIgnored(handler, scenario, virtual, err);
        try {
            return runAndReport(scenario, harness, scripts, bundle, stop, startTime, out, err, runEnded);
        } finally {
            termHandler.close();
            handler.close();
        }
    }

    /** A run that only ^C could end, in a process that ignores SIGINT: says so before it starts. */
    private void warnIfSigintIgnored(InterruptSignal handler, Scenario scenario, boolean virtual, PrintWriter err) {
        if (!handler.active() && sigint != InterruptSignal.NONE && !scenario.workload().unlimitedJobs().isEmpty()
                && !virtual) {
            err.println("crucible-sim: warning: SIGINT is ignored in this process (nohup, or a background job of a "
                    + "script), so ^C cannot end this run, which has no runtime or IO limit; only a kill can, "
                    + "without reports");
            err.flush();
        }
    }

    /** The harness of one run of {@code scenario}, writing its intervals (and iologs, if asked) into {@code bundle}. */
    private Harness harness(Scenario scenario, RunBundle bundle, TlsSettings tlsSettings) {
        return harness(scenario, bundle, tlsSettings, RunScripts.NONE);
    }

    /** As {@link #harness(Scenario, RunBundle, TlsSettings)}, running {@code scripts} beside the reports. */
    private Harness harness(Scenario scenario, RunBundle bundle, TlsSettings tlsSettings, RunScripts scripts) {
        IologSink iologSink = scenario.output().writeIolog() ? bundle.iologSink() : null;
        return scenario.clock() == ClockKind.VIRTUAL
                ? new VirtualHarness(scenario, bundle.intervalSink(), iologSink, scripts)
                : new InProcessHarness(scenario, bundle.intervalSink(), iologSink, dataDirectory, remoteDownstairs,
                        tlsSettings, scripts);
    }

    // ---------------------------------------------------------------- D scripts (-s, -n, -q, -Z)

    /** @return whether any -s or -n was given (without reading a script file) */
    private boolean hasScripts() {
        return !scriptArgs.isEmpty() || !descriptionArgs.isEmpty();
    }

    /** @return each -s and -n, read, in command-line order, as dtrace takes them; empty without any */
    private List<DScript.Source> scriptSources() {
        List<DScript.Source> sources = new ArrayList<>();
        int scriptIndex = 0;
        int descriptionIndex = 0;
        for (CommandLine.Model.ArgSpec arg : spec.commandLine().getParseResult().matchedArgs()) {
            if (arg instanceof CommandLine.Model.OptionSpec option) {
                if (option.longestName().equals("--script")) {
                    sources.add(scriptSource(scriptArgs.get(scriptIndex++)));
                } else if (option.longestName().equals("-n")) {
                    sources.add(DScript.Source.description(descriptionArgs.get(descriptionIndex++)));
                }
            }
        }
        return sources;
    }

    /** -s FILE|NAME: the file if there is one, else the shipped script of that name. */
    private DScript.Source scriptSource(String argument) {
        Path file;
        try {
            file = Path.of(argument);
        } catch (java.nio.file.InvalidPathException e) {
            file = null;
        }
        if (file != null && Files.isRegularFile(file)) {
            try {
                return DScript.Source.script(argument, Files.readString(file));
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--script " + argument
                        + ": cannot read the script: " + RunBundle.describe(e), e);
            }
        }
        if (file != null && Files.exists(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--script " + argument
                    + ": not a file; give a D script file or a shipped script's name");
        }
        String bare = argument.endsWith(".d") ? argument.substring(0, argument.length() - 2) : argument;
        if (!ShippedScripts.NAMES.contains(bare)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--script " + argument + ": no such file, "
                    + "and no shipped script of that name (shipped: " + String.join(", ", ShippedScripts.NAMES) + ")");
        }
        return DScript.Source.script(bare + ".d", ShippedScripts.source(bare));
    }

    /**
     * Compiles the scripts and checks every description against the probes the run will have, on a volume
     * assembled as the run's, never run.
     *
     * @throws RunScripts.CompileError for a script that cannot run
     */
    private RunScripts compileScripts(Scenario scenario) {
        List<DScript.Source> sources = scriptSources();
        if (sources.isEmpty()) {
            if (quietScripts || allowZeroMatches) {
                throw new CommandLine.ParameterException(spec.commandLine(), (quietScripts ? "-q" : "-Z")
                        + ": applies to D scripts, and there is none; give -s FILE|NAME or -n 'PROBE { ACTIONS }'");
            }
            return RunScripts.NONE;
        }
        RunScripts scripts = RunScripts.compile(sources, quietScripts, allowZeroMatches,
                scenario.clock() == ClockKind.VIRTUAL);
        // The fault probes exist only in a scenario with faults, as in the run itself.
        EventScheduler clock = new EventScheduler(VirtualHarness.START_NS);
        ProbeRegistry assembled = VolumeAssembly.assemble(scenario,
                new SimulatedRuntime(clock, UpstairsListener.NONE)).registry();
        ProbeRegistry runProbes = assembled;
        if (downstairsElsewhere(scenario)) {
            runProbes = new ProbeRegistry();
            for (Probe probe : assembled.probes()) {
                if (!probe.provider().equals(CrucibleProbes.DOWNSTAIRS_PROVIDER)) {
                    runProbes.create(probe.definition(), probe.instanceId(), clock);
                }
            }
        }
        scripts.checkMatches(runProbes);
        return scripts;
    }

    /** @return whether the run's downstairs are other processes, whose probes fire there, not in this run */
    private boolean downstairsElsewhere(Scenario scenario) {
        return remoteDownstairs != null || scenario.transport().equals(Scenario.TRANSPORT_PROCESSES);
    }

    /** DTrace's one line, exactly, then what it leaves out (column, expectation, closest probe names). */
    private static void printCompileError(PrintWriter err, String message, String detail) {
        err.println(message);
        detail.lines().forEach(line -> err.println("crucible-sim: " + line));
        err.flush();
    }

    /** The first SIGINT or SIGTERM: no more IO, drain, then the reports and the bundle, as a run's end does. */
    private void onFirstSignal(StopRequest stop, AtomicBoolean runEnded, PrintWriter err, String what, String again,
            int exitCode) {
        // The request first: a stalled stderr must not keep it from being seen.
        if (!stop.requested()) {
            interruptedExitCode = exitCode;
        }
        stop.request();
        err.println(runEnded.get() ? "crucible-sim: " + what + ": the run has ended; writing its reports and bundle ("
                + again + " again to exit at once, without them)" : "crucible-sim: " + what + ": no more IO will be "
                + "issued; draining what is in flight, then the reports (" + again + " again to exit at once, without "
                + "them)");
        err.flush();
    }

    /**
     * Ends the process with {@code exitCode}, saying why if stderr takes the line at once: the line
     * is written on a thread of its own, so a stalled stderr (or its lock, held by the run) cannot
     * keep the process alive.
     */
    private static void exitAtOnce(String why, int exitCode) {
        Thread say = new Thread(() -> {
            System.err.println(why);
            System.err.flush();
        }, "crucible-sim-exit-notice");
        say.setDaemon(true);
        say.start();
        try {
            say.join(EXIT_NOTICE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(exitCode);
    }

    private int runAndReport(Scenario scenario, Harness harness, RunScripts scripts, RunBundle bundle,
            StopRequest stop, Instant startTime, PrintWriter out, PrintWriter err, AtomicBoolean runEnded)
            throws InterruptedException {
        long wallStartNs = System.nanoTime();
        RunOutcome outcome;
        try {
            outcome = harness.execute(err, stop);
        } catch (RunScripts.CompileError e) {
            // A description the check before the run let through and the run's own probes do not have.
            printCompileError(err, e.getMessage(), e.detail());
            err.println("crucible-sim: the run stopped before any IO; the bundle in " + bundle.directory()
                    + " is incomplete");
            err.flush();
            return CrucibleSim.EXIT_BAD_INPUT;
        } finally {
            runEnded.set(true);
            bundle.close();
        }
        long wallNs = System.nanoTime() - wallStartNs;
        // The runtime error lines went to stderr as they happened (RunScripts.enable).
        DScript exited = scripts.exitedConsumer();
        if (exited != null) {
            err.println("crucible-sim: " + exited.exitedProgramName() + " called exit(" + exited.exitStatus()
                    + "): no IO was issued after it; what was in flight drained, then the END clauses ran");
        }
        err.flush();

        StringBuilder stdoutText = new StringBuilder();
        for (DTraceReport report : outcome.reports()) {
            err.println("--- " + report.scriptName() + " ---");
            err.flush();
            out.print(report.stdout());
            out.flush();
            stdoutText.append(report.stdout());
        }
        String summary = summaryText(outcome);
        err.print(summary);
        if (outcome.runtimeNote() != null) {
            err.println(outcome.runtimeNote());
        }
        try {
            writeBundle(scenario, outcome, bundle, stdoutText.toString(), summary, startTime, wallNs);
        } catch (IOException e) {
            // The reports are printed already; only the record of them is incomplete.
            err.println("crucible-sim: the report bundle in " + bundle.directory() + " is incomplete: "
                    + RunBundle.describe(e));
            err.flush();
            return CrucibleSim.EXIT_RUN_FAILED;
        }
        err.println("crucible-sim: report bundle in " + bundle.directory());
        err.flush();
        // A failure wins over the interrupt: a script must not take a read mismatch or a hang for a ^C.
        if (!outcome.succeeded()) {
            return CrucibleSim.EXIT_RUN_FAILED;
        }
        if (exited != null) {
            // As dtrace exits: with exit()'s argument, as the shell sees it (the low 8 bits).
            return exited.exitStatus() & 0xFF;
        }
        return outcome.interrupted() ? interruptedExitCode : CrucibleSim.EXIT_OK;
    }

    /** @return the summary and one line per failure, as stderr shows them after the reports and summary.txt keeps them */
    private static String summaryText(RunOutcome outcome) {
        StringBuilder summary = new StringBuilder(outcome.summary()).append('\n');
        for (String failure : outcome.failures()) {
            summary.append("crucible-sim: ").append(failure).append('\n');
        }
        return summary.toString();
    }

    /** Writes the bundle of a run that has ended: the same files for a single run and for each run of a set. */
    private static void writeBundle(Scenario scenario, RunOutcome outcome, RunBundle bundle, String stdoutText,
            String summary, Instant startTime, long wallNs) throws IOException {
        boolean virtual = scenario.clock() == ClockKind.VIRTUAL;
        Map<String, Object> runFacts = new LinkedHashMap<>();
        runFacts.put("wall_time_ns", wallNs);
        if (outcome.workload() != null) {
            runFacts.put("ios_per_wall_second", outcome.workload().totalIos() / Math.max(wallNs / 1e9, 1e-9));
        }
        String version = CrucibleSim.class.getPackage().getImplementationVersion();
        bundle.write(scenario, outcome, stdoutText, summary, version == null ? "development" : version,
                virtual ? 0 : startTime.getEpochSecond(), runFacts);
    }

    // ---------------------------------------------------------------- sets of runs (--repeat, --seeds)

    /**
     * What a set runs: the seeds of a virtual-time set, or the number of repeats of a real-time one.
     *
     * @param seeds       in run order, or null for --repeat
     * @param repeat      the runs --repeat asks for, or null for --seeds
     * @param parallelism the most runs at once: 1 in real time, whose runs must not share the machine
     */
    private record SetPlan(List<Long> seeds, Integer repeat, int parallelism) {
        int count() {
            return seeds != null ? seeds.size() : repeat;
        }
    }

    /** One run of a set, as set.json lists it, and whether a stop cut it short. */
    private record SetMemberResult(RunSetBundle.Run run, boolean interrupted) {
    }

    /** @return the set the options ask for, or null for a single run; refuses, naming the option, a set that cannot be */
    private SetPlan setPlan(Scenario scenario, boolean virtual) {
        Integer repeat = repeatText == null ? null : count("--repeat", repeatText);
        Integer parallelism = parallelText == null ? null : count("--parallel", parallelText);
        if (repeat != null && seedsSpec != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat: cannot be combined with --seeds; "
                    + "a set is either N runs of one scenario in real time (--repeat) or one run per seed in virtual "
                    + "time (--seeds)");
        }
        if (parallelism != null && seedsSpec == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallel: spreads the runs of --seeds over "
                    + "threads, and there is no --seeds" + (repeat == null ? "" : "; the runs of --repeat go one after "
                    + "another, since real-time runs side by side would measure each other"));
        }
        if (seedsSpec != null) {
            if (!virtual) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--seeds: one run per seed is for virtual "
                        + "time, where each seed is one sample of the model; in real time use --repeat N (or "
                        + "--clock virtual)");
            }
            if (seed != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--seeds: cannot be combined with --seed; "
                        + "the set's seeds replace it");
            }
            SeedList seeds;
            try {
                seeds = SeedList.parse(seedsSpec);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--seeds: " + e.getMessage(), e);
            }
            return new SetPlan(seeds.seeds(), null,
                    parallelism == null ? Runtime.getRuntime().availableProcessors() : parallelism);
        }
        if (repeat == null) {
            return null;
        }
        if (virtual) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat: in virtual time a scenario and seed "
                    + "give the same run every time, so the repeats would be identical; use --seeds 1.." + repeat
                    + " for " + repeat + " samples of the model");
        }
        if (repeat > RunSetExecutor.MAX_RUNS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat: at most " + RunSetExecutor.MAX_RUNS
                    + " runs in one set, got " + repeat);
        }
        if (remoteDownstairs != null && repeat > 1 && scenario.workload().verifies()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat: with --downstairs every run after "
                    + "the first would read blocks the run before wrote, which its checks expect as zeros; serve "
                    + "fresh regions for each run, or add --no-verify");
        }
        return new SetPlan(null, repeat, 1);
    }

    /** @return the option's value, an integer >= 1 */
    private int count(String option, String text) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Said below, as for a value below 1.
        }
        throw new CommandLine.ParameterException(spec.commandLine(), option + ": must be an integer >= 1, got '"
                + text + "'");
    }

    /**
     * Runs a set: each member into its own bundle under the set's directory, one line per member on stderr as it ends,
     * then set.json, and the set's directory on stdout (for scripts: {@code set=$(crucible-sim run --seeds 1..8)}).
     *
     * @return 1 if any run failed, else 130 or 143 when a signal stopped the set, else 0
     */
    private int runSet(Scenario scenario, SetPlan plan, TlsSettings tlsSettings, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        boolean virtual = scenario.clock() == ClockKind.VIRTUAL;
        RunSetBundle set;
        try {
            set = RunSetBundle.create(outDirectory, scenario, EnvironmentInfo.capture(Instant.now()), plan.count());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--out " + outDirectory + ": cannot create the set's directory: " + RunBundle.describe(e));
        }
        RunSetExecutor executor = new RunSetExecutor(plan.parallelism());
        InterruptSignal handler = sigint.install(() -> onFirstSetSignal(executor, err, "interrupted", "^C",
                CrucibleSim.EXIT_INTERRUPTED), () -> exitAtOnce("crucible-sim: interrupted again: exiting; the set in "
                + set.directory() + " is incomplete", CrucibleSim.EXIT_INTERRUPTED));
        InterruptSignal termHandler = sigterm.install(() -> onFirstSetSignal(executor, err, "terminated (SIGTERM)",
                "SIGTERM", CrucibleSim.EXIT_TERMINATED), () -> exitAtOnce("crucible-sim: terminated again: exiting; "
                + "the set in " + set.directory() + " is incomplete", CrucibleSim.EXIT_TERMINATED));
        // After the handlers: a script that signals once it sees this line must not kill the set without set.json.
        err.printf("crucible-sim: scenario %s%s, %s time, %s%n", scenario.name(),
                scenarioFile == null ? " (built-in defaults)" : " from " + scenarioFile, virtual ? "virtual" : "real",
                plan.seeds() != null ? "seeds " + seedsSpec.strip() + " (" + plan.count() + " runs, "
                        + Math.min(plan.parallelism(), plan.count()) + " at a time)"
                        : "seed " + scenario.seed() + ", " + plan.count() + " runs one after another");
        for (String warning : ModelWarnings.of(scenario)) {
            err.println("crucible-sim: warning: " + warning);
        }
        err.flush();
        warnIfSigintIgnored(handler, scenario, virtual, err);
        List<SetMemberResult> results;
        try {
            results = executor.runAll(plan.count(), (index, stop) -> runSetMember(scenario, plan, set, index, stop,
                    tlsSettings, err));
        } finally {
            termHandler.close();
            handler.close();
        }
        List<RunSetBundle.Run> runs = results.stream().map(SetMemberResult::run).toList();
        long failed = runs.stream().filter(run -> !run.succeeded()).count();
        // As for a single run, a signal that came after the last run had ended changes nothing.
        boolean interrupted = results.stream().anyMatch(SetMemberResult::interrupted)
                || executor.stopped() && runs.size() < plan.count();
        try {
            set.writeIndex(plan.seeds(), plan.repeat(), runs);
        } catch (IOException e) {
            err.println("crucible-sim: the set in " + set.directory() + " is incomplete: " + RunBundle.describe(e));
            err.flush();
            return CrucibleSim.EXIT_RUN_FAILED;
        }
        err.println("crucible-sim: set of " + runs.size() + (runs.size() == plan.count() ? "" : " of " + plan.count())
                + " runs in " + set.directory() + (failed == 0 ? "" : "; " + failed + " failed"));
        err.flush();
        out.println(set.directory());
        out.flush();
        if (failed > 0) {
            return CrucibleSim.EXIT_RUN_FAILED;
        }
        return interrupted ? interruptedExitCode : CrucibleSim.EXIT_OK;
    }

    /**
     * One run of a set, on the executor's thread: the run {@code run --seed S} would be, with the same bundle, except
     * that its reports go to the bundle only and its progress nowhere (several run at once); one line on stderr when it
     * has ended.
     */
    private SetMemberResult runSetMember(Scenario setScenario, SetPlan plan, RunSetBundle set, int index,
            StopRequest stop, TlsSettings tlsSettings, PrintWriter err) throws InterruptedException {
        Scenario scenario = plan.seeds() == null ? setScenario : setScenario.withSeed(plan.seeds().get(index));
        boolean virtual = scenario.clock() == ClockKind.VIRTUAL;
        String runId = set.runId(index);
        String prefix = String.format(Locale.ROOT, "crucible-sim: run %d/%d (seed %d): ", index + 1, plan.count(),
                scenario.seed());
        Instant startTime = Instant.now();
        RunBundle bundle;
        try {
            bundle = set.createRun(index, EnvironmentInfo.capture(startTime), virtual ? 0 : startTime.toEpochMilli(),
                    virtual ? VirtualHarness.START_NS : System.nanoTime());
        } catch (IOException e) {
            err.println(prefix + "failed: cannot create its bundle: " + RunBundle.describe(e));
            err.flush();
            return new SetMemberResult(new RunSetBundle.Run(runId, scenario.seed(), false), false);
        }
        Harness harness = harness(scenario, bundle, tlsSettings);
        long wallStartNs = System.nanoTime();
        RunOutcome outcome;
        try {
            outcome = harness.execute(new PrintWriter(Writer.nullWriter()), stop);
        } finally {
            bundle.close();
        }
        long wallNs = System.nanoTime() - wallStartNs;
        StringBuilder stdoutText = new StringBuilder();
        for (DTraceReport report : outcome.reports()) {
            stdoutText.append(report.stdout());
        }
        String bundleProblem = null;
        try {
            writeBundle(scenario, outcome, bundle, stdoutText.toString(), summaryText(outcome), startTime, wallNs);
        } catch (IOException e) {
            bundleProblem = "the report bundle in " + bundle.directory() + " is incomplete: " + RunBundle.describe(e);
        }
        boolean succeeded = outcome.succeeded() && bundleProblem == null;
        List<String> problems = new ArrayList<>(outcome.failures());
        if (bundleProblem != null) {
            problems.add(bundleProblem);
        }
        String status = succeeded ? (outcome.interrupted() ? "ok, interrupted" : "ok")
                : "failed: " + String.join("; ", problems);
        // One println: PrintWriter holds its lock for the whole line, so lines of runs ending at once do not mix.
        err.println(prefix + ioText(outcome) + ", " + status);
        err.flush();
        return new SetMemberResult(new RunSetBundle.Run(runId, scenario.seed(), succeeded), outcome.interrupted());
    }

    /** @return e.g. "20000 IOs, 20772 IOPS" ("n/a" over a span of no time, as the summary says it) */
    private static String ioText(RunOutcome outcome) {
        if (outcome.workload() == null) {
            return "no IO";
        }
        long ios = outcome.workload().totalIos();
        OptionalDouble iops = outcome.workload().span().perSecond(ios);
        return ios + " IOs, " + (iops.isPresent() ? String.format(Locale.ROOT, "%.0f", iops.getAsDouble()) : "n/a")
                + " IOPS";
    }

    /** The first SIGINT or SIGTERM of a set: no run starts any more, the running ones end as an interrupted run does. */
    private void onFirstSetSignal(RunSetExecutor executor, PrintWriter err, String what, String again, int exitCode) {
        if (!executor.stopped()) {
            interruptedExitCode = exitCode;
        }
        executor.stop();
        err.println("crucible-sim: " + what + ": no more runs will start; the running ones drain and write their "
                + "bundles, then set.json (" + again + " again to exit at once, without them)");
        err.flush();
    }

    /**
     * Defaults, then the scenario file, then the options in the order given on the command line:
     * when a named option and {@code --set} touch the same key, the later one wins.
     */
    Scenario resolveScenario() {
        List<ScenarioOverride> overrides = new ArrayList<>();
        int setIndex = 0;
        int unsetIndex = 0;
        int faultIndex = 0;
        for (CommandLine.Model.ArgSpec arg : spec.commandLine().getParseResult().matchedArgs()) {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
                continue;
            }
            if (option.longestName().equals("--set")) {
                overrides.add(setting(settings.get(setIndex++)));
            } else if (option.longestName().equals("--fault")) {
                overrides.add(ScenarioOverride.fault(faultSpecs.get(faultIndex++)));
            } else if (option.longestName().equals("--unset")) {
                overrides.add(ScenarioOverride.unset(unsettings.get(unsetIndex++).strip(), "--unset"));
            } else {
                // picocli refuses a named option given twice, so each appears once, in its place.
                addNamed(overrides, option.longestName());
            }
        }
        if (reports == null && hasScripts()) {
            // Users running their own scripts want dtrace's output only: the built-in reports run when named.
            overrides.add(new ScenarioOverride("reports", "[]", scriptArgs.isEmpty() ? "-n" : "--script"));
        }
        Scenario scenario;
        try {
            scenario = ScenarioLoader.load(scenarioFile, overrides);
        } catch (ScenarioException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (remoteDownstairs != null) {
            for (FaultSpec fault : scenario.faults()) {
                if (fault.kind().reach() == FaultKind.Reach.CORE) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "faults[" + fault.id() + "]: "
                            + fault.kind().yamlName() + " acts inside the downstairs, and with --downstairs they run "
                            + "in other processes; only disconnect reaches them from here");
                }
            }
        }
        String cannotEnd = scenario.clock() == ClockKind.VIRTUAL ? VirtualHarness.whyItCannotEnd(scenario) : null;
        if (cannotEnd != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "scenario " + scenario.name() + ": "
                    + cannotEnd);
        }
        return scenario;
    }

    /**
     * --downstairs: the three servers' addresses, and the region they serve as the volume. Asking them happens here,
     * before the scenario is bound, so that the workload is checked against the volume it will run on.
     */
    private void addRemoteDownstairs(List<ScenarioOverride> overrides, String option) {
        if (downstairsAddresses.size() != UpstairsCore.CLIENT_COUNT) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": needs " + UpstairsCore.CLIENT_COUNT
                    + " HOST:PORT addresses, one per downstairs, got " + downstairsAddresses.size());
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String text : downstairsAddresses) {
            addresses.add(socketAddress(option, text.strip()));
        }
        try {
            // The TLS options are read here, whatever their place on the line: asking the servers is the first use.
            remoteDownstairs = RemoteRegions.of(addresses, tls.settings());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage(), e);
        }
        RegionDefinition region = remoteDownstairs.region();
        overrides.add(new ScenarioOverride("transport", Scenario.TRANSPORT_TCP, option));
        overrides.add(new ScenarioOverride("volume.block_size", String.valueOf(region.blockSizeBytes()), option));
        overrides.add(new ScenarioOverride("volume.extent_size", String.valueOf(region.extentSizeBlocks()), option));
        overrides.add(new ScenarioOverride("volume.extent_count", String.valueOf(region.extentCount()), option));
    }

    private InetSocketAddress socketAddress(String option, String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = -1;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            // Said below, as for any port out of range.
        }
        if (host.isEmpty() || port < 1 || port > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": '" + text
                    + "' is not HOST:PORT (a host, or [IPv6], then a port from 1 to 65535)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": cannot resolve '" + host + "'");
        }
    }

    /**
     * The TLS settings for a run over TCP, or null without the options; refuses them, naming the first one given,
     * for a run with no TCP connection to secure.
     */
    private TlsSettings tlsFor(Scenario scenario, boolean virtual) {
        if (!tls.requested()) {
            return null;
        }
        if (virtual) {
            throw new CommandLine.ParameterException(spec.commandLine(), tls.givenOption() + ": TLS secures TCP "
                    + "connections, which real time has; virtual time simulates its links (use --clock real)");
        }
        if (scenario.transport().equals(Scenario.TRANSPORT_PROCESSES)) {
            throw new CommandLine.ParameterException(spec.commandLine(), tls.givenOption() + ": the downstairs "
                    + "processes the harness starts speak plain TCP; for TLS start them with 'downstairs run' and "
                    + "the TLS options, and use --downstairs");
        }
        if (remoteDownstairs == null && !scenario.transport().equals(Scenario.TRANSPORT_TCP)) {
            throw new CommandLine.ParameterException(spec.commandLine(), tls.givenOption() + ": TLS secures TCP "
                    + "connections; in-process downstairs have none (use --transport tcp or --downstairs)");
        }
        return tls.settings();
    }

    /** Refuses, before anything runs, a --data that virtual time cannot use or that is not a directory to write in. */
    private void checkDataDirectory(boolean virtual) {
        if (virtual) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data: regions on disk are for real time; "
                    + "virtual time simulates its downstairs' disks (use --clock real)");
        }
        if (dataDirectory.toString().isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--data: the path is empty; give the directory to keep the regions in");
        }
        if (Files.exists(dataDirectory) && !Files.isDirectory(dataDirectory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data " + dataDirectory
                    + ": not a directory");
        }
    }

    /** The override a named option makes, if it makes one (--out, --help and the like do not). */
    private void addNamed(List<ScenarioOverride> overrides, String option) {
        switch (option) {
            case "--clock" -> add(overrides, "clock", clock, option);
            case "--transport" -> add(overrides, "transport", transport, option);
            case "--wait-strategy" -> add(overrides, "runtime.wait_strategy", waitStrategy, option);
            case "--downstairs" -> addRemoteDownstairs(overrides, option);
            case "--seed" -> add(overrides, "seed", seed, option);
            case "--duration" -> add(overrides, "workload.runtime", withBareUnit(duration, "s"), option);
            case "--ios" -> add(overrides, "workload.number_ios", maxIos, option);
            case "--queue-depth" -> add(overrides, "workload.iodepth", queueDepth, option);
            case "--rw" -> add(overrides, "workload.rw", rw, option);
            case "--rate-iops" -> add(overrides, "workload.rate_iops", rateIops, option);
            case "--rate-process" -> add(overrides, "workload.rate_process", rateProcess, option);
            case "--random-distribution" -> add(overrides, "workload.random_distribution", randomDistribution, option);
            case "--replay" -> {
                add(overrides, "workload.read_iolog", replayFile, option);
                // --replay drops the file's format; one named on the command line holds wherever it stands.
                add(overrides, "workload.iolog_format", replayFormat, "--replay-format");
            }
            case "--replay-format" -> add(overrides, "workload.iolog_format", replayFormat, option);
            case "--replay-no-stall" -> add(overrides, "workload.replay_no_stall", replayNoStall, option);
            case "--replay-time-scale" -> add(overrides, "workload.replay_time_scale", replayTimeScale, option);
            case "--replay-out-of-range" -> add(overrides, "workload.replay_out_of_range", replayOutOfRange, option);
            case "--write-iolog" -> add(overrides, "output.write_iolog", writeIolog, option);
            case "--read-percent" -> add(overrides, "workload.rwmixread", readPercent, option);
            case "--fsync" -> add(overrides, "workload.fsync", fsyncEveryWrites, option);
            case "--flush-mix" -> add(overrides, "workload.flush_mix", flushMix, option);
            case "--bs" -> add(overrides, "workload.bs", ioSize, option);
            case "--verify" -> add(overrides, "workload.verify", verify, option);
            case "--block-size" -> add(overrides, "volume.block_size", blockSize, option);
            case "--extent-size" -> add(overrides, "volume.extent_size", extentSizeBlocks, option);
            case "--extent-count" -> add(overrides, "volume.extent_count", extentCount, option);
            case "--report" -> add(overrides, "reports", reports == null ? null : String.join(",", reports), option);
            case "--status-interval-ms" -> add(overrides, "upstairs.status_interval", withBareUnit(statusInterval, "ms"),
                    option);
            case "--flush-timeout-ms" -> add(overrides, "upstairs.flush_timeout", withBareUnit(flushTimeout, "ms"),
                    option);
            case "--max-in-flight" -> add(overrides, "upstairs.max_in_flight", maxInFlightPerClient, option);
            case "--drain-timeout-ms" -> add(overrides, "drain_timeout", withBareUnit(drainTimeout, "ms"), option);
            default -> {
                // Not a scenario key.
            }
        }
    }

    private ScenarioOverride setting(String setting) {
        int equals = setting.indexOf('=');
        if (equals <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--set: expected KEY=VALUE, got '" + setting + "'");
        }
        return new ScenarioOverride(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip(), "--set");
    }

    /**
     * The file's grammar for an option's value: a bare number keeps the option's documented unit
     * ({@code --duration 10} is 10 s), a number with a unit is the file's ({@code --duration 10ms}).
     */
    static String withBareUnit(String value, String bareUnit) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        if (Quantities.isNumber(text)) {
            return new java.math.BigDecimal(text.replace("_", "")).toPlainString() + bareUnit;
        }
        return text;
    }

    /**
     * A named option's value: a workload key reaches every job and replaces its group there (the
     * command line wins over the file, for every job); {@code --replay} replaces the generator.
     */
    private static void add(List<ScenarioOverride> overrides, String keyPath, Object value, String option) {
        if (value != null) {
            boolean everyJob = keyPath.startsWith("workload.");
            overrides.add(everyJob ? ScenarioOverride.forEveryJob(keyPath, value.toString(), option)
                    : new ScenarioOverride(keyPath, value.toString(), option));
        }
    }

}
