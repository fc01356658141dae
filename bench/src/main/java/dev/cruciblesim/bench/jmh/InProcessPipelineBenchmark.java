package dev.cruciblesim.bench.jmh;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.cruciblesim.bench.harness.RealTimeDownstairs;
import dev.cruciblesim.bench.harness.ThreadedRuntime;
import dev.cruciblesim.bench.harness.VolumeAssembly;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.scenario.ScenarioOverride;
import dev.cruciblesim.downstairs.InboxWaitStrategy;
import dev.cruciblesim.downstairs.runtime.CoreRings;
import dev.cruciblesim.upstairs.runtime.Guest;
import dev.cruciblesim.upstairs.runtime.UpstairsRuntime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static dev.cruciblesim.bench.jmh.BenchmarkThreads.daemon;

/**
 * The in-process pipeline in real time with no injected latency, against a relay of the same threads: the guest's
 * thread, the upstairs core behind its multi-producer Disruptor inbox, three downstairs each behind its own ring, with
 * the same wait strategy (blocking). The relay passes one event along the same path (guest → upstairs → three
 * downstairs → upstairs → guest, completed at the second reply as a write is) and does no other work, so the ratio
 * of the two is what the pipeline's logic costs over pure hand-off.
 *
 * <p>QD 1 is sample mode (p50, p99); QD 32 is throughput: 32 IOs at once, all waited for. The pipeline's op is 4 KiB
 * random writes, random reads, or a 50/50 mix with a flush after every 16 writes.
 */
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 3)
// A fixed heap: O keeps every write until a flush retires it (every 5 s with none from the guest), so at QD 32 some
// 3 GB of payloads are live and a heap still growing to hold them measures its own resizing. The warm-up outlasts
// one 5 s flush window, so the write payload pool has filled and a write allocates no data.
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
public class InProcessPipelineBenchmark {
    static final int QUEUE_DEPTH = 32;
    private static final int BLOCK_BYTES = 4096;
    private static final long VOLUME_BLOCKS = 32L * 1024;
    private static final int FSYNC_EVERY_WRITES = 16;

    /** The volume, with three in-process downstairs. */
    @State(Scope.Benchmark)
    public static class Pipeline {
        @Param({"randwrite", "randread", "randrw-fsync16"})
        public String op;

        private ThreadedRuntime runtime;
        private Guest guest;
        private final byte[] data = new byte[BLOCK_BYTES];
        private final byte[] readBuffer = new byte[BLOCK_BYTES];
        private final SplittableRandom random = new SplittableRandom(1);
        private int writesSinceFlush;
        final CompletableFuture<?>[] inFlight = new CompletableFuture<?>[QUEUE_DEPTH];

        @Setup(Level.Trial)
        public void start() throws Exception {
            Scenario scenario = ScenarioLoader.load(null, List.of(new ScenarioOverride("reports", "[]", "jmh")));
            runtime = new ThreadedRuntime(ThreadedRuntime.Transport.IN_PROCESS);
            VolumeAssembly.Volume<UpstairsRuntime, RealTimeDownstairs> volume =
                    VolumeAssembly.assemble(scenario, runtime);
            volume.upstairs().activate().get(30, TimeUnit.SECONDS);
            guest = volume.upstairs().guest();
            random.nextBytes(data);
        }

        /** @return the next IO of this op kind, submitted */
        CompletableFuture<Void> next() {
            long block = random.nextLong(VOLUME_BLOCKS);
            switch (op) {
                case "randwrite":
                    return guest.write(block, data);
                case "randread":
                    return guest.read(block, readBuffer);
                default:
                    if (random.nextBoolean()) {
                        return guest.read(block, readBuffer);
                    }
                    if (++writesSinceFlush == FSYNC_EVERY_WRITES) {
                        writesSinceFlush = 0;
                        return guest.flush();
                    }
                    return guest.write(block, data);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            runtime.close(10_000);
        }
    }

    /** The relay: the same threads and rings, no work. */
    @State(Scope.Benchmark)
    public static class Relay {
        private static final int GUEST = 0;
        private static final int REPLY = 1;
        private static final int SLOTS = 1024;

        static final class Slot {
            int kind;
            int opIndex;
            CompletableFuture<Void> done;
        }

