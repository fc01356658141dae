package dev.cruciblesim.sim.protocol;

/** The protocol version this build speaks; both ends refuse any other. */
public final class ProtocolVersion {
    /** Version 1: revision-O negotiation and IO messages. */
    public static final int CURRENT = 1;

    private ProtocolVersion() {
    }
}
