package dev.cruciblesim.bench.jmh;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.time.SystemNanoClock;
import dev.cruciblesim.tracing.d.DScript;
import dev.cruciblesim.tracing.d.ShippedScripts;
import dev.cruciblesim.tracing.probe.CrucibleProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.tracing.report.Reports;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One guest write's pair of perfgw firings ({@code gw-write-start}: {@code start[arg0] = timestamp};
 * {@code gw-write-done /start[arg0]/}: {@code @time[op] = quantize(timestamp - start[arg0]); start[arg0] = 0}) through
 * the shipped D script compiled by the engine ({@code engine=d}), beside the built-in Java report of the same script
 * ({@code engine=builtin}), the baseline it is read against. Both read the same clock twice per pair, so the
 * difference is what running the clauses as compiled closures costs over hand-written Java.
 *
 * <p>{@code clock=system} stamps the firings with {@code System.nanoTime}, as a real-time run does;
 * {@code clock=stepping} with a counter that moves 1 µs per read, which leaves out the clock's own
 * cost: on a VM whose clock read is slow (25 ns one day, 52 ns the next on the same machine), that
 * cost is most of a pair's and swamps the engines' difference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DScriptFiringBenchmark {
    @Param({"d", "builtin"})
    public String engine;

    @Param({"system", "stepping"})
    public String clock;

    private Probe writeStart;
    private Probe writeDone;
    private DTraceReport report;
    private long gwId;

    @Setup
    public void setUp() {
        NanoClock probeClock = switch (clock) {
            case "system" -> SystemNanoClock.INSTANCE;
            case "stepping" -> new SteppingClock();
            default -> throw new IllegalArgumentException("clock must be system or stepping, got " + clock);
        };
        ProbeRegistry registry = new ProbeRegistry();
        writeStart = registry.create(CrucibleProbes.gwStart(IoOp.WRITE), 1, probeClock);
        writeDone = registry.create(CrucibleProbes.gwDone(IoOp.WRITE), 1, probeClock);
        report = switch (engine) {
            case "d" -> ShippedScripts.compile("perfgw", DScript.Options.DEFAULT);
            case "builtin" -> Reports.create("perfgw");
            default -> throw new IllegalArgumentException("engine must be d or builtin, got " + engine);
        };
        report.enable(registry);
    }

    /** @return the next guest id, so that the pair's work cannot be folded away */
    @Benchmark
    public long perfgwClausePair() {
        long id = ++gwId;
        writeStart.fire(id);
        writeDone.fire(id);
        return id;
    }

    /** A clock that moves 1 µs each time it is read: every pair measures 1 µs, and no read costs a VM exit. */
    private static final class SteppingClock implements NanoClock {
        private long nowNs;

        @Override
        public long nanoTime() {
            return nowNs += 1_000;
        }
    }
}
