package dev.cruciblesim.tracing.probe;

import dev.cruciblesim.sim.time.NanoClock;

/**
 * One probe of one component instance, e.g. {@code crucible_upstairs1:crucible-sim:submit_write:gw-write-start}.
 *
 * <p>Firing a disabled probe costs one volatile read and one well-predicted branch: the consumer
 * field is null, nothing else happens, and in particular the clock is not read. Enabled probes read
 * the owning component's clock once and call the consumer on the firing thread.
 */
public final class Probe {
    private final ProbeDefinition definition;
    private final long id;
    private final long instanceId;
    private final NanoClock clock;
    private final String providerInstanceName;
    private volatile ProbeConsumer consumer;

    Probe(ProbeDefinition definition, long id, long instanceId, NanoClock clock) {
        this.definition = definition;
        this.id = id;
        this.instanceId = instanceId;
        this.clock = clock;
        this.providerInstanceName = definition.provider() + instanceId;
    }

    public boolean isEnabled() {
        return consumer != null;
    }

    public void fire(long arg0) {
        final ProbeConsumer c = consumer;
        if (c != null) {
            c.onFire(this, clock.nanoTime(), arg0, 0L, null, null);
        }
    }

    public void fire(long arg0, long arg1) {
        final ProbeConsumer c = consumer;
        if (c != null) {
            c.onFire(this, clock.nanoTime(), arg0, arg1, null, null);
        }
    }

    /** For a probe whose first argument is an integer and whose second is a string. */
    public void fire(long arg0, String str1) {
        final ProbeConsumer c = consumer;
        if (c != null) {
            c.onFire(this, clock.nanoTime(), arg0, 0L, null, str1);
        }
    }

    /** For a three-argument probe: two integers, then a string (the fault probes). */
    public void fire(long arg0, long arg1, String str2) {
        final ProbeConsumer c = consumer;
        if (c != null) {
            c.onFire(this, clock.nanoTime(), arg0, arg1, null, null, str2);
        }
    }

    public void fire(String str0, String str1) {
        final ProbeConsumer c = consumer;
        if (c != null) {
            c.onFire(this, clock.nanoTime(), 0L, 0L, str0, str1);
        }
    }

    public ProbeDefinition definition() {
        return definition;
    }

    /**
     * @return the probe's id, what {@code dtrace -l} lists and the non-quiet {@code ID} column
     *         shows: its registry's creation order from {@link ProbeRegistry#FIRST_PROBE_ID}
     */
    public long id() {
        return id;
    }

    /** @return the probe's name, DTrace's {@code probename} */
    public String name() {
        return definition.name();
    }

    /** @return the provider name without instance id, e.g. {@code crucible_upstairs} */
    public String provider() {
        return definition.provider();
    }

    /** @return the provider name with the instance id appended, as DTrace shows USDT providers */
    public String providerInstanceName() {
        return providerInstanceName;
    }

    /** @return the firing component's instance id, in the role of DTrace's {@code pid} */
    public long instanceId() {
        return instanceId;
    }

    public String function() {
        return definition.function();
    }

    /** @return {@code provider<id>:module:function:name} */
    public String fullName() {
        return providerInstanceName + ":" + ProbeRegistry.MODULE + ":" + definition.function() + ":"
                + definition.name();
    }

    ProbeConsumer consumer() {
        return consumer;
    }

    void setConsumer(ProbeConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public String toString() {
        return fullName();
    }
}
