package dev.cruciblesim.upstairs.runtime;

import dev.cruciblesim.sim.event.EventHandler;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.time.SaturatingTime;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.core.UpstairsCore;
import dev.cruciblesim.upstairs.core.UpstairsInput;
import dev.cruciblesim.upstairs.core.UpstairsListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The upstairs core in virtual time, the counterpart of {@link UpstairsRuntime}. Every input (a
 * reply, a guest IO, a timer) is applied in an event of its own, never from inside a core
 * callback. With a processing model the upstairs is a single server: an input waits until the
 * previous one is done, then takes a drawn processing time before it is applied, so inputs keep
 * their arrival order.
 *
 * <p>Allocation per input: none. A reply travels as the message itself with its client in the
 * event's argument, and is applied through one reused {@link UpstairsInput.Reply} holder.
 */
public final class SimulatedUpstairs implements EventHandler {
    /** The event argument of an input that is not a reply; a reply's argument is its client id. */
    private static final long NOT_A_REPLY = -1;
    /** The event argument of several inputs applied in one processing time. */
    private static final long TOGETHER = -2;

    private final UpstairsConfig config;
    private final EventScheduler scheduler;
    private final ProbeRegistry registry;
    private final LatencyModel processing;
    private final SplittableRandom random;
    private final ReplyHolder reply = new ReplyHolder();
    private final List<MessageSink<Message.ToUpstairs>> replySinks;
    private UpstairsCore core;
    private long busyUntilNs;
    private long lastReplyNs;

    /**
     * @param processing the time the upstairs takes per input, or null for none
     * @param random     the stream processing times are drawn from
     */
    public SimulatedUpstairs(UpstairsConfig config, EventScheduler scheduler, ProbeRegistry registry,
            LatencyModel processing, SplittableRandom random) {
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.processing = processing;
        this.random = random;
        // Times compare by difference (nanoTime style), so start from a real reading, not MIN_VALUE.
        this.busyUntilNs = scheduler.nanoTime();
        this.lastReplyNs = scheduler.nanoTime();
        List<MessageSink<Message.ToUpstairs>> sinks = new ArrayList<>();
        for (int c = 0; c < UpstairsCore.CLIENT_COUNT; c++) {
            long clientId = c;
            sinks.add(message -> {
                lastReplyNs = scheduler.nanoTime();
                input(message, clientId);
            });
        }
        this.replySinks = List.copyOf(sinks);
    }

    /** @return where downstairs client {@code clientId}'s replies must be delivered, in their link's event */
    public MessageSink<Message.ToUpstairs> replySink(int clientId) {
        return replySinks.get(clientId);
    }

    /**
     * Creates the core on the three clients' links; the core's messages go out only inside events.
     *
     * @param listener hears activation and failure, inside the event that caused them
     */
    public UpstairsCore start(List<? extends MessageSink<Message.ToDownstairs>> clients, UpstairsListener listener) {
        if (core != null) {
            throw new IllegalStateException("upstairs " + config.instanceId() + " already started");
        }
        core = new UpstairsCore(config, scheduler, registry, clients, listener);
        return core;
    }

    /** @return the core, or null before {@link #start} */
    public UpstairsCore core() {
        return core;
    }

    /**
     * Applies {@code input} to the core like any other input, after the processing time if there is a
     * model. Call it in an event of its own, never from inside a core callback.
     */
    public void deliver(UpstairsInput input) {
        input(Objects.requireNonNull(input, "input"), NOT_A_REPLY);
    }

    /**
     * Applies {@code inputs} one after another in one event, taking one processing time for all: how
     * a run's start-up (connect, then activate) has always been simulated, so that a scenario's draws
     * of processing time, and so its reports, stay as they were.
     */
    public void deliverTogether(UpstairsInput... inputs) {
        for (UpstairsInput input : inputs) {
            Objects.requireNonNull(input, "input");
        }
        input(inputs.clone(), TOGETHER);
    }

    /** @return when the last reply from any downstairs reached the upstairs (before its processing) */
    public long lastReplyNs() {
        return lastReplyNs;
    }

    private void input(Object payload, long arg) {
        if (processing == null) {
            apply(payload, arg);
            return;
        }
        long nowNs = scheduler.nanoTime();
        long startNs = busyUntilNs - nowNs > 0 ? busyUntilNs : nowNs;
        busyUntilNs = SaturatingTime.plus(startNs, processing.sampleNs(random));
        scheduler.schedule(busyUntilNs, this, payload, arg);
    }

    @Override
    public void onEvent(Object payload, long arg) {
        apply(payload, arg);
    }

    private void apply(Object payload, long arg) {
        if (arg == NOT_A_REPLY) {
            core.apply((UpstairsInput) payload);
            return;
        }
        if (arg == TOGETHER) {
            for (UpstairsInput input : (UpstairsInput[]) payload) {
                core.apply(input);
            }
            return;
        }
        reply.set((int) arg, (Message.ToUpstairs) payload);
        try {
            core.apply(reply);
        } finally {
            reply.clear();
        }
    }
}
