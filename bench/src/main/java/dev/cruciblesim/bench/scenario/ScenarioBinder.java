package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.fault.FaultSpec;
import dev.cruciblesim.bench.scenario.BindingContext.Involved;
import dev.cruciblesim.bench.scenario.Node.ListNode;
import dev.cruciblesim.bench.scenario.Node.MapNode;
import dev.cruciblesim.bench.scenario.Node.ScalarNode;
import dev.cruciblesim.bench.workload.HarnessLimits;
import dev.cruciblesim.bench.workload.Payload;
import dev.cruciblesim.bench.workload.WorkloadSpec;
import dev.cruciblesim.downstairs.InboxWaitStrategy;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.tracing.report.Reports;
import dev.cruciblesim.upstairs.policy.UpstairsPolicies;
import dev.cruciblesim.upstairs.policy.UpstairsPolicy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_BLOCK_SIZE_BYTES;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_CLOCK;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_DRAIN_TIMEOUT_NS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_EXTENT_COUNT;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_EXTENT_SIZE_BLOCKS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_FLUSH_TIMEOUT_NS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_MAX_IN_FLIGHT;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_POLICY;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_REAL_PAYLOAD;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_REAL_TIME_HLOG_INTERVAL_NS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_REPORTS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_SEED;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_STATUS_INTERVAL_NS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_TRANSPORT;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_VIRTUAL_PAYLOAD;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DOWNSTAIRS_KEYS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.MIN_PERIOD_NS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.OUTPUT_KEYS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.RUNTIME_KEYS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.TOP_KEYS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.UPSTAIRS_KEYS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.VOLUME_KEYS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.WORKLOAD_KEYS;

/**
 * Turns the located tree into a {@link Scenario}: fills defaults ({@link ScenarioSchema}), parses units and latency
 * models, checks every value and the relations between them (the same limits {@link HarnessLimits} enforces), and
 * words every failure as {@code <file>:<line>: <key.path>: <what is wrong>}. The top-level keys, the volume, the
 * upstairs and the reports are read here; the downstairs, the workload and latency models by binders of their own.
 *
 * <p>One binder binds one tree. Not thread-safe.
 */
final class ScenarioBinder {
    private final String defaultName;
    private final BindingContext context;
    private final LatencyModelBinder models;

    /**
     * @param defaultName  the scenario's name when the tree has no {@code name:} key
     * @param sourceOrigin where an error points when no key is involved: the file as a whole, or "defaults"
     * @param baseDir      where the tree's relative paths resolve
     */
    ScenarioBinder(String defaultName, Origin sourceOrigin, Path baseDir) {
        this.defaultName = defaultName;
        this.context = new BindingContext(sourceOrigin, baseDir);
        this.models = new LatencyModelBinder(context);
    }

    Scenario bind(MapNode root) {
        Section top = Section.root(root);
        top.checkKeys(TOP_KEYS);

        String name = name(top.field("name"));
        long seed = seed(top.field("seed"));
        ClockKind clock = clock(top.field("clock"));
        String transport = transport(top.field("transport"), clock);
        RuntimeSettings runtime = runtime(top.section("runtime", RUNTIME_KEYS));
        Section volumeSection = top.section("volume", VOLUME_KEYS);
        RegionDefinition volume = volume(volumeSection);
        Payload payload = payload(volumeSection.field("payload"), clock);
        UpstairsSettings upstairs = upstairs(top.section("upstairs", UPSTAIRS_KEYS));
        List<DownstairsModel> downstairs = new DownstairsBinder(models)
                .downstairs(top.section("downstairs", DOWNSTAIRS_KEYS));
        WorkloadSpec workload = new JobBinder(context, volumeSection, volume, clock)
                .workload(top.section("workload", WORKLOAD_KEYS));
        List<FaultSpec> faults = new FaultBinder(context).faults(top.field("faults"), clock, transport);
        List<String> reports = reports(top.field("reports"));
        OutputSettings output = output(top.section("output", OUTPUT_KEYS), clock);
        Field drainTimeoutField = top.field("drain_timeout");
        long drainTimeoutNs = drainTimeoutField == null ? DEFAULT_DRAIN_TIMEOUT_NS
                : drainTimeoutField.durationNs(MIN_PERIOD_NS);
        try {
            return new Scenario(name, seed, clock, transport, runtime, volume, payload, upstairs, downstairs, workload, faults,
                    reports, output, drainTimeoutNs);
        } catch (IllegalArgumentException e) {
            throw context.refused("", e);
        }
    }

    // ---------------------------------------------------------------- top-level scalars

