package dev.cruciblesim.bench.harness;

import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.VersionMismatch;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.transport.tcp.TcpDownstairsLink;
import dev.cruciblesim.sim.transport.tcp.TlsSettings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The downstairs servers a run is built on, and what they serve, asked before the run is built: the run's volume is
 * theirs, and each client asks its server for the region found there by UUID. A short connection each, as far as the
 * handshake's RegionInfo and no further (no promotion, so an upstairs active on a server is not disturbed).
 *
 * @param servers     one address per client
 * @param region      the region's geometry, the same on every server
 * @param regionUuids per client, the UUID of the region its server serves
 */
public record RemoteRegions(List<InetSocketAddress> servers, RegionDefinition region, List<UUID> regionUuids) {
    private static final long ANSWER_TIMEOUT_MS = 10_000;

    public RemoteRegions {
        servers = List.copyOf(servers);
        Objects.requireNonNull(region, "region");
        regionUuids = List.copyOf(regionUuids);
        if (regionUuids.size() != servers.size()) {
            throw new IllegalArgumentException(servers.size() + " servers but " + regionUuids.size()
                    + " region UUIDs");
        }
    }

    /**
     * @return what every server serves
     * @throws IOException naming the server, when one cannot be reached, answers with another protocol version or
     *                     not at all, or serves a region unlike the first's
     */
    public static RemoteRegions of(List<InetSocketAddress> servers) throws IOException {
        return of(servers, null);
    }

    /** As above, over TLS with {@code tls}'s stores when it is given (null: plain TCP). */
    public static RemoteRegions of(List<InetSocketAddress> servers, TlsSettings tls) throws IOException {
        List<RegionInfo> regions = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            regions.add(ask(server, tls));
        }
        RegionDefinition first = regions.get(0).region();
        for (int c = 1; c < regions.size(); c++) {
            if (!regions.get(c).region().equals(first)) {
                throw new IOException("the downstairs serve different regions: " + show(servers.get(0)) + " serves "
                        + first + ", " + show(servers.get(c)) + " serves " + regions.get(c).region());
            }
        }
        return new RemoteRegions(servers, first, regions.stream().map(RegionInfo::regionUuid).toList());
    }

    private static RegionInfo ask(InetSocketAddress server, TlsSettings tls) throws IOException {
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        try (TcpDownstairsLink link = TcpDownstairsLink.connect("downstairs at " + show(server), server, answers::add,
                answers::add, tls)) {
            link.send(new HereIAm(ProtocolVersion.CURRENT, 0, HereIAm.ANY_REGION));
            Object hello = answer(answers, server);
            if (hello instanceof VersionMismatch mismatch) {
                throw new IOException("the downstairs at " + show(server) + " speaks protocol version "
                        + mismatch.version() + "; this build speaks " + ProtocolVersion.CURRENT);
            }
            if (!(hello instanceof YesItsMe)) {
                throw unexpected(server, hello, "YesItsMe");
            }
            link.send(new RegionInfoPlease());
            Object info = answer(answers, server);
            if (!(info instanceof RegionInfo region)) {
                throw unexpected(server, info, "RegionInfo");
            }
            return region;
        }
    }

    /** @return the next message, or throws for a lost connection (the link hands its reason, a string) or silence */
    private static Object answer(BlockingQueue<Object> answers, InetSocketAddress server) throws IOException {
        Object answer;
        try {
            answer = answers.poll(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the downstairs at " + show(server) + " for its region", e);
        }
        if (answer == null) {
            throw new IOException("the downstairs at " + show(server) + " did not answer within " + ANSWER_TIMEOUT_MS
                    + " ms");
        }
        if (answer instanceof String lost) {
            throw new IOException(lost);
        }
        return answer;
    }

    private static IOException unexpected(InetSocketAddress server, Object answer, String expected) {
        String what = answer instanceof Message message ? message.toString() : String.valueOf(answer);
        return new IOException("the downstairs at " + show(server) + " answered " + what + " where " + expected
                + " was due");
    }

    /** @return the address as HOST:PORT, an IPv6 host in brackets */
    public static String show(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
