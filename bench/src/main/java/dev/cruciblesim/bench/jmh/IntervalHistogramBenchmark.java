package dev.cruciblesim.bench.jmh;

import dev.cruciblesim.tracing.stats.EncodableLatencyCounts;
import dev.cruciblesim.tracing.stats.LatencyCounts;
import dev.cruciblesim.tracing.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What one metric's interval costs the sampler in a single-threaded (virtual-time) run: record the
 * interval's values, add them into the metric's running total and empty the interval for the next
 * one. {@code interval} is the shape: {@code empty}, {@code few} (10 values) or {@code dense} (7,000
 * values, log-uniform between 35 us and 9.5 ms, the range perfdw sees). {@code hdrHistogramAddAndReset}
 * is the baseline: HdrHistogram's own add and reset, which walk all 33,792 counts of the 270 KB
 * histogram whatever the interval holds; {@code rangedAddAndReset} is what RecordedValues and
 * MetricRecorder do, with {@link LatencyCounts}, visiting only the non-zero counts.
 * {@code encodeInterval} records the interval and encodes it as HlogWriter does for an .hlog line:
 * the counts compressed by {@link EncodableLatencyCounts#encodeIntoCompactCompressedByteBuffer}
 * (Huffman coding alone, level 9 for a tiny payload); {@code encodeIntervalAtLevel9} is the
 * baseline, the bytes HdrHistogram's encoding of a Histogram would be at the level
 * HistogramLogWriter always uses. The base64 and the line's formatting are left out.
 *
 * <pre>
 * java -cp bench/target/crucible-sim.jar org.openjdk.jmh.Main IntervalHistogramBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IntervalHistogramBenchmark {
    private static final long LOW_NS = 35_000;
    private static final long HIGH_NS = 9_500_000;

    @Param({"empty", "few", "dense"})
    public String interval;

    private long[] valuesNs;
    private Histogram hdrTotal;
    private Histogram hdrRecording;
    private LatencyCounts total;
    private LatencyCounts recording;
    private EncodableLatencyCounts encoding;
    private ByteBuffer encoded;

    @Setup
    public void setUp() {
        int count = switch (interval) {
            case "empty" -> 0;
            case "few" -> 10;
            case "dense" -> 7_000;
            default -> throw new IllegalArgumentException("interval must be empty, few or dense, got " + interval);
        };
        SplittableRandom random = new SplittableRandom(42);
        valuesNs = new long[count];
        double logRange = Math.log((double) HIGH_NS / LOW_NS);
        for (int i = 0; i < count; i++) {
            valuesNs[i] = Math.round(LOW_NS * Math.exp(random.nextDouble() * logRange));
        }
        hdrTotal = LatencyHistograms.newHistogram();
        hdrRecording = LatencyHistograms.newHistogram();
        total = new LatencyCounts();
        recording = new LatencyCounts();
        encoding = new EncodableLatencyCounts().view(recording, "benchmark", 0, 0);
        encoded = ByteBuffer.allocate(encoding.getNeededByteBufferCapacity());
    }

    @TearDown
    public void tearDown() {
        encoding.close();
    }

    @Benchmark
    public long hdrHistogramAddAndReset() {
        for (long valueNs : valuesNs) {
            hdrRecording.recordValue(valueNs);
        }
        hdrTotal.add(hdrRecording);
        hdrRecording.reset();
        return hdrTotal.getTotalCount();
    }

    private void record() {
        for (long valueNs : valuesNs) {
            recording.recordValue(valueNs);
        }
    }

    @Benchmark
    public long rangedAddAndReset() {
        record();
        total.add(recording);
        recording.reset();
        return total.totalCount();
    }

    @Benchmark
    public int encodeInterval() {
        record();
        encoded.clear();
        int length = encoding.encodeIntoCompactCompressedByteBuffer(encoded);
        recording.reset();
        return length;
    }

    @Benchmark
    public int encodeIntervalAtLevel9() {
        record();
        encoded.clear();
        int length = encoding.encodeIntoCompressedByteBuffer(encoded, 9);
        recording.reset();
        return length;
    }
}