        private Disruptor<Slot> upstairs;
        private RingBuffer<Slot> upstairsRing;
        private final List<Disruptor<Slot>> downstairs = new ArrayList<>();
        private final List<RingBuffer<Slot>> downstairsRings = new ArrayList<>();
        /** The upstairs thread's own: each op's future and its replies so far. */
        private final CompletableFuture<?>[] pending = new CompletableFuture<?>[SLOTS];
        private final int[] replies = new int[SLOTS];
        /**
         * Ops that have all three replies (the upstairs thread's; in op order, since each downstairs answers in
         * order). A write is done at its second reply, so a starved downstairs may fall behind; the guest issues
         * no op more than half of {@link #SLOTS} ahead of this, so no downstairs ring ever fills and the upstairs thread
         * never waits. Without that bound, a downstairs waiting on the full upstairs ring and the upstairs thread
         * waiting on that downstairs' full ring stopped each other (the pipeline bounds it by flow control).
         */
        private volatile long fullyRepliedOps;
        private long issuedOps;
        private int nextOp;
        final CompletableFuture<?>[] inFlight = new CompletableFuture<?>[QUEUE_DEPTH];

        @Setup(Level.Trial)
        public void start() {
            for (int c = 0; c < 3; c++) {
                int client = c;
                Disruptor<Slot> ring = new Disruptor<>(Slot::new, SLOTS, runnable -> daemon(runnable,
                        "relay-downstairs-" + client), ProducerType.SINGLE,
                        CoreRings.waitStrategy(InboxWaitStrategy.BLOCKING));
                ring.handleEventsWith((slot, sequence, endOfBatch) -> publish(upstairsRing, REPLY, slot.opIndex,
                        null));
                downstairs.add(ring);
            }
            upstairs = new Disruptor<>(Slot::new, SLOTS, runnable -> daemon(runnable, "relay-upstairs"),
                    ProducerType.MULTI, CoreRings.waitStrategy(InboxWaitStrategy.BLOCKING));
            upstairs.handleEventsWith((slot, sequence, endOfBatch) -> {
                if (slot.kind == GUEST) {
                    pending[slot.opIndex] = slot.done;
                    replies[slot.opIndex] = 0;
                    for (RingBuffer<Slot> ring : downstairsRings) {
                        publish(ring, GUEST, slot.opIndex, null);
                    }
                } else {
                    int replyCount = ++replies[slot.opIndex];
                    if (replyCount == 2) {
                        // Acknowledged at the second reply, as a write is.
                        pending[slot.opIndex].complete(null);
                    } else if (replyCount == 3) {
                        pending[slot.opIndex] = null;
                        fullyRepliedOps = fullyRepliedOps + 1; // this thread is its only writer
                    }
                }
            });
            for (Disruptor<Slot> ring : downstairs) {
                downstairsRings.add(ring.start());
            }
            upstairsRing = upstairs.start();
        }

        CompletableFuture<Void> next() {
            while (issuedOps - fullyRepliedOps >= SLOTS / 2) {
                LockSupport.parkNanos(1_000); // a downstairs is SLOTS ops behind: rare, so waiting need not be quick
            }
            issuedOps++;
            CompletableFuture<Void> done = new CompletableFuture<>();
            publish(upstairsRing, GUEST, nextOp, done);
            nextOp = (nextOp + 1) & (SLOTS - 1);
            return done;
        }

        private static void publish(RingBuffer<Slot> ring, int kind, int opIndex, CompletableFuture<Void> done) {
            long sequence = ring.next();
            Slot slot = ring.get(sequence);
            slot.kind = kind;
            slot.opIndex = opIndex;
            slot.done = done;
            ring.publish(sequence);
        }

        @TearDown(Level.Trial)
        public void stop() {
            upstairs.halt();
            for (Disruptor<Slot> ring : downstairs) {
                ring.halt();
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void pipelineQd1(Pipeline pipeline) throws Exception {
        pipeline.next().get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void relayQd1(Relay relay) throws Exception {
        relay.next().get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(QUEUE_DEPTH)
    public void pipelineQd32(Pipeline pipeline) throws Exception {
        for (int i = 0; i < QUEUE_DEPTH; i++) {
            pipeline.inFlight[i] = pipeline.next();
        }
        for (CompletableFuture<?> io : pipeline.inFlight) {
            io.get(10, TimeUnit.SECONDS);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(QUEUE_DEPTH)
    public void relayQd32(Relay relay) throws Exception {
        for (int i = 0; i < QUEUE_DEPTH; i++) {
            relay.inFlight[i] = relay.next();
        }
        for (CompletableFuture<?> event : relay.inFlight) {
            event.get(10, TimeUnit.SECONDS);
        }
    }
}
