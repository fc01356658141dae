package dev.cruciblesim.sim.protocol;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reconciliation, step of repair {@code repairId}: the downstairs of each client in {@code destClientIds} copies
 * extent {@code extentId} from the downstairs of {@code sourceClientId}, whose repair server listens at
 * {@code sourceRepairAddress}. The address must be resolved (an IP address, no host name to look up). The array is
 * copied on the way in and out, so a message can be shared safely.
 */
public record ExtentRepair(long repairId, long extentId, int sourceClientId, InetSocketAddress sourceRepairAddress,
        int[] destClientIds) implements Message.ToDownstairs {
    public ExtentRepair {
        Objects.requireNonNull(sourceRepairAddress, "sourceRepairAddress");
        if (sourceRepairAddress.isUnresolved()) {
            throw new IllegalArgumentException("repair address must be an IP address, got unresolved "
                    + sourceRepairAddress);
        }
        destClientIds = destClientIds.clone();
    }

    @Override
    public int[] destClientIds() {
        return destClientIds.clone();
    }

    /** @return how many clients are repaired from the source */
    public int destClientCount() {
        return destClientIds.length;
    }

    /** @return the {@code index}-th destination client, without copying the array */
    public int destClientId(int index) {
        return destClientIds[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtentRepair other && repairId == other.repairId && extentId == other.extentId
                && sourceClientId == other.sourceClientId && sourceRepairAddress.equals(other.sourceRepairAddress)
                && Arrays.equals(destClientIds, other.destClientIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(repairId, extentId, sourceClientId, sourceRepairAddress, Arrays.hashCode(destClientIds));
    }

    @Override
    public String toString() {
        return "ExtentRepair[repairId=" + repairId + ", extentId=" + extentId + ", sourceClientId=" + sourceClientId
                + ", sourceRepairAddress=" + sourceRepairAddress + ", destClientIds=" + Arrays.toString(destClientIds)
                + "]";
    }
}
