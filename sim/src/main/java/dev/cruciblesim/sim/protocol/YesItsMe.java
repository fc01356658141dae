package dev.cruciblesim.sim.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The downstairs accepts the connection at this protocol version, and says where its repair server listens, as H's
 * {@code YesItsMe{version, repair_addr}} does (§7.3): the upstairs names that address in {@link ExtentRepair} when
 * this downstairs is the source of an extent another one copies at start-up reconciliation.
 *
 * <p>The address must be resolved (an IP address, as {@link ExtentRepair} requires). Port 0,
 * {@link #NO_REPAIR_SERVER}, means the downstairs runs no repair server: one in the same JVM as its peers, whose
 * copies are read from the source region directly rather than over a socket.
 */
public record YesItsMe(int version, InetSocketAddress repairAddress) implements Message.ToUpstairs {
    /** Loopback, port 0: no repair server; the downstairs is reached in its JVM by client id. */
    public static final InetSocketAddress NO_REPAIR_SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    public YesItsMe {
        Objects.requireNonNull(repairAddress, "repairAddress");
        if (repairAddress.isUnresolved()) {
            throw new IllegalArgumentException("repair address must be an IP address, got unresolved "
                    + repairAddress);
        }
    }

    /** A downstairs without a repair server ({@link #NO_REPAIR_SERVER}): fakes, and downstairs in one JVM. */
    public YesItsMe(int version) {
        this(version, NO_REPAIR_SERVER);
    }

    /** @return whether this downstairs runs a repair server that a peer can reach over TCP */
    public boolean hasRepairServer() {
        return repairAddress.getPort() != 0;
    }
}
