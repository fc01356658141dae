package dev.cruciblesim.tracing.probe;

import dev.cruciblesim.sim.time.NanoClock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Every probe of every component in one simulated world, and the consumers enabled on them: the
 * role DTrace's kernel side plays.
 *
 * <p>Components create their probes once, at construction; consumers are enabled by a DTrace
 * probe description such as {@code crucible_upstairs*:::gw-*-start}. Enabling also applies to
 * probes created later (DTrace's {@code -Z}), so reports can be attached before the components
 * exist. Creation and enabling take a lock; firing never does.
 */
public final class ProbeRegistry {
    /** The module field of every probe: the simulated binary. */
    public static final String MODULE = "crucible-sim";
    /** DTrace's own provider, whose BEGIN, END and ERROR probes take the first three ids. */
    public static final String DTRACE_PROVIDER = "dtrace";
    /** {@code dtrace:::BEGIN}'s id, in DTrace and here. */
    public static final long BEGIN_PROBE_ID = 1;
    /** {@code dtrace:::END}'s id. */
    public static final long END_PROBE_ID = 2;
    /** {@code dtrace:::ERROR}'s id. */
    public static final long ERROR_PROBE_ID = 3;
    /** The id of a registry's first probe; the next ones count up in creation order. */
    public static final long FIRST_PROBE_ID = ERROR_PROBE_ID + 1;

    private final List<Probe> probes = new ArrayList<>();
    /** The id the next probe, or the next {@linkplain #reserveIds reserved} one, gets. */
    private long nextProbeId = FIRST_PROBE_ID;
    private final List<Enabling> enablings = new ArrayList<>();

    private record Enabling(ProbeDescription description, ProbeConsumer consumer) {
    }

    /**
     * Creates the probe {@code definition} for the component with {@code instanceId}, whose
     * timestamps come from {@code clock}, and enables on it every consumer whose description matches.
     */
    public synchronized Probe create(ProbeDefinition definition, long instanceId, NanoClock clock) {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(clock, "clock");
        for (Probe existing : probes) {
            if (existing.instanceId() == instanceId && existing.definition().equals(definition)) {
                throw new IllegalStateException("probe " + existing.fullName() + " already exists");
            }
        }
        Probe probe = new Probe(definition, nextProbeId++, instanceId, clock);
        probes.add(probe);
        for (Enabling enabling : enablings) {
            if (enabling.description().matches(probe)) {
                attach(probe, enabling.consumer());
            }
        }
        return probe;
    }

    /**
     * Enables {@code consumer} on every probe that matches {@code description}, now and later.
     *
     * @return how many existing probes matched (what {@code dtrace} reports as "matched N probes")
     * @throws IllegalArgumentException if the description is malformed
     */
    public synchronized int enable(String description, ProbeConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        ProbeDescription parsed = ProbeDescription.parse(description);
        enablings.add(new Enabling(parsed, consumer));
        int matched = 0;
        for (Probe probe : probes) {
            if (parsed.matches(probe)) {
                attach(probe, consumer);
                matched++;
            }
        }
        return matched;
    }

    /** @return how many existing probes match {@code description}, without enabling anything */
    public synchronized int count(String description) {
        ProbeDescription parsed = ProbeDescription.parse(description);
        int matched = 0;
        for (Probe probe : probes) {
            if (parsed.matches(probe)) {
                matched++;
            }
        }
        return matched;
    }

    /**
     * Takes the next {@code count} probe ids for probes that live outside the registry (a D script's
     * {@code tick-N} and {@code profile-N}, which DTrace's profile provider creates when the script is
     * enabled), so that no probe created later shares one.
     *
     * @return the first id taken; the others follow it
     */
    public synchronized long reserveIds(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " < 0");
        }
        long first = nextProbeId;
        nextProbeId += count;
        return first;
    }

    /** @return how many probes exist, without copying them (see {@link #probes()}) */
    public synchronized int size() {
        return probes.size();
    }

    /** @return a snapshot of all probes, in creation order */
    public synchronized List<Probe> probes() {
        return List.copyOf(probes);
    }

    /** Disables every probe and forgets every enabling. */
    public synchronized void disableAll() {
        enablings.clear();
        for (Probe probe : probes) {
            probe.setConsumer(null);
        }
    }

    private static void attach(Probe probe, ProbeConsumer consumer) {
        ProbeConsumer current = probe.consumer();
        if (current == null) {
            probe.setConsumer(consumer);
        } else if (current instanceof FanOut fanOut) {
            probe.setConsumer(fanOut.with(consumer));
        } else {
            probe.setConsumer(new FanOut(new ProbeConsumer[] {current, consumer}));
        }
    }

    /** Several consumers on one probe; immutable, replaced as a whole when one is added. */
    private static final class FanOut implements ProbeConsumer {
        private final ProbeConsumer[] consumers;

        FanOut(ProbeConsumer[] consumers) {
            this.consumers = consumers;
        }

        FanOut with(ProbeConsumer consumer) {
            ProbeConsumer[] more = Arrays.copyOf(consumers, consumers.length + 1);
            more[consumers.length] = consumer;
            return new FanOut(more);
        }

        @Override
        public void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1) {
            for (ProbeConsumer consumer : consumers) {
                consumer.onFire(probe, timestampNs, arg0, arg1, str0, str1);
            }
        }

        @Override
        public void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1,
                String str2) {
            for (ProbeConsumer consumer : consumers) {
                consumer.onFire(probe, timestampNs, arg0, arg1, str0, str1, str2);
            }
        }
    }
}
