package dev.cruciblesim.bench.workload;

/**
 * Hears each guest IO go out and come back, on the workload's thread, for parts of the harness that count them
 * (the fault injector's {@code after_ios} and what was in flight during a fault). Must be cheap: it runs per IO.
 */
public interface IoObserver {
    /** A guest IO was handed to the upstairs. */
    void ioSubmitted();

    /** A guest IO's completion reached the workload. */
    void ioCompleted();

    /**
     * @return whether IO may go unanswered now without the run being hung: a fault in force holds it back until its
     *         known end. Asked only while the workload waits with IO outstanding.
     */
    default boolean excusesSilence() {
        return false;
    }
}
