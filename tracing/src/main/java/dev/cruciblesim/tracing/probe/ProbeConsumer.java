package dev.cruciblesim.tracing.probe;

/**
 * Receives the firings of the probes it was enabled on.
 *
 * <p>Called on whichever thread fires the probe, possibly several at once, so implementations
 * must be thread-safe; keep per-thread state and merge it when printing rather than taking a
 * contended lock. Arguments arrive as primitives so that firing allocates nothing. Probes with
 * string arguments (such as {@code up-status}) pass them in {@code str0}/{@code str1} and leave
 * the long arguments 0; long-argument probes pass null strings.
 *
 * <p>A third argument, always a string (the fault probes' {@code kind}), arrives only through
 * the seven-argument {@link #onFire(Probe, long, long, long, String, String, String)}, which by
 * default drops it and calls the six-argument form: like a D clause that never reads
 * {@code args[2]}. So the many two-argument consumers stay lambdas; a consumer that wants the
 * third argument overrides both, and one that forwards firings (a fan-out, a clause guard) must
 * override the seven-argument form too or the third argument is lost.
 */
@FunctionalInterface
public interface ProbeConsumer {
    /**
     * @param probe       the probe that fired
     * @param timestampNs the firing component's clock at the firing (DTrace's {@code timestamp})
     */
    void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1);

    /**
     * A firing of a three-argument probe: two integers and a string.
     *
     * @param str2 the third argument
     */
    default void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1,
            String str2) {
        onFire(probe, timestampNs, arg0, arg1, str0, str1);
    }
}
