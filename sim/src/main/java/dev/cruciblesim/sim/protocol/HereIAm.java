package dev.cruciblesim.sim.protocol;

/** First message on a new connection: the upstairs names itself and its protocol version. */
public record HereIAm(int version, long upstairsId) implements Message.ToDownstairs {
}
