package dev.cruciblesim.downstairs.server;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.DownstairsCore;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.ExtentImage;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.repair.RepairEndpoint;
import dev.cruciblesim.downstairs.runtime.CoreRings;
import dev.cruciblesim.sim.protocol.ErrorReport;
import dev.cruciblesim.sim.protocol.ExtentClose;
import dev.cruciblesim.sim.protocol.ExtentError;
import dev.cruciblesim.sim.protocol.ExtentFlush;
import dev.cruciblesim.sim.protocol.ExtentReopen;
import dev.cruciblesim.sim.protocol.ExtentRepair;
import dev.cruciblesim.sim.protocol.ExtentVersionsPlease;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Imok;
import dev.cruciblesim.sim.protocol.LastFlush;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.Ruok;
import dev.cruciblesim.sim.protocol.UuidMismatch;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNoLongerActive;
import dev.cruciblesim.sim.protocol.wire.MessageEncoder;
import dev.cruciblesim.sim.protocol.wire.MessageLayout;
import dev.cruciblesim.sim.time.SystemNanoClock;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What runs the server's {@link DownstairsCore}, on whichever reader thread holds the server's core lock: the one
 * user of the core at a time and the one writer of every socket.
 *
 * <pre>
 *  (connection, message) ─▶ Ruok: Imok to the sender
 *                                   ─▶ not the core's: ErrorReport to the sender
 *                                   ─▶ PromoteToActive: kick the other active connection, then core.apply
 *                                   ─▶ job from a connection that is not active: ErrorReport to the sender
 *                                   ─▶ reconciliation step from one that is not active: ExtentError to the sender
 *                                   ─▶ core.apply ─▶ replies: JobReply to the active connection, others to the sender
 *  (connection, null)    ─▶ the connection's input ended: close it, with its one log line
 * </pre>
 *
 * <p>A job reply goes to the active connection rather than to whoever sent the job because, with a service time,
 * it may come out of a later {@link DownstairsCore#poll()}, when the message being handled is another connection's.
 * Jobs are accepted only from the active connection: the core knows one upstairs, not connections, and would
 * otherwise run a second peer's jobs as the active upstairs' own.
 *
 * <p>Messages from a connection that is already closed (kicked by a takeover, or its write failed) are dropped:
 * their replies could go nowhere, and a promote from a dead connection must not kick a live one.
 *
 * <p>Allocation per IO: what the core allocates, and nothing here while a reply fits its connection's buffer.
 */
final class CoreDispatcher {
    /**
     * A read reply's frame beyond its data: length prefix and tag, job id u64, result tag u8, data length u32
     * ({@link MessageLayout}'s table, tag 45). A read whose reply would not fit a frame is refused before the core
     * allocates its data, so no peer can make the server allocate more than a frame.
     */
    static final int READ_RESPONSE_OVERHEAD_BYTES = MessageLayout.MIN_FRAME_BYTES + Long.BYTES + 1 + Integer.BYTES;
    private static final Imok IMOK = new Imok();

    private final String name;
    private final DownstairsCore core;
    /** The core's region, read here only for the repair server, under the core lock like the core. */
    private final Region region;
    private final MessageEncoder encoder = new MessageEncoder();
    private final long maxReadBlocks;
    private final Consumer<Throwable> onFailure;

    /** Under the core lock only, like everything below. The connection whose message is being handled, or null. */
    private PeerConnection sender;
    /** The connection whose PromoteToActive was applied last; null before the first or once it has gone. */
    private PeerConnection active;
    /** The region a UuidMismatch the core just sent names, or null: the core decides, this only closes. */
    private UUID refusedRegion;
    /** Connections with replies queued since the last flush: rarely more than the one being read. */
    private final List<PeerConnection> queued = new ArrayList<>(4);
    /** Sends what is queued before a job's service time is waited out, so no reply waits for a later job. */
    private final Runnable flushBeforeWaiting = this::flushQueued;
    private boolean failed;

    /** @param onFailure called, under the core lock, with whatever the core or a write threw; the core then stops */
    CoreDispatcher(DownstairsConfig config, Region region, ProbeRegistry probes, ServiceTimeModel serviceTime,
            Consumer<Throwable> onFailure, RepairEndpoint repair) {
        this.name = "downstairs " + config.instanceId();
        this.region = region;
        this.core = new DownstairsCore(config, region, SystemNanoClock.INSTANCE, probes, this::route, serviceTime,
                repair);
        this.maxReadBlocks = (MessageLayout.MAX_FRAME_BYTES - READ_RESPONSE_OVERHEAD_BYTES)
                / region.definition().blockSizeBytes();
        this.onFailure = onFailure;
    }

    /**
     * Handles one message read from {@code from}, or the end of its input (null), and runs the core until it is
     * idle. Replies are queued on their connections and written when no message follows at once
     * ({@code moreFollow} false), so that a burst of requests is answered with one write per connection rather than
     * one per reply. The caller holds the server's core lock. After a failure, everything is dropped.
     */
    void dispatch(PeerConnection from, Message message, boolean moreFollow) {
        if (failed) {
            return;
        }
        try {
            if (message == null) {
                inputEnded(from);
            } else if (!from.isClosed()) {
                handle(from, message);
                CoreRings.runUntilIdle(core, flushBeforeWaiting);
            }
            if (!moreFollow) {
                flushQueued();
            }
        } catch (Throwable t) {
            // Caught here so that later messages are dropped, not run on a core in an unknown state.
            failed = true;
            onFailure.accept(t);
        }
    }

    private void handle(PeerConnection from, Message message) {
        sender = from;
        try {
            if (message instanceof Ruok) {
                send(from, IMOK);
            } else if (!(message instanceof Message.ToDownstairs request)) {
                send(from, ErrorReport.ofConnection(name + ": " + simpleName(message)
                        + " is a downstairs' message; an upstairs cannot send it"));
            } else if (!isForTheCore(request)) {
                send(from, ErrorReport.ofConnection(name + ": " + simpleName(message)
                        + " is not supported by this downstairs"));
            } else if (request instanceof Message.JobRequest job) {
                accept(from, job);
            } else if (request instanceof LastFlush && from != active) {
                // It makes the core forget the active upstairs' work since its flush: only that upstairs may.
                send(from, ErrorReport.ofConnection(name + ": LastFlush refused: this connection is not the active "
                        + "upstairs (PromoteToActive first)"));
            } else if (from != active && isReconciliation(request)) {
                // It changes the region under the active upstairs: only that upstairs may, as with LastFlush.
                send(from, refusedStep(request));
            } else {
                if (request instanceof PromoteToActive promote) {
                    takeOver(from, promote);
                }
                refusedRegion = null;
                core.apply(request);
                if (refusedRegion != null && request instanceof HereIAm hello) {
                    // The core answered UuidMismatch: a peer after another region has nothing to do here, and
                    // closing it keeps it from promoting itself over the region it did not ask for.
                    closeAfterFlush(from, "refused: it asked for region " + hello.regionUuid()
                            + ", this downstairs serves " + refusedRegion);
                }
            }
        } finally {
            sender = null;
        }
    }

    /**
     * What {@link DownstairsCore#apply} answers; anything else would make it throw. Kept here rather than in the
     * core so the core stays the protocol's, not the server's: add a type here when the core learns it.
     */
    private static boolean isForTheCore(Message.ToDownstairs request) {
        return request instanceof Message.JobRequest || request instanceof HereIAm
                || request instanceof PromoteToActive || request instanceof RegionInfoPlease
                || request instanceof ExtentVersionsPlease || request instanceof LastFlush
                || isReconciliation(request);
    }

    private static boolean isReconciliation(Message.ToDownstairs request) {
        return request instanceof ExtentFlush || request instanceof ExtentClose || request instanceof ExtentRepair
                || request instanceof ExtentReopen;
    }

    private ExtentError refusedStep(Message.ToDownstairs step) {
        long repairId;
        long extentId;
        if (step instanceof ExtentFlush flush) {
            repairId = flush.repairId();
            extentId = flush.extentId();
        } else if (step instanceof ExtentClose close) {
            repairId = close.repairId();
            extentId = close.extentId();
        } else if (step instanceof ExtentRepair repair) {
            repairId = repair.repairId();
            extentId = repair.extentId();
        } else {
            ExtentReopen reopen = (ExtentReopen) step;
            repairId = reopen.repairId();
            extentId = reopen.extentId();
        }
        return new ExtentError(repairId, extentId, name + ": " + simpleName(step) + " refused: this connection is "
                + "not the active upstairs (PromoteToActive first)");
    }

    /** Under the core lock: a closed extent's image for the repair server (see {@link Region#readExtentImage}). */
    ExtentImage extentForRepair(int extent) {
        if (failed) {
            throw new IllegalStateException(name + " has failed");
        }
        return region.readExtentImage(extent);
    }

    private void accept(PeerConnection from, Message.JobRequest job) {
        if (from != active) {
            send(from, ErrorReport.ofJob(job.jobId(), name + ": " + job.op().probeName() + " job " + job.jobId()
                    + " refused: this connection is not the active upstairs (PromoteToActive first)"));
        } else if (job instanceof ReadRequest read && read.blockCount() > maxReadBlocks) {
            send(from, ErrorReport.ofJob(read.jobId(), name + ": read job " + read.jobId() + " refused: "
                    + read.blockCount() + " blocks would not fit one frame; at most " + maxReadBlocks));
        } else {
            core.apply(job);
        }
    }

    /**
     * One active upstairs at a time (O, {@code DL@O:612-830}): the connection active so far hears who took over
     * and is closed before the core promotes the new one, so it can never see a reply meant for its successor.
     */
    private void takeOver(PeerConnection from, PromoteToActive promote) {
        PeerConnection previous = active;
        if (previous != null && previous != from && !previous.isClosed()) {
            send(previous, new YouAreNoLongerActive(promote.upstairsId()));
            closeAfterFlush(previous, "superseded: upstairs " + promote.upstairsId() + " promoted on " + from.peer());
        }
        active = from;
    }

    private void inputEnded(PeerConnection from) {
        if (from == active) {
            active = null; // the core stays active for that upstairs: the same one may come back and promote again
        }
        String reason = from.inputEndReason();
        closeAfterFlush(from, reason != null ? reason : "input ended");
    }

    /** Writes what is queued for {@code connection}, so it hears the last word, then closes it. */
    private static void closeAfterFlush(PeerConnection connection, String reason) {
        connection.flushFrames();
        connection.close(reason);
    }

    private void flushQueued() {
        for (int i = 0; i < queued.size(); i++) {
            queued.get(i).flushFrames();
        }
        queued.clear();
    }

    /** The core's reply sink, on this thread. */
    private void route(Message.ToUpstairs reply) {
        if (reply instanceof UuidMismatch mismatch) {
            refusedRegion = mismatch.regionUuid();
        }
        PeerConnection target = reply instanceof Message.JobReply ? active : sender;
        if (target != null && !target.isClosed()) {
            send(target, reply instanceof YesItsMe yes ? reachableRepairAddress(yes, target) : reply);
        }
        // Otherwise its upstairs has gone; as over a dropped link, the reply is lost.
    }

    /**
     * A repair server bound to every interface (0.0.0.0 or ::) cannot tell a peer where to reach it by that address;
     * the address this upstairs reached the IO port at is one that works for the upstairs' network, so it is named
     * instead, with the repair port.
     */
    private static YesItsMe reachableRepairAddress(YesItsMe yes, PeerConnection target) {
        InetSocketAddress repair = yes.repairAddress();
        if (!repair.getAddress().isAnyLocalAddress() || target.localAddress() == null) {
            return yes;
        }
        return new YesItsMe(yes.version(), new InetSocketAddress(target.localAddress(), repair.getPort()));
    }

    private void send(PeerConnection target, Message.ToUpstairs message) {
        ByteBuffer encoded;
        try {
            encoded = encoder.encode(message, target.writeBuffer());
        } catch (IllegalArgumentException e) {
            // The reply cannot travel (the frame limit, say): tell the upstairs rather than leave it waiting.
            String text = name + ": cannot send " + simpleName(message) + ": " + e.getMessage();
            ErrorReport instead = message instanceof Message.JobMessage job ? ErrorReport.ofJob(job.jobId(), text)
                    : ErrorReport.ofConnection(text);
            encoded = encoder.encode(instead, target.writeBuffer());
        }
        target.queueFrame(encoded);
        if (!queued.contains(target)) {
            queued.add(target);
        }
    }

    private static String simpleName(Message message) {
        return message.getClass().getSimpleName();
    }
}
