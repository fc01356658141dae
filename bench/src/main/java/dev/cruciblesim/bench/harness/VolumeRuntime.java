package dev.cruciblesim.bench.harness;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.repair.RepairSource;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsConfig;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How one runtime makes the parts of a volume that {@link VolumeAssembly} puts together: the
 * upstairs, each downstairs and each direction of each link. The assembly decides what is built
 * (configurations, regions, models, seed streams, instance ids) and in which order; a runtime
 * decides only how each part runs: on threads in real time ({@link ThreadedRuntime}), as events in
 * virtual time, and, later, a downstairs reached over TCP, which is a runtime whose
 * {@link #downstairs} connects to a server and whose links are the sockets.
 *
 * <p>The assembly calls, in this order: {@link #upstairs}; for each client c, {@link #replySink},
 * {@link #link} towards the upstairs, {@link #downstairs}, {@link #inbox} and {@link #link} towards
 * the downstairs; then {@link #connect} once.
 *
 * @param <U> the runtime's upstairs
 * @param <D> the runtime's downstairs
 */
public interface VolumeRuntime<U, D> {
    /** @return the clock every component and probe of this runtime reads */
    NanoClock clock();

    /** @return whether every probe fires on one thread (virtual time): recording then needs no atomics */
    boolean singleThreaded();

    /**
     * Makes the upstairs, not yet running.
     *
     * @param processing the upstairs' own time per input, or null for none
     * @param random     the stream processing times are drawn from
     */
    U upstairs(UpstairsConfig config, LatencyModel processing, SplittableRandom random, ProbeRegistry registry);

    /** @return where downstairs client {@code clientId}'s replies reach {@code upstairs} */
    MessageSink<Message.ToUpstairs> replySink(U upstairs, int clientId);

    /**
     * Makes one downstairs, not yet running.
     *
     * @param replies where it sends its replies: the link towards the upstairs
     * @param peers   reads the other downstairs' regions in this JVM, for start-up reconciliation; a runtime whose
     *                downstairs reach each other another way (a repair port over TCP) ignores it
     */
    D downstairs(DownstairsConfig config, Region region, ProbeRegistry registry, MessageSink<Message.ToUpstairs> replies,
            ServiceTimeModel serviceTime, RepairSource peers);

    /** @return where {@code downstairs} takes the upstairs' messages */
    MessageSink<Message.ToDownstairs> inbox(D downstairs);

    /**
     * One direction of one link.
     *
     * @param name  names the link in errors, e.g. "upstairs to downstairs 2"
     * @param delay the one-way delay, or null for none
     */
    <M extends Message> MessageSink<M> link(String name, LatencyModel delay, SplittableRandom random,
            MessageSink<M> destination);

    /** Gives the upstairs its three clients' links and sets every part going. */
    void connect(U upstairs, List<MessageSink<Message.ToDownstairs>> clients);
}
