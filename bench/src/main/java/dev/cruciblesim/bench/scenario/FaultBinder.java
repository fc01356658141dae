package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.fault.FaultKind;
import dev.cruciblesim.bench.fault.FaultSpec;
import dev.cruciblesim.bench.scenario.BindingContext.Involved;
import dev.cruciblesim.bench.scenario.Node.ListNode;
import dev.cruciblesim.bench.scenario.Node.MapNode;
import dev.cruciblesim.bench.scenario.Node.ScalarNode;

import java.util.ArrayList;
import java.util.List;

import static dev.cruciblesim.bench.scenario.ScenarioSchema.FAULT_KEYS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.MAX_FAULTS;

/**
 * Reads the {@code faults} list: each item a map naming a kind, a client, one start ({@code at} or
 * {@code after_ios}) and what its kind takes (a duration; a slow fault's factor; an errors or corrupt fault's
 * probability). A key the kind does not take is refused rather than ignored, so a typo cannot pass for a setting.
 */
final class FaultBinder {
    private final BindingContext context;

    FaultBinder(BindingContext context) {
        this.context = context;
    }

    /** @param field the {@code faults} key, or null when it was not written */
    List<FaultSpec> faults(Field field, ClockKind clock, String transport) {
        if (field == null || (field.value() instanceof ScalarNode scalar && scalar.text() == null)) {
            return List.of();
        }
        if (!(field.value() instanceof ListNode list)) {
            throw field.error("must be a list of faults, each a map with keys " + String.join(", ", FAULT_KEYS)
                    + "; got " + field.value().shown());
        }
        if (list.items().size() > MAX_FAULTS) {
            throw field.error("has " + list.items().size() + " faults; at most " + MAX_FAULTS);
        }
        List<FaultSpec> faults = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String path = field.path() + "[" + i + "]";
            if (!(item instanceof MapNode map)) {
                throw ScenarioException.at(item.origin(), path, "must be a map with keys "
                        + String.join(", ", FAULT_KEYS) + ", got " + item.shown());
            }
            Section section = new Section(path, map);
            section.checkKeys(FAULT_KEYS);
            faults.add(fault(i, section, clock, transport));
        }
        return List.copyOf(faults);
    }

    private FaultSpec fault(int id, Section fault, ClockKind clock, String transport) {
        String known = String.join(", ", FaultKind.names());
        Field kindField = fault.field("kind");
        if (kindField == null) {
            throw ScenarioException.at(fault.map().origin(), fault.path() + ".kind", "missing; a fault names its kind,"
                    + " one of " + known);
        }
        String kindName = kindField.text("must be a fault kind, one of " + known);
        FaultKind kind = FaultKind.named(kindName);
        if (kind == null) {
            throw kindField.error("unknown fault kind '" + kindName + "'; one of " + known);
        }
        if (kind.reach() == FaultKind.Reach.PROCESS && !transport.equals(Scenario.TRANSPORT_PROCESSES)) {
            throw kindField.error(kindName + " acts on a downstairs running as a process of its own (transport "
                    + Scenario.TRANSPORT_PROCESSES + "); this run's downstairs are " + (clock == ClockKind.VIRTUAL
                            ? "simulated" : transport.equals(Scenario.TRANSPORT_TCP) ? "servers inside this process"
                                    : "in-process") + "; use transport processes, or disconnect or stall instead");
        }

        if (kind.reach() == FaultKind.Reach.CORE && transport.equals(Scenario.TRANSPORT_PROCESSES)) {
            throw kindField.error(kindName + " acts inside the downstairs, and with transport "
                    + Scenario.TRANSPORT_PROCESSES + " they run in processes of their own; disconnect, kill and "
                    + "restart reach them");
        }

        Field clientField = fault.field("client");
        if (clientField == null) {
            throw ScenarioException.at(fault.map().origin(), fault.path() + ".client", "missing; a fault names the "
                    + "downstairs client it acts on: 0, 1 or 2");
        }
        int clientId = clientField.intValue(0, FaultSpec.CLIENT_COUNT - 1, "must be 0, 1 or 2 (a downstairs client)");

        Field atField = fault.field("at");
        Field afterIosField = fault.field("after_ios");
        if (atField == null && afterIosField == null) {
            throw ScenarioException.at(fault.map().origin(), fault.path() + ".at", "missing, and so is after_ios; a "
                    + "fault starts at one time (at: 2s, after the volume is active) or after a number of guest IOs "
                    + "(after_ios: 10000)");
        }
        if (atField != null && afterIosField != null) {
            throw context.crossError("both at and after_ios are given; a fault starts at one time (at: 2s, after "
                    + "the volume is active) or after a number of guest IOs (after_ios: 10000)", new Involved(fault.path() + ".at", atField),
                    new Involved(fault.path() + ".after_ios", afterIosField), new Involved(fault.path() + ".kind",
                            kindField));
        }
        long atNs = atField == null ? -1 : startTime(atField);
        long afterIos = afterIosField == null ? 0
                : afterIosField.longValue(1, Long.MAX_VALUE, "must be a whole number of guest IOs, at least 1");

        Field durationField = fault.field("duration");
        long durationNs = 0;
        if (kind.needsDuration()) {
            if (durationField == null) {
                throw ScenarioException.at(fault.map().origin(), fault.path() + ".duration", "missing; " + kindName
                        + " lasts a duration (duration: 3s)");
            }
            durationNs = positiveDuration(durationField);
        } else if (durationField != null) {
            throw durationField.keyError(kindName + " takes no duration");
        }

        Field factorField = fault.field("factor");
        double factor = 1.0;
        if (kind == FaultKind.SLOW) {
            if (factorField == null) {
                throw ScenarioException.at(fault.map().origin(), fault.path() + ".factor", "missing; slow multiplies "
                        + "the downstairs' service times by a factor (factor: 4)");
            }
            factor = factorField.numberValue("must be a number of at least 1 (4 makes service 4 times as slow)");
            if (!(factor >= 1.0) || Double.isInfinite(factor)) {
                throw factorField.error("must be a number of at least 1 (4 makes service 4 times as slow), got "
                        + factorField.value().shown());
            }
        } else if (factorField != null) {
            throw factorField.keyError("only a slow fault takes a factor");
        }

        Field probabilityField = fault.field("probability");
        double probability = 0.0;
        if (kind.takesProbability()) {
            probability = 1.0;
            if (probabilityField != null) {
                String expectation = "must be a probability above 0 and at most 1 (0.01 for one IO in a hundred)";
                probability = probabilityField.numberValue(expectation);
                if (!(probability > 0.0 && probability <= 1.0)) {
                    throw probabilityField.error(expectation + ", got " + probabilityField.value().shown());
                }
            }
        } else if (probabilityField != null) {
            throw probabilityField.keyError("only an errors or corrupt fault takes a probability");
        }
        try {
            return new FaultSpec(id, kind, clientId, atNs, afterIos, durationNs, factor, probability);
        } catch (IllegalArgumentException e) {
            throw context.refused(fault.path(), e);
        }
    }

    /** When a fault starts: refused here when negative, since durationNs's hint (0 for no limit) is wrong for it. */
    private static long startTime(Field field) {
        String expectation = "must be a duration >= 0 after the volume is active (0 starts the fault at once)";
        String text = field.text(expectation);
        java.math.BigDecimal ns = Quantities.parseDurationNs(text);
        Double bare = Quantities.parseNumber(text);
        if (ns != null && ns.signum() < 0 || bare != null && bare < 0) {
            throw field.error(expectation + ", got '" + text + "'");
        }
        return field.durationNs(0);
    }

    /** A fault's duration: a negative or zero one is refused here, where 0 would not mean "no limit". */
    private static long positiveDuration(Field field) {
        String text = field.text("must be a duration above 0");
        java.math.BigDecimal ns = Quantities.parseDurationNs(text);
        Double bare = Quantities.parseNumber(text);
        if (ns != null && ns.signum() <= 0 || bare != null && bare <= 0) {
            throw field.error("must be a duration above 0 (how long the fault lasts), got '" + text + "'");
        }
        return field.durationNs(0);
    }
}
