package dev.cruciblesim.sim.event;

import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.time.SaturatingTime;

import java.util.Arrays;
import java.util.Objects;

/**
 * A discrete-event scheduler and the virtual clock it drives. Events run in order of due time;
 * events due at the same time run in the order they were scheduled (a sequence number breaks the
 * tie), so a run depends on nothing but what was scheduled: no wall clock, no threads, no hash
 * order. The clock jumps to each event's time as it runs and never goes back.
 *
 * <p>The queue is a 4-ary heap over parallel arrays (time, sequence, handler, payload, argument),
 * so scheduling allocates nothing once the arrays have grown to the run's peak; four children per
 * node halve the depth a removal sifts through, and removals are half of all heap work here.
 *
 * <p>Not thread-safe: the scheduler, and everything it runs, belongs to one thread.
 */
public final class EventScheduler implements NanoClock {
    private static final int INITIAL_CAPACITY = 1024;

    private long nowNs;
    private long nextSequence;
    private long eventsRun;
    private int size;
    private long[] dueNs = new long[INITIAL_CAPACITY];
    private long[] sequence = new long[INITIAL_CAPACITY];
    private EventHandler[] handlers = new EventHandler[INITIAL_CAPACITY];
    private Object[] payloads = new Object[INITIAL_CAPACITY];
    private long[] args = new long[INITIAL_CAPACITY];

    /**
     * @param startNs the clock's first reading; start above 0, since D scripts treat a timestamp
     *                of 0 as "unset"
     */
    public EventScheduler(long startNs) {
        this.nowNs = startNs;
    }

    @Override
    public long nanoTime() {
        return nowNs;
    }

    /** Schedules {@code handler} to run at {@code atNs}, which must not be in the past. */
    public void schedule(long atNs, EventHandler handler, Object payload, long arg) {
        Objects.requireNonNull(handler, "handler");
        if (atNs - nowNs < 0) {
            throw new IllegalArgumentException("cannot schedule an event at " + atNs + " ns, before now (" + nowNs
                    + " ns)");
        }
        if (size == dueNs.length) {
            grow();
        }
        int hole = size++;
        long seq = nextSequence++;
        // Sift up: move parents down until the new event's place is found.
        while (hole > 0) {
            int parent = (hole - 1) >>> 2;
            if (!before(atNs, seq, dueNs[parent], sequence[parent])) {
                break;
            }
            move(parent, hole);
            hole = parent;
        }
        set(hole, atNs, seq, handler, payload, arg);
    }

    /** Schedules {@code handler} after every event already due now. */
    public void scheduleNow(EventHandler handler, Object payload, long arg) {
        schedule(nowNs, handler, payload, arg);
    }

    /** Schedules {@code handler} to run {@code delayNs} from now. */
    public void scheduleAfter(long delayNs, EventHandler handler, Object payload, long arg) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative delay " + delayNs + " ns");
        }
        schedule(SaturatingTime.plus(nowNs, delayNs), handler, payload, arg);
    }

    /**
     * Runs the earliest event, moving the clock to its time.
     *
     * @return false when no event was waiting
     */
    public boolean runNext() {
        if (size == 0) {
            return false;
        }
        long due = dueNs[0];
        EventHandler handler = handlers[0];
        Object payload = payloads[0];
        long arg = args[0];
        removeFirst();
        nowNs = due;
        eventsRun++;
        handler.onEvent(payload, arg);
        return true;
    }

    /** @return the due time of the earliest event; meaningful only when {@link #pendingEvents()} > 0 */
    public long nextDueNs() {
        return dueNs[0];
    }

    public int pendingEvents() {
        return size;
    }

    /** @return events run so far */
    public long eventsRun() {
        return eventsRun;
    }

    private void removeFirst() {
        int last = --size;
        long lastDue = dueNs[last];
        long lastSeq = sequence[last];
        EventHandler lastHandler = handlers[last];
        Object lastPayload = payloads[last];
        long lastArg = args[last];
        handlers[last] = null;
        payloads[last] = null;
        if (last == 0) {
            return;
        }
        // Sift the former last event down from the root.
        int hole = 0;
        while (true) {
            int first = 4 * hole + 1;
            if (first >= last) {
                break;
            }
            int child = first;
            int end = Math.min(first + 4, last);
            for (int c = first + 1; c < end; c++) {
                if (before(dueNs[c], sequence[c], dueNs[child], sequence[child])) {
                    child = c;
                }
            }
            if (!before(dueNs[child], sequence[child], lastDue, lastSeq)) {
                break;
            }
            move(child, hole);
            hole = child;
        }
        set(hole, lastDue, lastSeq, lastHandler, lastPayload, lastArg);
    }

    private static boolean before(long dueA, long seqA, long dueB, long seqB) {
        long byTime = dueA - dueB;
        return byTime < 0 || (byTime == 0 && seqA < seqB);
    }

    private void move(int from, int to) {
        dueNs[to] = dueNs[from];
        sequence[to] = sequence[from];
        handlers[to] = handlers[from];
        payloads[to] = payloads[from];
        args[to] = args[from];
    }

    private void set(int index, long due, long seq, EventHandler handler, Object payload, long arg) {
        dueNs[index] = due;
        sequence[index] = seq;
        handlers[index] = handler;
        payloads[index] = payload;
        args[index] = arg;
    }

    private void grow() {
        int capacity = dueNs.length * 2;
        dueNs = Arrays.copyOf(dueNs, capacity);
        sequence = Arrays.copyOf(sequence, capacity);
        handlers = Arrays.copyOf(handlers, capacity);
        payloads = Arrays.copyOf(payloads, capacity);
        args = Arrays.copyOf(args, capacity);
    }

    @Override
    public String toString() {
        return "EventScheduler[now " + nowNs + " ns, " + size + " pending, " + eventsRun + " run]";
    }
}
