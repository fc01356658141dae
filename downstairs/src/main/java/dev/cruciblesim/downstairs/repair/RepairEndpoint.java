package dev.cruciblesim.downstairs.repair;

import dev.cruciblesim.sim.protocol.YesItsMe;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * How one downstairs takes part in start-up reconciliation: the address of its own repair server, which its
 * {@code YesItsMe} tells the upstairs, and where it fetches the extents it is told to repair.
 *
 * @param address where this downstairs' repair server listens, or {@link YesItsMe#NO_REPAIR_SERVER} (port 0) when it
 *                runs none (its peers then reach it in this JVM)
 * @param source  how this downstairs fetches an extent from the source of a repair
 */
public record RepairEndpoint(InetSocketAddress address, RepairSource source) {
    /** No repair server and no way to fetch: a downstairs on its own, which reconciliation cannot repair. */
    public static final RepairEndpoint NONE = new RepairEndpoint(YesItsMe.NO_REPAIR_SERVER, RepairSource.NONE);

    public RepairEndpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(source, "source");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("repair address must be an IP address, got unresolved " + address);
        }
    }

    /** A downstairs in the same JVM as its peers: no repair server, copies read from the peer's region. */
    public static RepairEndpoint inJvm(RepairSource source) {
        return new RepairEndpoint(YesItsMe.NO_REPAIR_SERVER, source);
    }
}
