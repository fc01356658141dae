package dev.cruciblesim.tracing.probe;

/**
 * Receives the firings of the probes it was enabled on.
 *
 * <p>Called on whichever thread fires the probe, possibly several at once, so implementations
 * must be thread-safe; keep per-thread state and merge it when printing rather than taking a
 * contended lock. Arguments arrive as primitives so that firing allocates nothing. Probes with
 * string arguments (such as {@code up-status}) pass them in {@code str0}/{@code str1} and leave
 * the long arguments 0; long-argument probes pass null strings.
 */
@FunctionalInterface
public interface ProbeConsumer {
    /**
     * @param probe       the probe that fired
     * @param timestampNs the firing component's clock at the firing (DTrace's {@code timestamp})
     */
    void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1);
}
