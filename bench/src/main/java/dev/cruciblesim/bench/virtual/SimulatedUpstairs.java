package dev.cruciblesim.bench.virtual;

import dev.cruciblesim.sim.event.EventHandler;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.upstairs.core.UpstairsCore;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The upstairs core in virtual time. Every input (a reply, a guest IO, a timer) is applied in an
 * event of its own. With a processing model the upstairs is a single server: an input waits until
 * the previous one is done, then takes a drawn processing time before it is applied, so inputs
 * keep their arrival order.
 */
final class SimulatedUpstairs implements EventHandler {
    private static final int KIND_BITS = 2;
    private static final long KIND_REPLY = 0;
    private static final long KIND_CALL = 1;

    private final EventScheduler scheduler;
    private final LatencyModel processing;
    private final SplittableRandom random;
    private UpstairsCore core;
    private long busyUntilNs;

    /** @param processing the time the upstairs takes per input, or null for none */
    SimulatedUpstairs(EventScheduler scheduler, LatencyModel processing, SplittableRandom random) {
        this.scheduler = scheduler;
        this.processing = processing;
        this.random = random;
        // Times compare by difference (nanoTime style), so start from a real reading, not MIN_VALUE.
        this.busyUntilNs = scheduler.nanoTime();
    }

    void attach(UpstairsCore core) {
        this.core = core;
    }

    UpstairsCore core() {
        return core;
    }

    /** A reply from downstairs client {@code clientId}; called in the link's delivery event. */
    void deliverReply(int clientId, Message.ToUpstairs reply) {
        input(reply, (long) clientId << KIND_BITS | KIND_REPLY);
    }

    /**
     * A guest IO, a timer tick or a start-up step, applied to the core like any other input.
     * Called in an event of its own, never from inside a core callback.
     */
    void deliverCall(Consumer<UpstairsCore> call) {
        input(call, KIND_CALL);
    }

    private void input(Object payload, long arg) {
        if (processing == null) {
            apply(payload, arg);
            return;
        }
        long nowNs = scheduler.nanoTime();
        long startNs = busyUntilNs - nowNs > 0 ? busyUntilNs : nowNs;
        busyUntilNs = startNs + processing.sampleNs(random);
        scheduler.schedule(busyUntilNs, this, payload, arg);
    }

    @Override
    public void onEvent(Object payload, long arg) {
        apply(payload, arg);
    }

    @SuppressWarnings("unchecked")
    private void apply(Object payload, long arg) {
        if ((arg & ((1 << KIND_BITS) - 1)) == KIND_REPLY) {
            core.applyReply((int) (arg >>> KIND_BITS), (Message.ToUpstairs) payload);
        } else {
            ((Consumer<UpstairsCore>) payload).accept(core);
        }
    }
}
