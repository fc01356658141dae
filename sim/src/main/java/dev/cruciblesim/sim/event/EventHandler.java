package dev.cruciblesim.sim.event;

/**
 * What runs when a scheduled event comes due. The payload and argument are carried by the
 * scheduler, so a long-lived handler (a link, a downstairs, a timer) serves every event it
 * schedules without a lambda or an event object per event.
 */
@FunctionalInterface
public interface EventHandler {
    /**
     * @param payload what was scheduled with the event (a message, a callback), or null
     * @param arg     a number scheduled with the event (a client id, a tag), or 0
     */
    void onEvent(Object payload, long arg);
}
