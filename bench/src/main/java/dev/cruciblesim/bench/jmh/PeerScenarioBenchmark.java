package dev.cruciblesim.bench.jmh;

import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.scenario.ScenarioOverride;
import dev.cruciblesim.bench.virtual.VirtualHarness;
import dev.cruciblesim.tracing.metrics.HlogWriter;
import dev.cruciblesim.tracing.metrics.MetricInterval;
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

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Simulated guest IOs per wall second of {@code scenarios/peer-simpy.yaml}, the scenario of the
 * SimPy peer model ({@code ../shared/peer-simpy/}): a closed loop at QD 32, exponential service of
 * mean 1 ms per downstairs, no links, 45/45/10 reads, writes and flushes. {@code shipped} runs it
 * as a user gets it: all five reports, every read verified, and the interval log encoded (into
 * nothing) every simulated second; {@code bare} with reports {@code []} and verify off. One
 * operation is one IO. {@code bench/peer-compare.sh} sets the whole CLI process against the peer's.
 *
 * <pre>
 * java -cp bench/target/crucible-sim.jar org.openjdk.jmh.Main PeerScenarioBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PeerScenarioBenchmark {
    static final int IOS_PER_RUN = 100_000;

    @Param({"shipped", "bare"})
    public String configuration;

    private Scenario scenario;

    @Setup
    public void setUp() {
        List<ScenarioOverride> overrides = new ArrayList<>(List.of(
                new ScenarioOverride("workload.number_ios", Integer.toString(IOS_PER_RUN), "jmh")));
        switch (configuration) {
            case "shipped" -> {
                // The scenario file as it is.
            }
            case "bare" -> {
                overrides.add(new ScenarioOverride("reports", "[]", "jmh"));
                overrides.add(new ScenarioOverride("workload.verify", "false", "jmh"));
            }
            default -> throw new IllegalArgumentException("configuration must be shipped or bare, got "
                    + configuration);
        }
        scenario = ScenarioLoader.loadBuiltIn("peer-simpy.yaml", overrides);
    }

    @Benchmark
    @OperationsPerInvocation(IOS_PER_RUN)
    public RunOutcome simulateRun() throws IOException {
        try (HlogWriter hlog = new HlogWriter(OutputStream.nullOutputStream(), 0, VirtualHarness.START_NS)) {
            RunOutcome outcome = new VirtualHarness(scenario, intervals -> {
                try {
                    for (MetricInterval interval : intervals) {
                        hlog.write(interval);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, null).execute(new PrintWriter(new StringWriter()));
            if (!outcome.succeeded()) {
                throw new IllegalStateException("benchmark run failed: " + outcome.failures());
            }
            return outcome;
        }
    }
}
