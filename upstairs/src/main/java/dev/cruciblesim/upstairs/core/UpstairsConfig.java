package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.upstairs.policy.RevisionOPolicy;
import dev.cruciblesim.upstairs.policy.UpstairsPolicy;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Everything that configures one upstairs, validated once.
 *
 * @param instanceId             the upstairs' probe instance id (DTrace's pid role)
 * @param upstairsId             the id the upstairs announces to the downstairs
 * @param generation             the activation generation; 0 means one above the highest found on disk
 * @param maxInFlightPerClient   revision O sends at most this many jobs to a client before it answers (100)
 * @param flushTimeoutNs         the quiet period after which an automatic flush is issued if IO arrived (O: 5 s)
 * @param statusIntervalNs       how often {@code up-status} fires once active
 * @param policy                 the revision's rules: dependencies, ack quorum, flow control, failed clients
 * @param regionUuids            per client, the region its {@code HereIAm} asks for; {@link HereIAm#ANY_REGION}
 *                               takes whichever the downstairs serves (and is remembered for a reconnect)
 */
public record UpstairsConfig(long instanceId, long upstairsId, long generation, int maxInFlightPerClient,
        long flushTimeoutNs, long statusIntervalNs, UpstairsPolicy policy, List<UUID> regionUuids) {
    /** Every client takes whichever region its downstairs serves. */
    public static final List<UUID> ANY_REGIONS = Collections.nCopies(UpstairsCore.CLIENT_COUNT, HereIAm.ANY_REGION);

    public static final int O_MAX_IN_FLIGHT_PER_CLIENT = 100;
    public static final long O_FLUSH_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    public static final long DEFAULT_STATUS_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    public UpstairsConfig {
        Objects.requireNonNull(policy, "policy");
        regionUuids = List.copyOf(Objects.requireNonNull(regionUuids, "regionUuids"));
        if (regionUuids.size() != UpstairsCore.CLIENT_COUNT) {
            throw new IllegalArgumentException("one region UUID per client (" + UpstairsCore.CLIENT_COUNT
                    + ") is needed, got " + regionUuids.size());
        }
        if (generation < 0) {
            throw new IllegalArgumentException("generation must not be negative, got " + generation);
        }
        if (maxInFlightPerClient < 1) {
            throw new IllegalArgumentException("max in-flight jobs per client must be at least 1, got "
                    + maxInFlightPerClient);
        }
        if (flushTimeoutNs <= 0) {
            throw new IllegalArgumentException("flush timeout must be positive, got " + flushTimeoutNs + " ns");
        }
        if (statusIntervalNs <= 0) {
            throw new IllegalArgumentException("status interval must be positive, got " + statusIntervalNs + " ns");
        }
    }

    /** @return revision O's defaults for the given instance id */
    public static UpstairsConfig revisionO(long instanceId) {
        return new UpstairsConfig(instanceId, instanceId, 0, O_MAX_IN_FLIGHT_PER_CLIENT, O_FLUSH_TIMEOUT_NS,
                DEFAULT_STATUS_INTERVAL_NS, RevisionOPolicy.INSTANCE, ANY_REGIONS);
    }

    /** @param id the id to announce in {@code HereIAm} and {@code PromoteToActive} */
    public UpstairsConfig withUpstairsId(long id) {
        return new UpstairsConfig(instanceId, id, generation, maxInFlightPerClient, flushTimeoutNs, statusIntervalNs,
                policy, regionUuids);
    }

    public UpstairsConfig withStatusIntervalNs(long intervalNs) {
        return new UpstairsConfig(instanceId, upstairsId, generation, maxInFlightPerClient, flushTimeoutNs, intervalNs,
                policy, regionUuids);
    }

    public UpstairsConfig withFlushTimeoutNs(long timeoutNs) {
        return new UpstairsConfig(instanceId, upstairsId, generation, maxInFlightPerClient, timeoutNs, statusIntervalNs,
                policy, regionUuids);
    }

    public UpstairsConfig withMaxInFlightPerClient(int max) {
        return new UpstairsConfig(instanceId, upstairsId, generation, max, flushTimeoutNs, statusIntervalNs, policy,
                regionUuids);
    }

    public UpstairsConfig withPolicy(UpstairsPolicy rules) {
        return new UpstairsConfig(instanceId, upstairsId, generation, maxInFlightPerClient, flushTimeoutNs,
                statusIntervalNs, rules, regionUuids);
    }

    /** @param uuids per client, the region to ask for ({@link HereIAm#ANY_REGION}: whichever it serves) */
    public UpstairsConfig withRegionUuids(List<UUID> uuids) {
        return new UpstairsConfig(instanceId, upstairsId, generation, maxInFlightPerClient, flushTimeoutNs,
                statusIntervalNs, policy, uuids);
    }
}
