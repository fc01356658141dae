package dev.cruciblesim.upstairs.core;

/**
 * A downstairs as the upstairs sees it (revision O's {@code DsState}). {@link #displayName()} is the
 * capitalised spelling the seed's {@code upstairs_info.d} output shows ({@code "Active"}).
 */
public enum DsState {
    NEW("New"),
    BAD_VERSION("BadVersion"),
    WAIT_ACTIVE("WaitActive"),
    WAIT_QUORUM("WaitQuorum"),
    BAD_REGION("BadRegion"),
    DISCONNECTED("Disconnected"),
    VERIFYING("Verifying"),
    REPAIR("Repair"),
    FAILED_REPAIR("FailedRepair"),
    ACTIVE("Active"),
    FAILED("Failed"),
    MIGRATING("Migrating"),
    OFFLINE("Offline"),
    REPLAY("Replay"),
    DEACTIVATED("Deactivated"),
    DISABLED("Disabled");

    private final String displayName;

    DsState(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** @return whether a client in this state lost its connection and is on its way back (Offline, then Replay) */
    public boolean isComingBack() {
        return this == OFFLINE || this == REPLAY;
    }
}
