package dev.cruciblesim.bench.jmh;

import dev.cruciblesim.sim.time.PreciseDelay;
import dev.cruciblesim.sim.time.SystemNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * How precisely a real-time run applies a latency model's delay: the time {@link PreciseDelay#waitFor}
 * actually takes for a requested delay (park while far, spin for the last 120 us). The sampled
 * distribution minus the requested delay is the overshoot the README quotes.
 *
 * <pre>
 * java -cp bench/target/crucible-sim.jar org.openjdk.jmh.Main PreciseDelayBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PreciseDelayBenchmark {
    @Param({"5000", "50000", "200000", "1000000"})
    public long delayNs;

    @Benchmark
    public void waitForDelay() {
        PreciseDelay.waitFor(SystemNanoClock.INSTANCE, delayNs);
    }
}
