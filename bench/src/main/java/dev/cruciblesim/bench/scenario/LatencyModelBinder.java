package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.scenario.Node.ListNode;
import dev.cruciblesim.bench.scenario.Node.MapNode;
import dev.cruciblesim.bench.scenario.Node.ScalarNode;
import dev.cruciblesim.sim.io.InputFiles;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.latency.LatencyModels;
import dev.cruciblesim.sim.latency.WeightedModel;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.cruciblesim.bench.scenario.ScenarioSchema.MODEL_KINDS;

/**
 * Reads a latency model: {@code none}, a duration (a constant delay), or a map with {@code kind:} and that kind's
 * parameters. A model's own refusal of a parameter ("mean must be > 0 ns") is passed on with the key that holds the
 * model, since the model cannot know where it was written.
 *
 * <p>One binder serves one scenario. Not thread-safe.
 */
final class LatencyModelBinder {
    private static final String EXPECTATION = "must be none, a duration such as 30us (a constant delay) or a map "
            + "with kind: " + String.join(", ", MODEL_KINDS);

    private final BindingContext context;
    /** A model written once under downstairs.all is built once and shared by the three downstairs. */
    private final Map<Node, LatencyModel> builtModels = new IdentityHashMap<>();

    LatencyModelBinder(BindingContext context) {
        this.context = context;
    }

    /** @return the model written under the field, or null for none or when the field is absent */
    LatencyModel model(Field field) {
        if (field == null) {
            return null;
        }
        if (builtModels.containsKey(field.value())) {
            return builtModels.get(field.value());
        }
        LatencyModel model = model(field.value(), field.path(), field.keyOrigin());
        builtModels.put(field.value(), model);
        return model;
    }

    /**
     * @param anchor where errors about the model as a whole point: the key that holds it
     * @return the model, or null for {@code none}
     */
    private LatencyModel model(Node value, String path, Origin anchor) {
        if (value instanceof ScalarNode scalar) {
            return scalarModel(scalar, path);
        }
        if (!(value instanceof MapNode map)) {
            throw ScenarioException.at(value.origin(), path, EXPECTATION + ", got " + value.shown());
        }
        Section section = new Section(path, map);
        Field kindField = section.field("kind");
        if (kindField == null) {
            throw ScenarioException.at(anchor, path, "a latency model map needs kind: one of "
                    + String.join(", ", MODEL_KINDS));
        }
        String kind = kindField.text("must be one of " + String.join(", ", MODEL_KINDS));
        switch (kind) {
            case "constant": {
                section.checkKeys(List.of("kind", "delay"));
                long delayNs = modelWholeNs(required(section, "delay", anchor, kind, "a duration"));
                return build(anchor, path, () -> LatencyModels.constant(delayNs));
            }
            case "uniform": {
                section.checkKeys(List.of("kind", "min", "max"));
                long minNs = modelWholeNs(required(section, "min", anchor, kind, "a duration"));
                long maxNs = modelWholeNs(required(section, "max", anchor, kind, "a duration"));
                return build(anchor, path, () -> LatencyModels.uniform(minNs, maxNs));
            }
            case "exponential": {
                section.checkKeys(List.of("kind", "mean"));
                double meanNs = modelNs(required(section, "mean", anchor, kind, "a duration"));
                return build(anchor, path, () -> LatencyModels.exponential(meanNs));
            }
            case "normal": {
                section.checkKeys(List.of("kind", "mean", "stddev"));
                double meanNs = modelNs(required(section, "mean", anchor, kind, "a duration"));
                double stddevNs = modelNs(required(section, "stddev", anchor, kind, "a duration"));
                return build(anchor, path, () -> LatencyModels.normal(meanNs, stddevNs));
            }
            case "lognormal":
                return lognormal(section, anchor);
            case "pareto": {
                section.checkKeys(List.of("kind", "scale", "shape"));
                double scaleNs = modelNs(required(section, "scale", anchor, kind, "a duration"));
                double shape = required(section, "shape", anchor, kind, "a number").numberValue("must be a number");
                return build(anchor, path, () -> LatencyModels.pareto(scaleNs, shape));
            }
            case "mixture":
                return mixture(section, anchor);
            case "empirical":
                return empirical(section, anchor);
            default:
                throw kindField.error("unknown model kind '" + kind + "'; expected one of "
                        + String.join(", ", MODEL_KINDS));
        }
    }

    /** @return null for {@code none}, else a constant delay */
    private static LatencyModel scalarModel(ScalarNode scalar, String path) {
        if (scalar.text() == null) {
            throw ScenarioException.at(scalar.origin(), path, "has no value; write none for no delay, a duration "
                    + "such as 30us, or a map with kind");
        }
        String text = scalar.text().strip();
        if (text.equals("none")) {
            return null;
        }
        BigDecimal delayNs = Quantities.parseDurationNs(text);
        if (delayNs == null) {
            throw ScenarioException.at(scalar.origin(), path, Quantities.isNumber(text) ? Field.unitMissing(text)
                    : EXPECTATION + ", got '" + text + "'");
        }
        long wholeNs = wholeNs(delayNs, scalar.origin(), path);
        return build(scalar.origin(), path, () -> LatencyModels.constant(wholeNs));
    }

