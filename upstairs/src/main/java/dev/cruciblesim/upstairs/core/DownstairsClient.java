package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.transport.MessageSink;

import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * What the upstairs keeps about one downstairs client: its state, what it told us in negotiation,
 * and where it is in the job stream. One object per client, so that states added later (offline,
 * replay, faults) keep their bookkeeping here instead of in arrays beside the core's.
 */
final class DownstairsClient {
    final int clientId;
    private final MessageSink<Message.ToDownstairs> sink;
    DsState state = DsState.NEW;
    /** The region this client reported, or null before {@code RegionInfo}. */
    RegionDefinition region;
    /**
     * The region {@code HereIAm} asks for: the configured one, or {@link HereIAm#ANY_REGION} until
     * {@code RegionInfo} names the one served, so that a reconnect finds the same region or is refused.
     */
    UUID regionUuid;
    /** Where this client's repair server listens, as its {@code YesItsMe} said: reconciliation's source address. */
    InetSocketAddress repairAddress = YesItsMe.NO_REPAIR_SERVER;
    /** This client's extent versions, or null before {@code ExtentVersions}. */
    ExtentVersions extentVersions;
    /** Jobs sent to this client that it has not answered. */
    int jobsInFlight;
    /** The oldest job not yet sent (or skipped) to this client. */
    long nextJobToSend;
    /** Set when an error reply fails the client (the policy says which do): every later job skips it. */
    boolean failed;
    /** The newest flush this client acknowledged without error: a replay resends every job after it. */
    long lastFlushAcked;
    /** Offline and negotiating again over a new connection, on the way to Replay. */
    boolean reconnecting;

    DownstairsClient(int clientId, MessageSink<Message.ToDownstairs> sink, long firstJobId, UUID regionUuid) {
        this.clientId = clientId;
        this.regionUuid = regionUuid;
        this.sink = sink;
        this.nextJobToSend = firstJobId;
    }

    void send(Message.ToDownstairs message) {
        sink.send(message);
    }

    /** @return whether jobs flow to this client: active, or failed (its later jobs are then skipped) */
    boolean takesJobs() {
        return state == DsState.ACTIVE || state == DsState.FAILED;
    }
}
