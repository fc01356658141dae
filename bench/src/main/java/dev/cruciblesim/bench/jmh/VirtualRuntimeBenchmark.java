package dev.cruciblesim.bench.jmh;

import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.harness.RunScripts;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.virtual.VirtualHarness;
import dev.cruciblesim.tracing.d.DScript;
import dev.cruciblesim.tracing.d.ShippedScripts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How many guest IOs the virtual-time runtime simulates per second of wall time, on one thread:
 * a 4 KiB random 50/50 read/write mix at queue depth 8 with a flush after every 16 writes over a
 * 16 MiB volume, every read verified (or not: {@code verify}), with all five reports and their
 * metric histograms recording, perfgw alone, none, or the five as the shipped D scripts through the D engine
 * ({@code reports}: what the reports cost; issue 16's target is {@code d-scripts} at least half as fast as
 * {@code all}, whose metric histograms the scripts do not keep). The score is in simulated guest IOs per second
 * (one operation = one IO).
 * Issue 3's target is 300,000.
 * {@link PeerScenarioBenchmark} runs the SimPy peer's scenario.
 *
 * <pre>
 * java -cp bench/target/crucible-sim.jar org.openjdk.jmh.Main VirtualRuntimeBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class VirtualRuntimeBenchmark {
    static final int IOS_PER_RUN = 100_000;

    @Param({"true", "false"})
    public boolean verify;

    /**
     * Which reports record the run: all five (the default of every run), perfgw alone, none, or the same five as the
     * shipped D scripts run by the D engine ({@code d-scripts}: read against {@code all}).
     */
    @Param({"all", "perfgw", "none", "d-scripts"})
    public String reports;

    private Scenario scenario;

    @Setup
    public void setUp() {
        String yaml = String.join("\n",
                "name: jmh-virtual",
                "clock: virtual",
                "volume: {block_size: 4096, extent_size: 1024, extent_count: 4}",
                "downstairs:",
                "  all:",
                "    link: {to_downstairs: {kind: lognormal, median: 30us, sigma: 0.3},"
                        + " to_upstairs: {kind: lognormal, median: 30us, sigma: 0.3}}",
                "    service:",
                "      read: {fixed: {kind: exponential, mean: 40us}, per_byte_ns: 0.05}",
                "      write: {fixed: {kind: exponential, mean: 60us}, per_byte_ns: 0.05}",
                "      flush: {fixed: {kind: lognormal, median: 500us, sigma: 0.5}}",
                "workload: {rw: randrw, rwmixread: 50, bs: 4k, iodepth: 8, fsync: 16, number_ios: " + IOS_PER_RUN
                        + ", runtime: 0, verify: " + verify + "}",
                "reports: " + switch (reports) {
                    case "all" -> "[perfgw, perfdw, perf-upstairs-rw, tracegw, upstairs_info]";
                    case "perfgw" -> "[perfgw]";
                    case "none", "d-scripts" -> "[]";
                    default -> throw new IllegalArgumentException("reports must be all, perfgw, none or d-scripts, got "
                            + reports);
                },
                "");
        scenario = ScenarioLoader.loadText(yaml, "jmh-virtual.yaml", Path.of("."), List.of());
    }

    @Benchmark
    @OperationsPerInvocation(IOS_PER_RUN)
    public RunOutcome simulateRun() {
        // Scripts keep their state, so each run compiles its own (a few milliseconds in a run of 100,000 IOs).
        RunScripts scripts = reports.equals("d-scripts") ? shippedScripts() : RunScripts.NONE;
        RunOutcome outcome = new VirtualHarness(scenario, intervals -> { }, null, scripts)
                .execute(new PrintWriter(new StringWriter()));
        if (!outcome.succeeded()) {
            throw new IllegalStateException("benchmark run failed: " + outcome.failures());
        }
        return outcome;
    }

    private static RunScripts shippedScripts() {
        List<DScript.Source> sources = new ArrayList<>();
        for (String name : ShippedScripts.NAMES) {
            sources.add(DScript.Source.script(name + ".d", ShippedScripts.source(name)));
        }
        // Five consumers, as five dtrace processes beside the five built-in reports: their variables must not meet.
        return RunScripts.compileSeparately(sources, false, false, true);
    }
}
