package dev.cruciblesim.bench.jmh;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.cruciblesim.downstairs.InboxWaitStrategy;
import dev.cruciblesim.downstairs.runtime.CoreRings;
import org.jctools.queues.MpscArrayQueue;
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

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static dev.cruciblesim.bench.jmh.BenchmarkThreads.daemon;

/**
 * The upstairs inbox's hand-off alone: a Disruptor ring (multi-producer, as the inbox is) with each wait strategy the
 * runtime offers, against an {@link ArrayBlockingQueue} and JCTools' {@link MpscArrayQueue}, each carrying the same
 * events to the same handler on a consumer thread of its own. One operation is one event handed over and handled; the
 * benchmark thread publishes a batch and waits (spinning) until the handler has seen it, so the figure is the cost
 * per event of a burst, a queue's best case.
 *
 * <p>The JCTools consumer backs off as the Disruptor's sleeping strategy does (spin, yield, then park 100 ns): the
 * queue has no wait strategy of its own, and that is the closest like for like.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WorkQueueBenchmark {
    static final int BATCH = 256;
    private static final int CAPACITY = 1024;

    @Param({"disruptor-blocking", "disruptor-sleeping", "disruptor-yielding", "disruptor-busy-spin",
            "disruptor-park-spin", "array-blocking-queue", "jctools-mpsc"})
    public String queue;

    /** The handler's state: what it has seen, published for the waiting producer. */
    private final AtomicLong handled = new AtomicLong();
    private long handledSum;
    private long published;

    private Disruptor<Event> disruptor;
    private RingBuffer<Event> ring;
    private ArrayBlockingQueue<Event> blockingQueue;
    private MpscArrayQueue<Event> mpscQueue;
    private final Event[] events = new Event[CAPACITY];
    private Thread consumer;
    private volatile boolean running;

    /** A pre-allocated slot, reused: handing it over allocates nothing. */
    static final class Event {
        long value;
    }

    @Setup(Level.Trial)
    public void start() {
        for (int i = 0; i < CAPACITY; i++) {
            events[i] = new Event();
        }
        running = true;
        if (queue.startsWith("disruptor-")) {
            InboxWaitStrategy strategy = InboxWaitStrategy.named(queue.substring("disruptor-".length()));
            disruptor = new Disruptor<>(Event::new, CAPACITY, runnable -> daemon(runnable, "work-queue-consumer"),
                    ProducerType.MULTI, CoreRings.waitStrategy(strategy));
            disruptor.handleEventsWith((event, sequence, endOfBatch) -> handle(event));
            ring = disruptor.start();
        } else if (queue.equals("array-blocking-queue")) {
            blockingQueue = new ArrayBlockingQueue<>(CAPACITY);
            consumer = daemon(() -> {
                try {
                    while (running) {
                        handle(blockingQueue.take());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "work-queue-consumer");
            consumer.start();
        } else if (queue.equals("jctools-mpsc")) {
            mpscQueue = new MpscArrayQueue<>(CAPACITY);
            consumer = daemon(() -> mpscQueue.drain(this::handle, idleCount -> {
                if (idleCount < 100) {
                    Thread.onSpinWait();
                } else if (idleCount < 200) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(100);
                }
                return idleCount + 1;
            }, () -> running), "work-queue-consumer");
            consumer.start();
        } else {
            throw new IllegalArgumentException("unknown queue " + queue);
        }
    }

    private void handle(Event event) {
        handledSum += event.value;
        handled.lazySet(handled.get() + 1);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long handOffABatch() throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            long value = published++;
            if (ring != null) {
                long sequence = ring.next();
                ring.get(sequence).value = value;
                ring.publish(sequence);
            } else {
                Event event = events[(int) (value & (CAPACITY - 1))];
                event.value = value;
                if (blockingQueue != null) {
                    blockingQueue.put(event);
                } else {
                    while (!mpscQueue.offer(event)) {
                        Thread.onSpinWait();
                    }
                }
            }
        }
        while (handled.get() < published) {
            Thread.onSpinWait();
        }
        return published;
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        running = false;
        if (disruptor != null) {
            disruptor.halt();
        }
        if (consumer != null) {
            consumer.interrupt();
            consumer.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
