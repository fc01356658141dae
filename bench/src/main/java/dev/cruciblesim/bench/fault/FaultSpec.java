package dev.cruciblesim.bench.fault;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One fault of a scenario, validated: what it does, to which client, when it starts and how long it lasts.
 *
 * @param id          its place in the scenario's list, from 0; the {@code fault_id} its probes carry
 * @param kind        what it does
 * @param clientId    the downstairs client it acts on: 0, 1 or 2
 * @param atNs        when it starts, in nanoseconds after the volume went active, or -1 when {@code afterIos} says
 * @param afterIos    it starts when this many guest IOs have been submitted, or 0 when {@code atNs} says
 * @param durationNs  how long it lasts; 0 for a restart, which is instant
 * @param factor      a slow fault's service-time multiplier, at least 1; 1 for the other kinds
 * @param probability an errors or corrupt fault's chance per IO, in (0, 1]; 0 for the other kinds
 */
public record FaultSpec(int id, FaultKind kind, int clientId, long atNs, long afterIos, long durationNs, double factor,
        double probability) {
    public static final int CLIENT_COUNT = 3;

    public FaultSpec {
        Objects.requireNonNull(kind, "kind");
        if (id < 0) {
            throw new IllegalArgumentException("fault id must not be negative, got " + id);
        }
        if (clientId < 0 || clientId >= CLIENT_COUNT) {
            throw new IllegalArgumentException("fault " + id + ": client must be 0, 1 or 2, got " + clientId);
        }
        if ((atNs < 0) == (afterIos <= 0) || atNs < -1 || afterIos < 0) {
            throw new IllegalArgumentException("fault " + id + ": exactly one of at (>= 0) and after_ios (>= 1), got "
                    + "at " + atNs + " ns, after_ios " + afterIos);
        }
        if (durationNs < 0 || (kind.needsDuration() && durationNs == 0) || (kind == FaultKind.RESTART
                && durationNs != 0)) {
            throw new IllegalArgumentException("fault " + id + ": " + kind.yamlName() + " cannot last " + durationNs
                    + " ns");
        }
        if (kind == FaultKind.SLOW ? !(factor >= 1.0) || Double.isInfinite(factor) : factor != 1.0) {
            throw new IllegalArgumentException("fault " + id + ": factor " + factor + " for " + kind.yamlName());
        }
        if (kind.takesProbability() ? !(probability > 0.0 && probability <= 1.0) : probability != 0.0) {
            throw new IllegalArgumentException("fault " + id + ": probability " + probability + " for "
                    + kind.yamlName());
        }
    }

    /** @return whether it starts at a time rather than after a number of IOs */
    public boolean timed() {
        return atNs >= 0;
    }

    /** @return whether it ends by itself after its duration */
    public boolean ends() {
        return durationNs > 0;
    }

    /** @return the fault as report.json's scenario shows it: only the keys its kind uses, in a fixed order */
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("kind", kind.yamlName());
        description.put("client", clientId);
        if (timed()) {
            description.put("at_ns", atNs);
        } else {
            description.put("after_ios", afterIos);
        }
        if (durationNs > 0) {
            description.put("duration_ns", durationNs);
        }
        if (kind == FaultKind.SLOW) {
            description.put("factor", factor);
        }
        if (kind.takesProbability()) {
            description.put("probability", probability);
        }
        return Collections.unmodifiableMap(description);
    }

    /** @return e.g. "disconnect of client 1 at 2s for 3s", for messages and the summary */
    public String describeBriefly() {
        StringBuilder text = new StringBuilder(kind.yamlName()).append(" of client ").append(clientId);
        text.append(timed() ? " at " + Durations.brief(atNs) : " after " + afterIos + " IOs");
        if (durationNs > 0) {
            text.append(" for ").append(Durations.brief(durationNs));
        }
        if (kind == FaultKind.SLOW) {
            text.append(" x").append(factor);
        }
        if (kind.takesProbability()) {
            text.append(" p=").append(probability);
        }
        return text.toString();
    }
}
