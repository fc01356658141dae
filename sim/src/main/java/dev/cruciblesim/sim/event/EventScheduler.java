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
 * <p>An event scheduled for the current instant (a message over a link with no delay, a guest
 * completion handed on outside the core's callback) goes to a FIFO ring instead, which costs an
 * array store rather than a heap sift, and in a run without link delays such events are most of
 * them. The order stays exactly (time, sequence): every heap event due now was scheduled before
 * the clock reached now, so before anything in the ring, and runs first; the ring then runs in
 * scheduling order, and the clock cannot move on while the ring holds anything, since every other
 * heap event is due later.
 *
 * <p>Not thread-safe: the scheduler, and everything it runs, belongs to one thread.
 */
public final class EventScheduler implements NanoClock {
    private static final int INITIAL_CAPACITY = 1024;

    private long nowNs;
    private long nextSequence;
    private long eventsRun;
    private long sameInstantEventsRun;
    private int size;
    private long[] dueNs = new long[INITIAL_CAPACITY];
    private long[] sequence = new long[INITIAL_CAPACITY];
    private EventHandler[] handlers = new EventHandler[INITIAL_CAPACITY];
    private Object[] payloads = new Object[INITIAL_CAPACITY];
    private long[] args = new long[INITIAL_CAPACITY];

    // The ring of events due now, in scheduling order: head is the next to run, count how many wait.
    // Its length is a power of two, so an index wraps with a mask.
    private EventHandler[] nowHandlers = new EventHandler[INITIAL_CAPACITY];
    private Object[] nowPayloads = new Object[INITIAL_CAPACITY];
    private long[] nowArgs = new long[INITIAL_CAPACITY];
    private int nowHead;
    private int nowCount;

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
        if (atNs == nowNs) {
            // Due now: after everything already due (the ring is in scheduling order), without a heap sift.
            if (nowCount == nowHandlers.length) {
                growRing();
            }
            int slot = (nowHead + nowCount++) & (nowHandlers.length - 1);
            nowHandlers[slot] = handler;
            nowPayloads[slot] = payload;
            nowArgs[slot] = arg;
            return;
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
        if (nowCount > 0 && (size == 0 || dueNs[0] != nowNs)) {
            // Nothing in the heap is due now, so nothing there was scheduled before the ring's head.
            int slot = nowHead;
            EventHandler handler = nowHandlers[slot];
            Object payload = nowPayloads[slot];
            long arg = nowArgs[slot];
            nowHandlers[slot] = null;
            nowPayloads[slot] = null;
            nowHead = (slot + 1) & (nowHandlers.length - 1);
            nowCount--;
            eventsRun++;
            sameInstantEventsRun++;
            handler.onEvent(payload, arg);
            return true;
        }
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
        return nowCount > 0 ? nowNs : dueNs[0];
    }

    public int pendingEvents() {
        return size + nowCount;
    }

    /** @return events run so far, of both kinds */
    public long eventsRun() {
        return eventsRun;
    }

    /**
     * @return events run so far that were scheduled for the instant they were scheduled at, so went
     *         through the ring, not the heap; {@code eventsRun() - sameInstantEventsRun()} are the ones
     *         that let time pass
     */
    public long sameInstantEventsRun() {
        return sameInstantEventsRun;
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

    private void growRing() {
        // Unroll the ring into the front of arrays twice as long, so head becomes 0.
        int capacity = nowHandlers.length * 2;
        EventHandler[] handlersGrown = new EventHandler[capacity];
        Object[] payloadsGrown = new Object[capacity];
        long[] argsGrown = new long[capacity];
        int first = nowHandlers.length - nowHead;
        System.arraycopy(nowHandlers, nowHead, handlersGrown, 0, first);
        System.arraycopy(nowHandlers, 0, handlersGrown, first, nowHead);
        System.arraycopy(nowPayloads, nowHead, payloadsGrown, 0, first);
        System.arraycopy(nowPayloads, 0, payloadsGrown, first, nowHead);
        System.arraycopy(nowArgs, nowHead, argsGrown, 0, first);
        System.arraycopy(nowArgs, 0, argsGrown, first, nowHead);
        nowHandlers = handlersGrown;
        nowPayloads = payloadsGrown;
        nowArgs = argsGrown;
        nowHead = 0;
    }

    @Override
    public String toString() {
        return "EventScheduler[now " + nowNs + " ns, " + pendingEvents() + " pending, " + eventsRun + " run]";
    }
}
