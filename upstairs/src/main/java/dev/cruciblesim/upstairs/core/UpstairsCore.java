package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.BlockStamp;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ErrorReport;
import dev.cruciblesim.sim.protocol.ExtentError;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.ExtentVersionsPlease;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.LastFlush;
import dev.cruciblesim.sim.protocol.LastFlushAck;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.RepairAckId;
import dev.cruciblesim.sim.protocol.UuidMismatch;
import dev.cruciblesim.sim.protocol.VersionMismatch;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNoLongerActive;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.policy.UpstairsPolicy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * The upstairs as a single-threaded state machine, following the rules of the
 * {@link UpstairsPolicy} in its configuration (revision O by default).
 *
 * <p>Everything happens in {@link #apply(UpstairsInput)} on one thread: no locks, no blocking, no
 * sleeping, and time only from the {@link NanoClock} it was given. The runtime decides which
 * thread that is and when timers tick; tests call {@code apply} directly with a manual clock.
 * What each input means is decided here and only here.
 *
 * <p>Life of a guest IO: it gets a guest id ({@code gw-X-start}), becomes a job with the next job
 * id (from 1000) that depends on every unretired earlier job ({@code up-to-ds-X-start}), and is
 * sent to each client the policy's flow control lets take it ({@code ds-X-io-start}). Replies
 * ({@code ds-X-io-done}) count towards the policy's ack quorum; at the quorum
 * ({@code up-to-ds-X-done}) the guest is acked ({@code gw-X-done}). A flush that has finished on
 * all three clients retires every job up to it.
 *
 * <p>Start-up (O, §6.1): each client negotiates to WaitQuorum; when all three are there their extent versions are
 * collated. If they agree and none is dirty, all go Active. Otherwise all go Repair and the {@link Reconciliation}
 * list runs, one step at a time, each acknowledged by every client it was sent to; then all go Active. An
 * {@code ExtentError} or a client lost on the way ends the activation (FailedRepair) with a message naming the step.
 */
public final class UpstairsCore {
    public static final int CLIENT_COUNT = 3;
    public static final long FIRST_GUEST_ID = 1;
    public static final long FIRST_JOB_ID = 1000;
    /** Reconciliation steps are numbered from here, one id per step. */
    public static final long FIRST_REPAIR_ID = 1;

    private final UpstairsConfig config;
    private final NanoClock clock;
    private final UpstairsListener listener;
    private final UpstairsPolicy policy;
    private final UpstairsProbes probes;
    private final DownstairsClient[] clients = new DownstairsClient[CLIENT_COUNT];

    private final JobTable jobs = new JobTable(FIRST_JOB_ID, 1024);
    private long nextGuestId = FIRST_GUEST_ID;
    private int guestIosOutstanding;
    private boolean activationRequested;
    private RegionDefinition region;
    private long nextFlushNumber;
    private long generation;
    private boolean ioSinceLastFlush;
    private String fatalError;
    /** Start-up reconciliation in progress, or null. */
    private Reconciliation reconciliation;
    private int reconciledExtents;
    private long unexpectedReplies;
    private long lostConnections;
    private long replayedJobs;
    /** Every job below this id is terminal on all three clients and acked. */
    private long settledCursor = FIRST_JOB_ID;
    private long newestSettledFlush = FIRST_JOB_ID - 1;

    /**
     * @param clients where each downstairs client's messages go, called only inside {@link #apply}
     */
    /** Where retired writes' pooled payloads go; {@link PayloadRecycler#NONE} unless a runtime pools them. */
    private PayloadRecycler recycler = PayloadRecycler.NONE;

    public UpstairsCore(UpstairsConfig config, NanoClock clock, ProbeRegistry registry,
            List<? extends MessageSink<Message.ToDownstairs>> clients, UpstairsListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.policy = config.policy();
        if (clients.size() != CLIENT_COUNT) {
            throw new IllegalArgumentException("an upstairs needs exactly " + CLIENT_COUNT + " downstairs clients, got "
                    + clients.size());
        }
        for (int c = 0; c < CLIENT_COUNT; c++) {
            this.clients[c] = new DownstairsClient(c, Objects.requireNonNull(clients.get(c), "client " + c),
                    FIRST_JOB_ID, config.regionUuids().get(c));
        }
        this.probes = new UpstairsProbes(registry, config.instanceId(), clock);
    }

    // ------------------------------------------------------------------ the one way in

    /**
     * Applies one input. Guest IO and replies come first in the tests below because they are nearly
     * every input; the order of the rest does not matter.
     */
    public void apply(UpstairsInput input) {
        if (input instanceof UpstairsInput.Reply reply) {
            onReply(reply.clientId(), Objects.requireNonNull(reply.message(), "reply message"));
        } else if (input instanceof UpstairsInput.GuestRequest io) {
            switch (io.op()) {
                case READ -> {
                    if (io.stamped()) {
                        stampedRead(io.blockOffset(), io.blockCount(), io.stampBuffer(), io.callback());
                    } else {
                        read(io.blockOffset(), io.buffer(), io.callback());
                    }
                }
                case WRITE -> {
                    if (io.stamped()) {
                        stampedWrite(io.blockOffset(), io.blockCount(), io.stampToken(), io.callback());
                    } else {
                        write(io.blockOffset(), io.buffer(), io.callback(), io.pooledBuffer());
                    }
                }
                case FLUSH -> flush(io.callback());
                default -> throw new IllegalStateException("unknown guest operation " + io.op());
            }
        } else if (input instanceof UpstairsInput.FlushCheck) {
            flushCheck();
        } else if (input instanceof UpstairsInput.StatusTick) {
            statusTick();
        } else if (input instanceof UpstairsInput.ClientLost lost) {
            onClientLost(client(lost.clientId()), lost.reason());
        } else if (input instanceof UpstairsInput.ClientReconnected reconnected) {
            onClientReconnected(client(reconnected.clientId()));
        } else if (input instanceof UpstairsInput.Connect) {
            connect();
        } else if (input instanceof UpstairsInput.Activate) {
            activate();
        } else if (input instanceof UpstairsInput.Fatal fatal) {
            fail(fatal.message());
        } else {
            throw new IllegalArgumentException("unknown upstairs input " + Objects.requireNonNull(input, "input"));
        }
    }

    // ------------------------------------------------------------------ start-up and negotiation

    private void connect() {
        for (DownstairsClient client : clients) {
            client.state = DsState.NEW;
            client.send(new HereIAm(ProtocolVersion.CURRENT, config.upstairsId(), client.regionUuid));
        }
    }

    private void activate() {
        activationRequested = true;
        for (DownstairsClient client : clients) {
            if (client.state == DsState.WAIT_ACTIVE) {
                client.send(new PromoteToActive(config.upstairsId()));
            }
        }
    }

    private DownstairsClient client(int clientId) {
        if (clientId < 0 || clientId >= CLIENT_COUNT) {
            throw new IllegalArgumentException("no downstairs client " + clientId);
        }
        return clients[clientId];
    }

    private void onReply(int clientId, Message.ToUpstairs message) {
        DownstairsClient client = client(clientId);
        if (message instanceof Message.JobReply reply) {
            onJobReply(client, reply);
        } else if (message instanceof YouAreNoLongerActive takenOver) {
            // Another upstairs promoted itself on this downstairs, which cleared our work there (DL@O:612-830).
            // Until clients can be replaced and replayed (later), that ends this upstairs, saying so.
            client.state = DsState.DISABLED;
            fail("downstairs client " + clientId + " is no longer ours: upstairs " + takenOver.newUpstairsId()
                    + " took it over (YouAreNoLongerActive)");
        } else if (message instanceof UuidMismatch mismatch) {
            // The downstairs at this client's address serves another region than the one asked for: never use it.
            client.state = DsState.DISABLED;
            fail("downstairs client " + clientId + " serves region " + mismatch.regionUuid() + ", not region "
                    + client.regionUuid + " (UuidMismatch)");
        } else if (client.reconnecting) {
            renegotiate(client, message);
        } else if (message instanceof RepairAckId ack) {
            onRepairAck(client, ack);
        } else if (message instanceof ExtentError error) {
            onExtentError(client, error);
        } else if (message instanceof ErrorReport report && reconciliation != null) {
            // A downstairs that refused a step without naming it (one that cannot reconcile, say): waiting would hang.
            failRepair("start-up reconciliation failed at " + reconciliation.describeStep() + ": downstairs client "
                    + clientId + " refused: " + report.message());
        } else if (region != null) {
            // Negotiation is over: a late or repeated negotiation message must not knock an active
            // client back into an earlier state, so it is counted and dropped like a stray reply.
            unexpectedReplies++;
        } else if (message instanceof YesItsMe yes) {
            onYesItsMe(client, yes);
        } else if (message instanceof VersionMismatch mismatch) {
            client.state = DsState.BAD_VERSION;
            fail("downstairs client " + clientId + " speaks protocol version " + mismatch.version() + ", we speak "
                    + ProtocolVersion.CURRENT);
        } else if (message instanceof YouAreNowActive nowActive) {
            onYouAreNowActive(client, nowActive);
        } else if (message instanceof RegionInfo info) {
            onRegionInfo(client, info);
        } else if (message instanceof ExtentVersions versions) {
            onExtentVersions(client, versions);
        } else {
            throw new IllegalStateException("unhandled message " + message);
        }
    }

    /** Promoted: on to RegionInfo, unless the downstairs promoted another upstairs than this one. */
    private void onYouAreNowActive(DownstairsClient client, YouAreNowActive nowActive) {
        if (nowActive.upstairsId() != config.upstairsId()) {
            client.state = DsState.DISABLED;
            fail("downstairs client " + client.clientId + " activated upstairs " + nowActive.upstairsId()
                    + ", not us (" + config.upstairsId() + ")");
            return;
        }
        client.send(new RegionInfoPlease());
    }

    private void onYesItsMe(DownstairsClient client, YesItsMe yes) {
        if (yes.version() != ProtocolVersion.CURRENT) {
            client.state = DsState.BAD_VERSION;
            fail("downstairs client " + client.clientId + " answered with protocol version " + yes.version());
            return;
        }
        client.state = DsState.WAIT_ACTIVE;
        client.repairAddress = yes.repairAddress();
        if (activationRequested) {
            client.send(new PromoteToActive(config.upstairsId()));
        }
    }

    private void onRegionInfo(DownstairsClient client, RegionInfo info) {
        RegionDefinition def = info.region();
        if (!HereIAm.ANY_REGION.equals(client.regionUuid) && !client.regionUuid.equals(info.regionUuid())) {
            // The downstairs checks this at HereIAm; checked again so a downstairs that did not is not believed.
            client.state = DsState.BAD_REGION;
            fail("downstairs client " + client.clientId + " reported region " + info.regionUuid() + ", not region "
                    + client.regionUuid + " that it was asked for");
            return;
        }
        for (DownstairsClient other : clients) {
            if (other.region != null && !other.region.equals(def)) {
                client.state = DsState.BAD_REGION;
                fail("downstairs client " + client.clientId + " has region " + def + " but client " + other.clientId
                        + " has " + other.region);
                return;
            }
        }
        client.region = def;
        client.regionUuid = info.regionUuid();
        client.send(new ExtentVersionsPlease());
    }

    private void onExtentVersions(DownstairsClient client, ExtentVersions versions) {
        client.extentVersions = versions;
        client.state = DsState.WAIT_QUORUM;
        for (DownstairsClient other : clients) {
            if (other.state != DsState.WAIT_QUORUM) {
                return;
            }
        }
        collate();
    }

    /** All three are in WaitQuorum: compare their extents; go active if they agree, else reconcile first. */
    private void collate() {
        ExtentVersions[] versions = new ExtentVersions[CLIENT_COUNT];
        InetSocketAddress[] repairAddresses = new InetSocketAddress[CLIENT_COUNT];
        for (int c = 0; c < CLIENT_COUNT; c++) {
            versions[c] = clients[c].extentVersions;
            repairAddresses[c] = clients[c].repairAddress;
            if (versions[c].extentCount() != versions[0].extentCount()) {
                // RegionInfo agreed on the geometry; a downstairs whose versions do not match it is not believed.
                clients[c].state = DsState.BAD_REGION;
                fail("downstairs client " + c + " reported " + versions[c].extentCount() + " extent versions, client 0 "
                        + versions[0].extentCount());
                return;
            }
        }
        Reconciliation plan = new Reconciliation(versions, repairAddresses, FIRST_REPAIR_ID);
        if (plan.badExtentCount() == 0) {
            goActive();
            return;
        }
        reconciliation = plan;
        for (DownstairsClient client : clients) {
            client.state = DsState.REPAIR;
        }
        fireStatus("repair");
        sendNextRepairStep();
    }

    /** Sends the next step of the repair list to the clients it addresses, or goes Active after the last. */
    private void sendNextRepairStep() {
        if (!reconciliation.advance()) {
            reconciledExtents = reconciliation.badExtentCount();
            reconciliation = null;
            goActive();
            return;
        }
        Message.ToDownstairs step = reconciliation.message();
        for (DownstairsClient client : clients) {
            if (reconciliation.awaits(client.clientId)) {
                client.send(step);
            }
        }
    }

    private void onRepairAck(DownstairsClient client, RepairAckId ack) {
        if (reconciliation == null || fatalError != null || ack.repairId() != reconciliation.repairId()
                || !reconciliation.awaits(client.clientId)) {
            unexpectedReplies++; // late, repeated, or for a step this client was not sent
            return;
        }
        if (reconciliation.acknowledged(client.clientId)) {
            sendNextRepairStep();
        }
    }

    private void onExtentError(DownstairsClient client, ExtentError error) {
        if (reconciliation == null || fatalError != null || error.repairId() != reconciliation.repairId()
                || !reconciliation.awaits(client.clientId)) {
            unexpectedReplies++;
            return;
        }
        failRepair("start-up reconciliation failed at " + reconciliation.describeStep() + ": downstairs client "
                + client.clientId + " answered: " + error.error());
    }

    /** O's FailedRepair: every client still in Repair gives up, and so does the activation. */
    private void failRepair(String message) {
        for (DownstairsClient client : clients) {
            if (client.state == DsState.REPAIR) {
                client.state = DsState.FAILED_REPAIR;
            }
        }
        reconciliation = null;
        fireStatus("failed_repair");
        fail(message);
    }

    /**
     * Every client agrees now: the next flush number is one more than the highest on any extent of any client, and
     * the generation is the configured one or, if that is 0, one more than the highest found (O, §5.4).
     */
    private void goActive() {
        long maxFlush = 0;
        long maxGeneration = 0;
        for (DownstairsClient client : clients) {
            ExtentVersions versions = client.extentVersions;
            for (int e = 0; e < versions.extentCount(); e++) {
                maxFlush = Math.max(maxFlush, versions.flushNumber(e));
                maxGeneration = Math.max(maxGeneration, versions.generation(e));
            }
        }
        nextFlushNumber = maxFlush + 1;
        generation = config.generation() == 0 ? maxGeneration + 1 : config.generation();
        region = clients[0].region;
        for (DownstairsClient client : clients) {
            client.state = DsState.ACTIVE;
        }
        fireStatus("start");
        listener.onActive(region);
    }

    // ------------------------------------------------------------------ a client that goes away and comes back

    /**
     * O's {@code ds_missing} for an active upstairs: an Active, Replay or Offline client goes Offline. Its jobs in
     * flight go back to New (held, not sent, until it is back); the other two carry the IO meanwhile. A client lost
     * before the upstairs is active, or one that no longer takes jobs, ends the upstairs as before: there is
     * nothing to replay into.
     */
    private void onClientLost(DownstairsClient client, String reason) {
        if (fatalError != null) {
            return;
        }
        if (reconciliation != null) {
            // Nothing to replay into yet, and the step in flight would wait for this client for ever (O, §6.1).
            client.state = DsState.DISCONNECTED;
            failRepair("start-up reconciliation aborted at " + reconciliation.describeStep() + ": downstairs client "
                    + client.clientId + " was lost: " + reason);
            return;
        }
        boolean replayable = client.state == DsState.ACTIVE || client.state == DsState.REPLAY
                || client.state == DsState.OFFLINE;
        if (region == null || !(replayable || client.failed)) {
            fail(reason);
            return;
        }
        // Its jobs in flight will never be answered on that connection. A failed client's are skipped, as all its
        // jobs are, so they settle (the volume goes on with the other two, as O's ds_missing leaves it); any other
        // client's are held for the replay, which sets where sending starts again.
        int c = client.clientId;
        for (long id = jobs.firstJobId(); id < jobs.nextJobId(); id++) {
            Job job = jobs.get(id);
            if (job.clientState[c] != Job.IN_PROGRESS) {
                continue;
            }
            if (client.failed) {
                job.clientState[c] = Job.SKIPPED;
                job.terminalCount++;
                checkAck(job);
            } else {
                job.clientState[c] = Job.NEW;
            }
        }
        client.jobsInFlight = 0;
        lostConnections++;
        if (client.failed) {
            retireSettledFlushes();
            return;
        }
        client.state = DsState.OFFLINE;
        client.reconnecting = false;
        fireStatus("offline");
    }

    /**
     * An Offline client has a new connection: it negotiates again, as far as LastFlush, then replays. A second
     * reconnect while negotiating means a newer connection replaced the one negotiating: it starts again on it.
     */
    private void onClientReconnected(DownstairsClient client) {
        if (fatalError != null || client.state != DsState.OFFLINE) {
            return;
        }
        client.reconnecting = true;
        client.send(new HereIAm(ProtocolVersion.CURRENT, config.upstairsId(), client.regionUuid));
    }

    /**
     * O's handshake for an Offline client (§7.4): YesItsMe, then a promotion at once (the upstairs is active),
     * RegionInfo (which must name the region it served before), then LastFlush with the newest flush it acknowledged;
     * LastFlushAck starts the replay.
     */
    private void renegotiate(DownstairsClient client, Message.ToUpstairs message) {
        int c = client.clientId;
        if (message instanceof YesItsMe yes) {
            if (yes.version() != ProtocolVersion.CURRENT) {
                client.state = DsState.BAD_VERSION;
                fail("downstairs client " + c + " came back with protocol version " + yes.version());
                return;
            }
            client.repairAddress = yes.repairAddress();
            client.send(new PromoteToActive(config.upstairsId()));
        } else if (message instanceof VersionMismatch mismatch) {
            client.state = DsState.BAD_VERSION;
            fail("downstairs client " + c + " came back speaking protocol version " + mismatch.version()
                    + ", we speak " + ProtocolVersion.CURRENT);
        } else if (message instanceof YouAreNowActive nowActive) {
            onYouAreNowActive(client, nowActive);
        } else if (message instanceof RegionInfo info) {
            if (!info.region().equals(region) || !info.regionUuid().equals(client.regionUuid)) {
                client.state = DsState.BAD_REGION;
                fail("downstairs client " + c + " came back with region " + info.regionUuid() + " (" + info.region()
                        + "), not region " + client.regionUuid + " (" + region + ")");
                return;
            }
            client.send(new LastFlush(client.lastFlushAcked));
        } else if (message instanceof LastFlushAck ack) {
            if (ack.lastFlushJobId() != client.lastFlushAcked) {
                client.state = DsState.DISABLED;
                fail("downstairs client " + c + " acknowledged last flush " + ack.lastFlushJobId() + ", not "
                        + client.lastFlushAcked + " that it was told");
                return;
            }
            replay(client);
        } else if (message instanceof ErrorReport report) {
            // Refused on the way back (LastFlush from a connection the downstairs does not take as active, say):
            // waiting would leave the client Offline for good without a word, so say it.
            client.state = DsState.DISABLED;
            fail("downstairs client " + c + " refused to come back: " + report.message());
        } else {
            unexpectedReplies++;
        }
    }

    /**
     * Replay, then Active (O goes Active on entering its IO loop): every job after the client's last acknowledged
     * flush goes back to New on it, whatever it had reached, and is sent again in order. A job already acked to
     * the guest stays acked; the replay only brings this client's copy up to date.
     */
    private void replay(DownstairsClient client) {
        int c = client.clientId;
        client.reconnecting = false;
        client.state = DsState.REPLAY;
        fireStatus("replay");
        long first = Math.max(jobs.firstJobId(), client.lastFlushAcked + 1);
        for (long id = first; id < jobs.nextJobId(); id++) {
            Job job = jobs.get(id);
            byte state = job.clientState[c];
            if (state == Job.DONE) {
                job.okCount--;
                job.terminalCount--;
            } else if (state == Job.ERROR) {
                // Only a read's error leaves a client usable; its copy is asked again like the rest.
                job.errorCount--;
                job.terminalCount--;
            } else if (state == Job.SKIPPED) {
                continue; // a failed client's skip stands (a failed client is not replayed; kept for safety)
            }
            job.clientState[c] = Job.NEW;
            job.replayed = true;
            replayedJobs++;
        }
        client.nextJobToSend = first;
        // Jobs the cursor had passed are not settled any more: retirement must wait for their new copies.
        settledCursor = Math.min(settledCursor, first);
        client.state = DsState.ACTIVE;
        pump(client);
        retireSettledFlushes();
        fireStatus("active");
    }

    // ------------------------------------------------------------------ guest IO

    /** The data is copied into {@code buffer} before {@code callback} runs. */
    private void read(long blockOffset, byte[] buffer, GuestCallback callback) {
        if (rejected(IoOp.READ, blockOffset, buffer.length, callback)) {
            return;
        }
        Job job = newGuestJob(IoOp.READ, blockOffset, buffer.length / region.blockSizeBytes(), callback);
        job.guestBuffer = buffer;
        job.request = new ReadRequest(job.jobId, dependencies(job), blockOffset, job.blockCount);
        dispatch(job);
    }

    /** The array is sent as is and must not change. */
    private void write(long blockOffset, byte[] data, GuestCallback callback, boolean pooled) {
        if (rejected(IoOp.WRITE, blockOffset, data.length, callback)) {
            return;
        }
        Job job = newGuestJob(IoOp.WRITE, blockOffset, data.length / region.blockSizeBytes(), callback);
        // A pooled payload is only worth marking where someone takes it back.
        job.pooledPayload = pooled && recycler != PayloadRecycler.NONE;
        if (!job.pooledPayload) {
            job.request = new WriteRequest(job.jobId, dependencies(job), blockOffset, data);
        } else {
            // The slot's spare request if it has one, else a new one; either way filled by the one refill.
            WriteRequest write = job.spareWrite != null ? job.spareWrite
                    : WriteRequest.withReusedPayload(job.jobId, DependencyRange.NONE, blockOffset, data);
            job.spareWrite = null;
            long firstUnretiredJobId = jobs.firstJobId();
            job.request = write.refill(job.jobId,
                    policy.firstDependencyOf(job.jobId, IoOp.WRITE, blockOffset, job.blockCount, firstUnretiredJobId),
                    policy.lastDependencyOf(job.jobId, IoOp.WRITE, blockOffset, job.blockCount, firstUnretiredJobId),
                    blockOffset, data);
        }
        dispatch(job);
    }

    /** The stamps are copied into {@code buffer} before {@code callback} runs. */
    private void stampedRead(long blockOffset, int blockCount, long[] buffer, GuestCallback callback) {
        if (rejected(IoOp.READ, blockOffset, stampedLengthBytes(blockCount), callback)) {
            return;
        }
        if (buffer == null || buffer.length < blockCount) {
            callback.onComplete("read of " + blockCount + " block(s) at block " + blockOffset + " rejected: its stamp "
                    + "buffer holds " + (buffer == null ? 0 : buffer.length));
            return;
        }
        Job job = newGuestJob(IoOp.READ, blockOffset, blockCount, callback);
        job.stamped = true;
        job.guestStamps = buffer;
        job.request = new ReadRequest(job.jobId, dependencies(job), blockOffset, job.blockCount);
        dispatch(job);
    }

    /** A write of {@code blockCount} blocks carrying {@code token} rather than bytes: no array travels. */
    private void stampedWrite(long blockOffset, int blockCount, long token, GuestCallback callback) {
        if (rejected(IoOp.WRITE, blockOffset, stampedLengthBytes(blockCount), callback)) {
            return;
        }
        Job job = newGuestJob(IoOp.WRITE, blockOffset, blockCount, callback);
        job.stamped = true;
        job.request = WriteRequest.stamped(job.jobId, dependencies(job), blockOffset, blockCount, token);
        dispatch(job);
    }

    /** @return the bytes a stamped IO stands for, for the checks every IO passes; 0 (empty) for no blocks */
    private long stampedLengthBytes(int blockCount) {
        // Before activation the check refuses the IO whatever its length.
        return (long) Math.max(blockCount, 0) * (region == null ? 1 : region.blockSizeBytes());
    }

    /** {@code callback} may be null for the automatic flush. */
    private void flush(GuestCallback callback) {
        if (fatalError != null || region == null) {
            if (callback != null) {
                callback.onComplete(fatalError != null ? "flush rejected: " + fatalError
                        : "flush rejected: the upstairs is not active");
            }
            return;
        }
        String tooFew = tooFewActive(IoOp.FLUSH);
        if (tooFew != null) {
            if (callback != null) {
                callback.onComplete(tooFew);
            }
            return;
        }
        Job job = newGuestJob(IoOp.FLUSH, 0, 0, callback);
        job.request = new FlushRequest(job.jobId, dependencies(job), nextFlushNumber++, generation);
        ioSinceLastFlush = false;
        dispatch(job);
    }

    private void flushCheck() {
        if (ioSinceLastFlush && region != null && fatalError == null) {
            flush(null);
        }
    }

    /** O fires the "loop" status from its IO loop, which runs only once the upstairs is active. */
    private void statusTick() {
        if (isActive()) {
            fireStatus("loop");
        }
    }

    private boolean rejected(IoOp op, long blockOffset, long lengthBytes, GuestCallback callback) {
        String error = fatalError != null ? op.probeName() + " rejected: " + fatalError
                : GuestIoValidator.check(op, blockOffset, lengthBytes, region);
        if (error == null) {
            error = tooFewActive(op);
        }
        if (error != null) {
            callback.onComplete(error);
            return true;
        }
        return false;
    }

    /**
     * @return why {@code op} cannot be served now, or null: it needs as many Active clients as it needs replies
     *         (a write or flush two, a read one), and an Offline client answers nothing until it is back
     */
    private String tooFewActive(IoOp op) {
        int needed = policy.okRepliesToAck(op);
        int active = 0;
        for (DownstairsClient client : clients) {
            if (client.state == DsState.ACTIVE && !client.failed) {
                active++;
            }
        }
        return active >= needed ? null : op.probeName() + " rejected: " + active + " of " + CLIENT_COUNT
                + " downstairs active (" + statesText() + "); a " + op.probeName() + " needs " + needed;
    }

    private String statesText() {
        StringBuilder text = new StringBuilder();
        for (DownstairsClient client : clients) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(client.state.displayName());
        }
        return text.toString();
    }

    private Job newGuestJob(IoOp op, long blockOffset, int blockCount, GuestCallback callback) {
        long guestId = nextGuestId++;
        probes.gwStart[op.ordinal()].fire(guestId);
        Job job = jobs.add();
        job.guestId = guestId;
        job.op = op;
        job.blockOffset = blockOffset;
        job.blockCount = blockCount;
        job.callback = callback;
        guestIosOutstanding++;
        if (op != IoOp.FLUSH) {
            ioSinceLastFlush = true;
        }
        return job;
    }

    private DependencyRange dependencies(Job job) {
        return policy.dependenciesOf(job.jobId, job.op, job.blockOffset, job.blockCount, jobs.firstJobId());
    }

    private void dispatch(Job job) {
        probes.upToDsStart[job.op.ordinal()].fire(job.guestId);
        for (DownstairsClient client : clients) {
            pump(client);
        }
        retireSettledFlushes();
    }

    /** Sends {@code client} its New jobs, oldest first, while flow control lets it take more. */
    private void pump(DownstairsClient client) {
        if (!client.takesJobs()) {
            return;
        }
        int c = client.clientId;
        while (client.nextJobToSend < jobs.nextJobId()) {
            Job job = jobs.get(client.nextJobToSend);
            if (job.clientState[c] != Job.NEW) {
                // Already settled on this client (a replay starts behind jobs it still has): never send twice.
                client.nextJobToSend++;
                continue;
            }
            if (client.failed) {
                client.nextJobToSend++;
                job.clientState[c] = Job.SKIPPED;
                job.terminalCount++;
                checkAck(job);
                continue;
            }
            if (client.jobsInFlight >= config.maxInFlightPerClient()
                    || !policy.maySend(client.jobsInFlight, config.maxInFlightPerClient())) {
                return;
            }
            client.nextJobToSend++;
            job.clientState[c] = Job.IN_PROGRESS;
            client.jobsInFlight++;
            probes.dsIoStart[job.op.ordinal()].fire(job.jobId, c);
            client.send(job.request);
        }
    }

    // ------------------------------------------------------------------ replies, quorum, ack, retirement

    private void onJobReply(DownstairsClient client, Message.JobReply reply) {
        int c = client.clientId;
        // Read once, through the concrete classes: an interface call here would dispatch over three of them.
        IoOp replyOp;
        long jobId;
        String error;
        if (reply instanceof WriteAck ack) {
            replyOp = IoOp.WRITE;
            jobId = ack.jobId();
            error = ack.error();
        } else if (reply instanceof ReadResponse response) {
            replyOp = IoOp.READ;
            jobId = response.jobId();
            error = response.error();
        } else {
            FlushAck ack = (FlushAck) reply;
            replyOp = IoOp.FLUSH;
            jobId = ack.jobId();
            error = ack.error();
        }
        probes.dsIoDone[replyOp.ordinal()].fire(jobId, c);
        if (fatalError != null) {
            return;
        }
        Job job = jobs.get(jobId);
        if (job == null || job.op != replyOp || job.clientState[c] != Job.IN_PROGRESS) {
            // A reply for a job this client does not have in flight: a protocol violation by the
            // downstairs. It must not corrupt the accounting, so it is counted and dropped.
            unexpectedReplies++;
            return;
        }
        client.jobsInFlight--;
        if (error == null) {
            job.clientState[c] = Job.DONE;
            job.okCount++;
            if (job.op == IoOp.FLUSH && jobId > client.lastFlushAcked) {
                client.lastFlushAcked = jobId;
            }
            if (job.op == IoOp.READ && !acceptRead(job, c, (ReadResponse) reply)) {
                return;
            }
        } else {
            job.clientState[c] = Job.ERROR;
            job.errorCount++;
            if (policy.errorFailsClient(job.op) && !client.failed) {
                client.failed = true;
                client.state = DsState.FAILED;
            }
        }
        job.terminalCount++;
        checkAck(job);
        if (job.allTerminal()) {
            // Every reply is in: nothing is left to compare, so the data need not live until retirement.
            job.readData = null;
            job.readStamps = null;
        }
        pump(client);
        retireSettledFlushes();
    }

    private boolean acceptRead(Job job, int c, ReadResponse reply) {
        if (job.replayed && (job.stamped ? job.readStamps : job.readData) != null) {
            // O compares no replayed read: its data may be newer than what the guest was given. The first reply
            // of all, replayed or not, is still what the guest gets.
            return true;
        }
        return job.stamped ? acceptReadStamps(job, c, reply.stamps()) : acceptReadData(job, c, reply.data());
    }

    /** @return false when the stamps differ from an earlier client's: the upstairs is then failed */
    private boolean acceptReadStamps(Job job, int c, long[] stamps) {
        if (stamps == null || stamps.length != job.blockCount) {
            fail("downstairs client " + c + " answered read job " + job.jobId + " with "
                    + (stamps == null ? "no stamps" : stamps.length + " stamps") + ", expected " + job.blockCount);
            return false;
        }
        if (job.readStamps == null) {
            job.readStamps = stamps;
            job.readDataClient = c;
            return true;
        }
        int mismatch = java.util.Arrays.mismatch(job.readStamps, stamps);
        if (mismatch >= 0) {
            fail("read mismatch: job " + job.jobId + " (guest id " + job.guestId + ") block "
                    + (job.blockOffset + mismatch) + ": client " + job.readDataClient + " returned "
                    + BlockStamp.describe(job.readStamps[mismatch]) + " but client " + c + " returned "
                    + BlockStamp.describe(stamps[mismatch]));
            return false;
        }
        return true;
    }

    /** @return false when the data differs from an earlier client's: the upstairs is then failed */
    private boolean acceptReadData(Job job, int c, byte[] data) {
        if (data == null || data.length != job.blockCount * region.blockSizeBytes()) {
            fail("downstairs client " + c + " answered read job " + job.jobId + " with "
                    + (data == null ? "no data" : data.length + " bytes") + ", expected "
                    + job.blockCount * region.blockSizeBytes());
            return false;
        }
        if (job.readData == null) {
            job.readData = data;
            job.readDataClient = c;
            return true;
        }
        int mismatch = java.util.Arrays.mismatch(job.readData, data);
        if (mismatch >= 0) {
            long block = job.blockOffset + mismatch / region.blockSizeBytes();
            fail("read mismatch: job " + job.jobId + " (guest id " + job.guestId + ") block " + block + ": client "
                    + job.readDataClient + " returned " + ContentSummary.of(job.readData, mismatch, region)
                    + " but client " + c + " returned " + ContentSummary.of(data, mismatch, region));
            return false;
        }
        return true;
    }

    private void checkAck(Job job) {
        if (job.ackStatus != Job.NOT_ACKED) {
            return;
        }
        if (job.okCount >= policy.okRepliesToAck(job.op)) {
            job.ackStatus = Job.ACK_READY;
            probes.upToDsDone[job.op.ordinal()].fire(job.guestId);
        } else if (job.allTerminal()) {
            // A job that can no longer reach its quorum is acked (with the policy's result) once every
            // client has finished with it, as O does; no up-to-ds-done fires for it.
            job.ackStatus = Job.ACK_READY;
        } else {
            return;
        }
        ack(job);
    }

    private void ack(Job job) {
        String error = policy.resultOf(job.op, job.okCount, job.errorCount);
        if (error == null && job.op == IoOp.READ) {
            if (job.stamped) {
                System.arraycopy(job.readStamps, 0, job.guestStamps, 0, job.blockCount);
            } else {
                System.arraycopy(job.readData, 0, job.guestBuffer, 0, job.guestBuffer.length);
            }
        }
        job.ackStatus = Job.ACKED;
        guestIosOutstanding--;
        GuestCallback callback = job.callback;
        job.callback = null;
        job.guestBuffer = null;
        job.guestStamps = null;
        // Fired at the hand-over to the guest, as O fires it once the guest's waiter is notified: what
        // the guest then does in its callback is the guest's time, not the upstairs'.
        probes.gwDone[job.op.ordinal()].fire(job.guestId);
        if (callback != null) {
            callback.onComplete(error);
        }
    }

    /**
     * Retires through the newest flush whose every earlier job (and itself) is terminal on all three
     * clients and acked. Jobs settle in id order, so a cursor that only moves forward finds them in
     * amortised O(1) per job, whichever event settled the last one: a reply to the flush, a late
     * reply to an earlier job, or a skip of a failed client.
     */
    private void retireSettledFlushes() {
        while (settledCursor < jobs.nextJobId()) {
            Job job = jobs.get(settledCursor);
            if (!job.allTerminal() || job.ackStatus != Job.ACKED) {
                break;
            }
            if (job.op == IoOp.FLUSH) {
                newestSettledFlush = job.jobId;
            }
            settledCursor++;
        }
        if (newestSettledFlush >= jobs.firstJobId()) {
            jobs.retireThrough(newestSettledFlush, recycler);
        }
    }

    /**
     * Takes back pooled write payloads as their jobs retire (see {@link PayloadRecycler}); set before the first
     * input. Without one, a write marked {@link UpstairsInput.GuestRequest#pooledBuffer pooled} is an ordinary write.
     */
    public void setPayloadRecycler(PayloadRecycler payloadRecycler) {
        this.recycler = Objects.requireNonNull(payloadRecycler, "payloadRecycler");
    }

    // ------------------------------------------------------------------ failure and status

    /** @return true when {@code callback} belongs to a guest IO not yet completed (a scan: failure paths only) */
    public boolean isOutstanding(GuestCallback callback) {
        for (long id = jobs.firstJobId(); id < jobs.nextJobId(); id++) {
            Job job = jobs.get(id);
            if (job.ackStatus != Job.ACKED && job.callback == callback) {
                return true;
            }
        }
        return false;
    }

    private void fail(String message) {
        if (fatalError != null) {
            return;
        }
        fatalError = message;
        for (long id = jobs.firstJobId(); id < jobs.nextJobId(); id++) {
            Job job = jobs.get(id);
            if (job.ackStatus != Job.ACKED) {
                job.ackStatus = Job.ACKED;
                guestIosOutstanding--;
                GuestCallback callback = job.callback;
                job.callback = null;
                if (callback != null) {
                    callback.onComplete(message);
                }
                // The guest was told (with an error), so its start/done pair closes as for any ack.
                probes.gwDone[job.op.ordinal()].fire(job.guestId);
            }
        }
        listener.onFatal(message);
    }

    private void fireStatus(String reason) {
        if (probes.upStatus.isEnabled()) {
            probes.upStatus.fire(reason, statusJson());
        }
    }

    /** @return the {@code up-status} argument, {@code {"ok":{"up_count":N,"ds_count":N,"ds_state":[...]}}} */
    public String statusJson() {
        StringBuilder json = new StringBuilder(96);
        json.append("{\"ok\":{\"up_count\":").append(guestIosOutstanding).append(",\"ds_count\":").append(jobs.size())
                .append(",\"ds_state\":[");
        for (int c = 0; c < CLIENT_COUNT; c++) {
            if (c > 0) {
                json.append(',');
            }
            json.append('"').append(clients[c].state.displayName()).append('"');
        }
        return json.append("]}}").toString();
    }

    // ------------------------------------------------------------------ queries (core thread only)

    public DsState dsState(int clientId) {
        return clients[clientId].state;
    }

    public boolean isActive() {
        return region != null && fatalError == null;
    }

    /** @return the region all three downstairs agreed on, or null before activation */
    public RegionDefinition region() {
        return region;
    }

    /** @return why the upstairs stopped, or null while it runs */
    public String fatalError() {
        return fatalError;
    }

    /** @return guest IOs submitted and not yet completed (O's {@code up_count}) */
    public int guestIosOutstanding() {
        return guestIosOutstanding;
    }

    /** @return jobs not yet retired (O's {@code ds_count}) */
    public int jobsOutstanding() {
        return jobs.size();
    }

    /** @return the oldest unretired job id */
    public long firstUnretiredJobId() {
        return jobs.firstJobId();
    }

    public long nextJobId() {
        return jobs.nextJobId();
    }

    public int inFlight(int clientId) {
        return clients[clientId].jobsInFlight;
    }

    public long nextFlushNumber() {
        return nextFlushNumber;
    }

    public long generation() {
        return generation;
    }

    /** @return replies dropped as unexpected: a job the client did not have in flight, or negotiation after activation */
    public long unexpectedReplies() {
        return unexpectedReplies;
    }

    /** @return extents start-up reconciliation repaired (0 when the three agreed, or while it runs) */
    public int reconciledExtents() {
        return reconciledExtents;
    }

    /** @return whether start-up reconciliation is under way */
    public boolean isReconciling() {
        return reconciliation != null;
    }

    /** @return how many times a client went Offline */
    public long lostConnections() {
        return lostConnections;
    }

    /** @return job copies sent again to reconnected clients */
    public long replayedJobs() {
        return replayedJobs;
    }

    /** @return e.g. "Done" or "Sent": the state of job {@code jobId} on a client, or null if retired */
    public String jobState(long jobId, int clientId) {
        Job job = jobs.get(jobId);
        return job == null ? null : Job.stateName(job.clientState[clientId]);
    }

    public UpstairsConfig config() {
        return config;
    }

    /** @return the rules this upstairs follows */
    public UpstairsPolicy policy() {
        return policy;
    }

    /** @return the upstairs' clock; the runtime reads it for its timers */
    public NanoClock clock() {
        return clock;
    }
}