    private LatencyModel lognormal(Section section, Origin anchor) {
        boolean byMedian = section.map().get("median") != null || section.map().get("sigma") != null;
        boolean byMean = section.map().get("mean") != null || section.map().get("stddev") != null;
        if (byMedian && byMean) {
            throw ScenarioException.at(anchor, section.path(), "lognormal: takes median and sigma, or mean and "
                    + "stddev, not a mix");
        }
        if (byMean) {
            section.checkKeys(List.of("kind", "mean", "stddev"));
            double meanNs = modelNs(required(section, "mean", anchor, "lognormal", "a duration"));
            double stddevNs = modelNs(required(section, "stddev", anchor, "lognormal", "a duration"));
            return build(anchor, section.path(), () -> LatencyModels.lognormalFromMean(meanNs, stddevNs));
        }
        section.checkKeys(List.of("kind", "median", "sigma", "mean", "stddev"));
        if (!byMedian) {
            throw ScenarioException.at(anchor, section.path(), "lognormal: needs median and sigma (the standard "
                    + "deviation of ln(delay)), or mean and stddev");
        }
        double medianNs = modelNs(required(section, "median", anchor, "lognormal", "a duration"));
        double sigma = required(section, "sigma", anchor, "lognormal", "a number").numberValue("must be a number");
        return build(anchor, section.path(), () -> LatencyModels.lognormal(medianNs, sigma));
    }

    private LatencyModel mixture(Section section, Origin anchor) {
        section.checkKeys(List.of("kind", "components"));
        Field componentsField = required(section, "components", anchor, "mixture",
                "a list of {weight: 0.99, model: <model>}");
        if (!(componentsField.value() instanceof ListNode list)) {
            throw componentsField.error("must be a list of {weight: 0.99, model: <model>}, got "
                    + componentsField.value().shown());
        }
        List<WeightedModel> components = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            Field itemField = new Field(componentsField.path() + "[" + i + "]", item.origin(), item);
            if (!(item instanceof MapNode itemMap)) {
                throw itemField.error("must be a map {weight: 0.99, model: <model>}, got " + item.shown());
            }
            Section component = new Section(itemField.path(), itemMap);
            component.checkKeys(List.of("weight", "model"));
            double weight = required(component, "weight", item.origin(), "mixture", "a number")
                    .numberValue("must be a number > 0 (weights are relative)");
            Field modelField = required(component, "model", item.origin(), "mixture", "a model");
            LatencyModel model = model(modelField.value(), modelField.path(), modelField.keyOrigin());
            // "none" inside a mixture is the no-delay branch: 99% nothing, 1% a stall.
            components.add(new WeightedModel(weight, model == null ? LatencyModels.constant(0) : model));
        }
        return build(anchor, section.path(), () -> LatencyModels.mixture(components));
    }

    private LatencyModel empirical(Section section, Origin anchor) {
        Field dtrace = section.field("dtrace");
        Field hdrLog = section.field("hdr_log");
        if (dtrace != null && hdrLog != null) {
            throw ScenarioException.at(anchor, section.path(), "empirical: takes dtrace or hdr_log, not both");
        }
        if (dtrace == null && hdrLog == null) {
            section.checkKeys(List.of("kind", "dtrace", "key", "hdr_log", "tag"));
            throw ScenarioException.at(anchor, section.path(), "empirical: needs dtrace: <file> (dtrace's quantize "
                    + "output) or hdr_log: <file> (an HdrHistogram interval log)");
        }
        boolean isDTrace = dtrace != null;
        section.checkKeys(isDTrace ? List.of("kind", "dtrace", "key") : List.of("kind", "hdr_log", "tag"));
        Field fileField = isDTrace ? dtrace : hdrLog;
        Field selectorField = section.field(isDTrace ? "key" : "tag");
        String selector = selectorField == null ? null : selectorField.text("must be text");
        Path file = context.file(fileField);
        try {
            return isDTrace ? LatencyModels.fromDTraceQuantize(file, selector)
                    : LatencyModels.fromHdrHistogramLog(file, selector);
        } catch (IOException e) {
            throw ScenarioException.at(fileField.valueOrigin(), fileField.path(), "empirical: cannot read " + file
                    + ": " + InputFiles.reasonOf(e), e);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().startsWith("empirical") ? e.getMessage() : "empirical: " + e.getMessage();
            throw ScenarioException.at(anchor, section.path(), message, e);
        }
    }

    private static Field required(Section section, String key, Origin anchor, String kind, String what) {
        Field field = section.field(key);
        if (field == null) {
            throw ScenarioException.at(anchor, section.path(), kind + ": needs " + key + " (" + what + ")");
        }
        return field;
    }

    /** A model parameter in nanoseconds; negative values pass, for the model to refuse in its own words. */
    private static double modelNs(Field field) {
        return modelDuration(field).doubleValue();
    }

    private static long modelWholeNs(Field field) {
        return wholeNs(modelDuration(field), field.valueOrigin(), field.path());
    }

    private static BigDecimal modelDuration(Field field) {
        String text = field.text("must be a duration such as 30us");
        BigDecimal ns = Quantities.parseDurationNs(text);
        if (ns == null) {
            throw field.error(Quantities.isNumber(text) ? Field.unitMissing(text)
                    : "must be a duration such as 30us or 1.5ms (units: " + Quantities.DURATION_UNITS + "), got '"
                            + text + "'");
        }
        return ns;
    }

    private static long wholeNs(BigDecimal ns, Origin origin, String path) {
        Long whole = Quantities.roundToLong(ns);
        if (whole == null) {
            throw ScenarioException.at(origin, path, "duration is too large: " + ns.toPlainString()
                    + " ns does not fit in 64 bits");
        }
        return whole;
    }

    private static LatencyModel build(Origin anchor, String path, Supplier<LatencyModel> builder) {
        try {
            return builder.get();
        } catch (IllegalArgumentException e) {
            throw ScenarioException.at(anchor, path, e.getMessage(), e);
        }
    }
}
