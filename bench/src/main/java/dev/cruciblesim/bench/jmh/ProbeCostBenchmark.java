package dev.cruciblesim.bench.jmh;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.time.SystemNanoClock;
import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.DProgram;
import dev.cruciblesim.tracing.probe.CrucibleProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * What a probe costs, each figure beside the baseline it is read against in the same run: a disabled probe against
 * no probe at all (the work it sits in, a counter bump), an enabled probe feeding a quantize aggregation against
 * {@code System.nanoTime()} (which every enabled firing reads), and an HdrHistogram record, which the metrics pay per
 * value. The clause is perfgw's shape: a firing with one argument whose value lands in one quantize.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProbeCostBenchmark {
    private Probe disabled;
    private Probe enabled;
    private Histogram histogram;
    private long counter;
    private long value;

    @Setup
    public void setUp() {
        ProbeRegistry registry = new ProbeRegistry();
        disabled = registry.create(CrucibleProbes.gwStart(IoOp.READ), 1, SystemNanoClock.INSTANCE);
        enabled = registry.create(CrucibleProbes.gwStart(IoOp.WRITE), 1, SystemNanoClock.INSTANCE);
        DProgram program = new DProgram();
        Aggregation quantize = program.aggregation("latency", AggregationFunction.quantize());
        // timestamp - arg0 into @latency = quantize(...): the shape of perfgw's done clause.
        registry.enable(enabled.provider() + "*:::" + enabled.name(),
                (probe, timestampNs, arg0, arg1, s0, s1) -> quantize.aggregate(timestampNs - arg0));
        histogram = LatencyHistograms.newHistogram();
    }

    /** The baseline of the disabled probe: the same work, no probe. */
    @Benchmark
    public long noProbe() {
        return ++counter;
    }

    @Benchmark
    public long disabledProbe() {
        disabled.fire(counter);
        return ++counter;
    }

    /** The baseline of the enabled probe: the clock read an enabled firing makes. */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    /** One clock read inside the firing, as the baseline's one; the argument stands for a start time. */
    @Benchmark
    public long enabledProbeIntoQuantize() {
        enabled.fire(counter);
        return ++counter;
    }

    /** What the metrics pay per value. */
    @Benchmark
    public void hdrHistogramRecord(Blackhole blackhole) {
        value = (value + 7_919) & 0xFFFFF;
        histogram.recordValue(value + 1_000);
        blackhole.consume(histogram);
    }
}
