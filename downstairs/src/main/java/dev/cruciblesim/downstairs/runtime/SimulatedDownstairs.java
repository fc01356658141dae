package dev.cruciblesim.downstairs.runtime;

import dev.cruciblesim.downstairs.DownstairsCore;
import dev.cruciblesim.sim.event.EventHandler;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.protocol.Message;

/**
 * A downstairs core on a simulated disk: messages are applied as they arrive; a job with a service
 * time keeps the core busy, and the scheduler wakes it when the time is up. At most one wake-up is
 * pending at a time, since the core runs one job at a time.
 */
public final class SimulatedDownstairs implements EventHandler {
    private final DownstairsCore core;
    private final EventScheduler scheduler;
    private boolean wakeUpPending;

    public SimulatedDownstairs(DownstairsCore core, EventScheduler scheduler) {
        this.core = core;
        this.scheduler = scheduler;
    }

    /** A message from the upstairs, applied now; a busy core is woken when its job is done. */
    public void deliver(Message.ToDownstairs message) {
        core.apply(message);
        scheduleWakeUp();
    }

    @Override
    public void onEvent(Object payload, long arg) {
        wakeUpPending = false;
        core.poll();
        scheduleWakeUp();
    }

    private void scheduleWakeUp() {
        if (!wakeUpPending && core.isBusy()) {
            wakeUpPending = true;
            scheduler.schedule(core.busyUntilNs(), this, null, 0);
        }
    }

    public DownstairsCore core() {
        return core;
    }
}