    private String name(Field field) {
        if (field == null) {
            if (!Scenario.NAME_PATTERN.matcher(defaultName).matches()) {
                throw ScenarioException.at(context.sourceOrigin(), "name", "the file name gives '" + defaultName
                        + "', which is not a valid scenario name (" + Scenario.NAME_PATTERN_TEXT + "); add a name: key");
            }
            return defaultName;
        }
        String text = field.text("must be a name matching " + Scenario.NAME_PATTERN_TEXT);
        if (!Scenario.NAME_PATTERN.matcher(text).matches()) {
            throw field.error("must be a name matching " + Scenario.NAME_PATTERN_TEXT + ", got '" + text + "'");
        }
        return text;
    }

    private static long seed(Field field) {
        if (field == null) {
            return DEFAULT_SEED;
        }
        return field.longValue(Long.MIN_VALUE, Long.MAX_VALUE, "must be an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
    }

    private static ClockKind clock(Field field) {
        if (field == null) {
            return DEFAULT_CLOCK;
        }
        String text = field.text("must be real or virtual");
        for (ClockKind kind : ClockKind.values()) {
            if (kind.yamlName().equals(text)) {
                return kind;
            }
        }
        throw field.error("must be real or virtual, got '" + text + "'");
    }

    private static String transport(Field field, ClockKind clock) {
        if (field == null) {
            return DEFAULT_TRANSPORT;
        }
        String expected = "must be " + Scenario.TRANSPORT_IN_PROCESS + ", " + Scenario.TRANSPORT_TCP + " or "
                + Scenario.TRANSPORT_PROCESSES;
        String text = field.text(expected);
        if (!Scenario.TRANSPORTS.contains(text)) {
            throw field.error(expected + ", got '" + text + "'");
        }
        if (text.equals(Scenario.TRANSPORT_TCP) && clock == ClockKind.VIRTUAL) {
            throw field.error(Scenario.TCP_NEEDS_REAL_TIME);
        }
        if (text.equals(Scenario.TRANSPORT_PROCESSES) && clock == ClockKind.VIRTUAL) {
            throw field.error(Scenario.PROCESSES_NEED_REAL_TIME);
        }
        return text;
    }

    private static RuntimeSettings runtime(Section runtime) {
        Field waitStrategyField = runtime.field("wait_strategy");
        if (waitStrategyField == null) {
            return RuntimeSettings.DEFAULT;
        }
        String known = String.join(", ", InboxWaitStrategy.names());
        String text = waitStrategyField.text("must be one of " + known);
        InboxWaitStrategy strategy = InboxWaitStrategy.named(text);
        if (strategy == null) {
            throw waitStrategyField.error("must be one of " + known + ", got '" + text + "'");
        }
        return new RuntimeSettings(strategy);
    }

    // ---------------------------------------------------------------- volume, upstairs, output

    private RegionDefinition volume(Section volume) {
        Field blockSizeField = volume.field("block_size");
        int blockSizeBytes = DEFAULT_BLOCK_SIZE_BYTES;
        if (blockSizeField != null) {
            String expectation = "must be a power of two from " + RegionDefinition.MIN_BLOCK_SIZE_BYTES + " to "
                    + RegionDefinition.MAX_BLOCK_SIZE_BYTES + " bytes (512, 4k, 32KiB, ...)";
            long bytes = blockSizeField.sizeBytes(expectation);
            if (bytes < RegionDefinition.MIN_BLOCK_SIZE_BYTES || bytes > RegionDefinition.MAX_BLOCK_SIZE_BYTES
                    || Long.bitCount(bytes) != 1) {
                throw blockSizeField.error(expectation + ", got " + blockSizeField.value().shown());
            }
            blockSizeBytes = (int) bytes;
        }
        Field extentSizeField = volume.field("extent_size");
        int extentSizeBlocks = extentSizeField == null ? DEFAULT_EXTENT_SIZE_BLOCKS
                : extentSizeField.intValue(1, Integer.MAX_VALUE, "must be an integer from 1 to " + Integer.MAX_VALUE
                        + " (blocks per extent)");
        Field extentCountField = volume.field("extent_count");
        int extentCount = extentCountField == null ? DEFAULT_EXTENT_COUNT
                : extentCountField.intValue(1, Integer.MAX_VALUE, "must be an integer from 1 to "
                        + Integer.MAX_VALUE);
        RegionDefinition region = new RegionDefinition(blockSizeBytes, extentSizeBlocks, extentCount);
        if (region.totalBlocks() > HarnessLimits.MAX_VOLUME_BLOCKS) {
            throw context.crossError("extent_size " + extentSizeBlocks + " x extent_count " + extentCount + " = "
                    + region.totalBlocks() + " blocks; the harness tracks at most " + HarnessLimits.MAX_VOLUME_BLOCKS,
                    new Involved("volume.extent_count", extentCountField),
                    new Involved("volume.extent_size", extentSizeField));
        }
        return region;
    }

    private static Payload payload(Field field, ClockKind clock) {
        if (field == null) {
            return clock == ClockKind.VIRTUAL ? DEFAULT_VIRTUAL_PAYLOAD : DEFAULT_REAL_PAYLOAD;
        }
        String text = field.text("must be stamps or bytes");
        for (Payload payload : Payload.values()) {
            if (payload.yamlName().equals(text)) {
                if (payload == Payload.STAMPS && clock == ClockKind.REAL) {
                    throw field.error(Scenario.STAMPS_NEED_VIRTUAL_TIME);
                }
                return payload;
            }
        }
        throw field.error("must be stamps or bytes, got '" + text + "'");
    }

    private UpstairsSettings upstairs(Section upstairs) {
        UpstairsPolicy policy = policy(upstairs.field("policy"));
        Field maxInFlightField = upstairs.field("max_in_flight");
        int maxInFlight = maxInFlightField == null ? DEFAULT_MAX_IN_FLIGHT
                : maxInFlightField.intValue(1, HarnessLimits.MAX_IN_FLIGHT_PER_CLIENT,
                        "must be an integer from 1 to " + HarnessLimits.MAX_IN_FLIGHT_PER_CLIENT);
        Field flushTimeoutField = upstairs.field("flush_timeout");
        long flushTimeoutNs = flushTimeoutField == null ? DEFAULT_FLUSH_TIMEOUT_NS
                : flushTimeoutField.durationNs(MIN_PERIOD_NS);
        Field statusIntervalField = upstairs.field("status_interval");
        long statusIntervalNs = statusIntervalField == null ? DEFAULT_STATUS_INTERVAL_NS
                : statusIntervalField.durationNs(MIN_PERIOD_NS);
        return new UpstairsSettings(policy, maxInFlight, flushTimeoutNs, statusIntervalNs,
                models.model(upstairs.field("processing")));
    }

    private static UpstairsPolicy policy(Field field) {
        if (field == null) {
            return DEFAULT_POLICY;
        }
        String known = String.join(", ", UpstairsPolicies.names());
        String name = field.text("must be a policy name, one of " + known);
        UpstairsPolicy policy = UpstairsPolicies.named(name);
        if (policy == null) {
            throw field.error("unknown policy '" + name + "'; known: " + known);
        }
        return policy;
    }

    /** Without {@code hlog_interval}: doubling intervals in virtual time, 1 s in real time (see {@link HlogInterval}). */
    private static OutputSettings output(Section output, ClockKind clock) {
        Field hlogIntervalField = output.field("hlog_interval");
        HlogInterval hlogInterval;
        if (hlogIntervalField != null) {
            hlogInterval = HlogInterval.fixed(hlogIntervalField.durationNs(MIN_PERIOD_NS));
        } else if (clock == ClockKind.VIRTUAL) {
            hlogInterval = HlogInterval.ADAPTIVE;
        } else {
            hlogInterval = HlogInterval.fixed(DEFAULT_REAL_TIME_HLOG_INTERVAL_NS);
        }
        Field writeIologField = output.field("write_iolog");
        return new OutputSettings(hlogInterval, writeIologField != null && writeIologField.booleanValue());
    }

    // ---------------------------------------------------------------- reports

    private static List<String> reports(Field field) {
        if (field == null) {
            return DEFAULT_REPORTS;
        }
        String valid = String.join(", ", Reports.ALL_NAMES);
        List<Field> items = new ArrayList<>();
        if (field.value() instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                items.add(new Field(field.path() + "[" + i + "]", list.items().get(i).origin(), list.items().get(i)));
            }
        } else if (field.value() instanceof ScalarNode scalar && scalar.text() != null) {
            // The --report form: perfgw,tracegw.
            if (!scalar.text().isBlank()) {
                for (String part : scalar.text().split(",", -1)) {
                    items.add(new Field(field.path(), field.keyOrigin(), new ScalarNode(scalar.origin(), part.strip())));
                }
            }
        } else {
            throw field.error("must be a list of report names ([perfgw, tracegw] or perfgw,tracegw; [] for none), "
                    + "got " + field.value().shown());
        }
        List<String> names = new ArrayList<>();
        for (Field item : items) {
            String text = item.text("must be a report name, one of " + valid);
            String bare = text.endsWith(".d") ? text.substring(0, text.length() - 2) : text;
            if (bare.isEmpty()) {
                throw item.error("has an empty report name; choose from " + valid);
            }
            if (!Reports.ALL_NAMES.contains(bare)) {
                throw item.error("unknown report '" + text + "'; choose from " + valid);
            }
            if (names.contains(bare)) {
                throw item.error("names report '" + bare + "' twice");
            }
            names.add(bare);
        }
        return names;
    }
}
