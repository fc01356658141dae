package dev.cruciblesim.bench.fault;

import dev.cruciblesim.downstairs.DownstairsFaults;

/** What a runtime lets a {@link FaultInjector} act on: each client's connection and its downstairs' switches. */
public interface FaultTarget {
    /** Breaks client {@code clientId}'s connection; the upstairs hears it lost. It stays down until reconnect. */
    void disconnect(int clientId, String reason);

    /** Lets client {@code clientId}'s connection come back; it negotiates again and is replayed. */
    void reconnect(int clientId);

    /**
     * SIGKILLs client {@code clientId}'s downstairs process; the upstairs finds the connection lost by itself.
     *
     * @throws UnsupportedOperationException where the downstairs are not processes of their own
     */
    void kill(int clientId);

    /** Starts client {@code clientId}'s downstairs process again on its region, killing it first if it runs. */
    void restart(int clientId);

    /** @return the switches of client {@code clientId}'s downstairs, or null when it runs where this run cannot reach */
    DownstairsFaults downstairsFaults(int clientId);
}
