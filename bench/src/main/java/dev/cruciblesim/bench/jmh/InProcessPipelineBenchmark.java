package dev.cruciblesim.bench.jmh;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
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

    /**
     * The relay: the same threads and rings, no work.
     *
     * <p>Why it cannot stop itself. A write is done at its second reply, so a starved downstairs may fall behind while
     * the guest goes on. Two bounds together keep every thread moving:
     * <ol>
     *   <li>The guest issues no op while {@code slots / 2} ops lack their third reply, so a downstairs ring never
     *       holds more than {@code slots / 2} unconsumed events: each is an op that downstairs has not answered.</li>
     *   <li>Each handler gives its slot back to the ring before it publishes onward (its sequence callback), rather
     *       than at the end of its batch as the Disruptor does by default. Otherwise a downstairs mid-batch holds
     *       slots of ops already fully replied, the upstairs thread can find that ring full, and a downstairs waiting
     *       on the full upstairs ring and the upstairs thread waiting on its ring stop each other.</li>
     * </ol>
     * So the upstairs thread never waits on a downstairs ring, it always drains its own, and every downstairs that
     * waits on it goes on. (The pipeline bounds the same cycle by flow control: 100 jobs in flight per client.)
     */
    @State(Scope.Benchmark)
    public static class Relay {
        private static final int GUEST = 0;
        private static final int REPLY = 1;
        private static final int DEFAULT_SLOTS = 1024;

        static final class Slot {
            int kind;
            int opIndex;
            CompletableFuture<Void> done;
        }

        private final int slots;
        private Disruptor<Slot> upstairs;
        private RingBuffer<Slot> upstairsRing;
        private final List<Disruptor<Slot>> downstairs = new ArrayList<>();
        private final List<RingBuffer<Slot>> downstairsRings = new ArrayList<>();
        /** The upstairs thread's own: each op's future and its replies so far. */
        private final CompletableFuture<?>[] pending;
        private final int[] replies;
        /** Ops that have all three replies; the upstairs thread is its only writer. */
        private volatile long fullyRepliedOps;
        private long issuedOps;
        private int nextOp;
        final CompletableFuture<?>[] inFlight = new CompletableFuture<?>[QUEUE_DEPTH];

        public Relay() {
            this(DEFAULT_SLOTS);
        }

        /** @param slots each ring's size and the op index space, a power of two */
        Relay(int slots) {
            if (slots < 2 || Integer.bitCount(slots) != 1) {
                throw new IllegalArgumentException("slots must be a power of two of at least 2, got " + slots);
            }
            this.slots = slots;
            this.pending = new CompletableFuture<?>[slots];
            this.replies = new int[slots];
        }

        @Setup(Level.Trial)
        public void start() {
            for (int c = 0; c < 3; c++) {
                int client = c;
                Disruptor<Slot> ring = new Disruptor<>(Slot::new, slots, runnable -> daemon(runnable,
                        "relay-downstairs-" + client), ProducerType.SINGLE,
                        CoreRings.waitStrategy(InboxWaitStrategy.BLOCKING));
                ring.handleEventsWith(new ReleasingHandler((kind, opIndex, done) -> publish(upstairsRing, REPLY,
                        opIndex, null)));
                downstairs.add(ring);
            }
            upstairs = new Disruptor<>(Slot::new, slots, runnable -> daemon(runnable, "relay-upstairs"),
                    ProducerType.MULTI, CoreRings.waitStrategy(InboxWaitStrategy.BLOCKING));
            upstairs.handleEventsWith(new ReleasingHandler((kind, opIndex, done) -> {
                if (kind == GUEST) {
                    pending[opIndex] = done;
                    replies[opIndex] = 0;
                    for (RingBuffer<Slot> ring : downstairsRings) {
                        publish(ring, GUEST, opIndex, null);
                    }
                } else {
                    int replyCount = ++replies[opIndex];
                    if (replyCount == 2) {
                        // Acknowledged at the second reply, as a write is.
                        pending[opIndex].complete(null);
                    } else if (replyCount == 3) {
                        pending[opIndex] = null;
                        fullyRepliedOps = fullyRepliedOps + 1;
                    }
                }
            }));
            for (Disruptor<Slot> ring : downstairs) {
                downstairsRings.add(ring.start());
            }
            upstairsRing = upstairs.start();
        }

        CompletableFuture<Void> next() {
            while (issuedOps - fullyRepliedOps >= slots / 2) {
                LockSupport.parkNanos(1_000); // a downstairs is far behind: rare, so waiting need not be quick
            }
            issuedOps++;
            CompletableFuture<Void> done = new CompletableFuture<>();
            publish(upstairsRing, GUEST, nextOp, done);
            nextOp = (nextOp + 1) & (slots - 1);
            return done;
        }

        /** @return how many ops have had all three replies so far */
        long fullyRepliedOps() {
            return fullyRepliedOps;
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

        /** What a relay thread does with one event, once its slot is given back. */
        @FunctionalInterface
        interface SlotAction {
            void run(int kind, int opIndex, CompletableFuture<Void> done);
        }

        /** Copies the slot out and gives it back to its ring before acting, so no batch holds slots (see above). */
        private static final class ReleasingHandler implements EventHandler<Slot> {
            private final SlotAction action;
            private Sequence consumed;

            ReleasingHandler(SlotAction action) {
                this.action = action;
            }

            @Override
            public void setSequenceCallback(Sequence sequenceCallback) {
                this.consumed = sequenceCallback;
            }

            @Override
            public void onEvent(Slot slot, long sequence, boolean endOfBatch) {
                int kind = slot.kind;
                int opIndex = slot.opIndex;
                CompletableFuture<Void> done = slot.done;
                slot.done = null;
                consumed.set(sequence);
                action.run(kind, opIndex, done);
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
