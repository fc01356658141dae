package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.scenario.Node.Entry;
import dev.cruciblesim.bench.scenario.Node.ListNode;
import dev.cruciblesim.bench.scenario.Node.MapNode;
import dev.cruciblesim.bench.scenario.Node.ScalarNode;
import dev.cruciblesim.bench.workload.BufferContent;
import dev.cruciblesim.bench.workload.HarnessLimits;
import dev.cruciblesim.bench.workload.JobSpec;
import dev.cruciblesim.bench.workload.ReplaySpec;
import dev.cruciblesim.bench.workload.WorkloadSpec;
import dev.cruciblesim.bench.workload.gen.ArrivalProcess;
import dev.cruciblesim.bench.workload.gen.BlockSizes;
import dev.cruciblesim.bench.workload.gen.RandomDistribution;
import dev.cruciblesim.bench.workload.trace.Trace;
import dev.cruciblesim.bench.workload.trace.TraceFormat;
import dev.cruciblesim.bench.workload.trace.TraceFormatException;
import dev.cruciblesim.bench.workload.trace.TraceReader;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.latency.LatencyModels;
import dev.cruciblesim.sim.latency.WeightedModel;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.random.SeedStreams;
import dev.cruciblesim.tracing.report.Reports;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns the located tree into a {@link Scenario}: fills defaults, parses units and latency models, checks every value
 * and the relations between them (the same limits {@link HarnessLimits} enforces), and words every failure as
 * {@code <file>:<line>: <key.path>: <what is wrong>}.
 *
 * <p>One binder binds one tree. Not thread-safe.
 */
final class ScenarioBinder {
    static final List<String> TOP_KEYS = List.of("name", "seed", "clock", "transport", "volume", "upstairs",
            "downstairs", "workload", "reports", "output", "drain_timeout");
    static final List<String> VOLUME_KEYS = List.of("block_size", "extent_size", "extent_count");
    static final List<String> UPSTAIRS_KEYS = List.of("max_in_flight", "flush_timeout", "status_interval",
            "processing");
    static final List<String> DOWNSTAIRS_KEYS = List.of("all", "0", "1", "2");
    static final List<String> CLIENT_KEYS = List.of("link", "service");
    static final List<String> LINK_KEYS = List.of("to_downstairs", "to_upstairs");
    static final List<String> SERVICE_KEYS = List.of("read", "write", "flush");
    static final List<String> OPERATION_KEYS = List.of("fixed", "per_byte_ns");
    /** Keys a job may set; each defaults to the workload-level value, as fio's [global] section. */
    static final List<String> JOB_KEYS = List.of("name", "rw", "rwmixread", "bs", "bssplit", "bsrange", "iodepth",
            "rate_iops", "rate_process", "number_ios", "runtime", "size", "offset", "random_distribution", "fsync",
            "flush_mix", "buffer_pattern", "zero_buffers", "verify", "read_iolog", "iolog_format", "replay_no_stall",
            "replay_time_scale", "replay_out_of_range");
    static final List<String> WORKLOAD_KEYS = concat(JOB_KEYS, List.of("jobs"));
    /** Keys that shape generated IO, meaningless for a replay job: a job of its own that sets one is refused. */
    static final List<String> GENERATOR_ONLY_KEYS = List.of("rw", "rwmixread", "bs", "bssplit", "bsrange",
            "rate_iops", "rate_process", "size", "offset", "random_distribution", "fsync", "flush_mix");
    static final List<String> OUTPUT_KEYS = List.of("hlog_interval", "write_iolog");
    static final List<String> MODEL_KINDS = List.of("constant", "uniform", "exponential", "normal", "lognormal",
            "pareto", "mixture", "empirical");

    // Defaults: the CLI's (RunCommand) defaults, so a run without a scenario file is the run it always was.
    static final int DEFAULT_BLOCK_SIZE_BYTES = 4096;
    static final int DEFAULT_EXTENT_SIZE_BLOCKS = 1024;
    static final int DEFAULT_EXTENT_COUNT = 32;
    static final int DEFAULT_MAX_IN_FLIGHT = 100;
    static final long DEFAULT_FLUSH_TIMEOUT_NS = 5_000_000_000L;
    static final long DEFAULT_STATUS_INTERVAL_NS = 1_000_000_000L;
    static final String DEFAULT_RW = "randrw";
    static final int DEFAULT_READ_PERCENT = 50;
    static final int DEFAULT_IO_SIZE_BYTES = 4096;
    static final int DEFAULT_QUEUE_DEPTH = 8;
    static final String DEFAULT_JOB_NAME = "workload";
    static final int DEFAULT_FSYNC_EVERY_WRITES = 16;
    static final long DEFAULT_RUNTIME_NS = 3_000_000_000L;
    static final long DEFAULT_HLOG_INTERVAL_NS = 1_000_000_000L;
    static final long DEFAULT_DRAIN_TIMEOUT_NS = 30_000_000_000L;
    /**
     * Periods the harness converts to whole milliseconds ({@link HarnessLimits}, hlog timestamps) must be at least
     * one.
     */
    private static final long MIN_PERIOD_NS = 1_000_000L;

    private final String defaultName;
    /** Where an error points when no key is involved: the file as a whole, or "defaults" without a file. */
    private final Origin sourceOrigin;
    private final Path baseDir;
    /** A model written once under downstairs.all is built once and shared by the three downstairs. */
    private final Map<Node, LatencyModel> builtModels = new IdentityHashMap<>();

    /** A key that was written (in the file or by an override), with its path. */
    private record Field(String path, Origin keyOrigin, Node value) {
        Origin valueOrigin() {
            return value.origin();
        }
    }

    /** A map under a path; empty (with its parent's origin) when it was not written. */
    private record Section(String path, MapNode map) {
        Field field(String key) {
            Entry entry = map.get(key);
            return entry == null ? null : new Field(join(path, key), entry.keyOrigin(), entry.value());
        }
    }

    /** A key that takes part in a cross-field check; {@code field} is null when it kept its default. */
    private record Involved(String path, Field field) {
    }

    ScenarioBinder(String defaultName, Origin sourceOrigin, Path baseDir) {
        this.defaultName = defaultName;
        this.sourceOrigin = sourceOrigin;
        this.baseDir = baseDir;
    }

    Scenario bind(MapNode root) {
        Section top = new Section("", root);
        checkKeys(top, TOP_KEYS);

        String name = name(top.field("name"));
        long seed = seed(top.field("seed"));
        ClockKind clock = clock(top.field("clock"));
        String transport = transport(top.field("transport"));
        Section volumeSection = section(top, "volume", VOLUME_KEYS);
        RegionDefinition volume = volume(volumeSection);
        UpstairsSettings upstairs = upstairs(section(top, "upstairs", UPSTAIRS_KEYS));
        List<DownstairsModel> downstairs = downstairs(section(top, "downstairs", DOWNSTAIRS_KEYS));
        WorkloadSpec workload = workload(section(top, "workload", WORKLOAD_KEYS), volumeSection, volume);
        List<String> reports = reports(top.field("reports"));
        Section outputSection = section(top, "output", OUTPUT_KEYS);
        Field writeIologField = outputSection.field("write_iolog");
        OutputSettings output = new OutputSettings(durationNs(outputSection.field("hlog_interval"),
                DEFAULT_HLOG_INTERVAL_NS, MIN_PERIOD_NS), writeIologField != null && booleanValue(writeIologField));
        long drainTimeoutNs = durationNs(top.field("drain_timeout"), DEFAULT_DRAIN_TIMEOUT_NS, MIN_PERIOD_NS);
        try {
            return new Scenario(name, seed, clock, transport, volume, upstairs, downstairs, workload, reports, output,
                    drainTimeoutNs);
        } catch (IllegalArgumentException e) {
            // Every check above precedes the record's own; reaching this is a binder bug, but still the user's run.
            throw new ScenarioException(sourceOrigin.prefix() + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- top-level scalars

    private String name(Field field) {
        if (field == null) {
            if (!Scenario.NAME_PATTERN.matcher(defaultName).matches()) {
                throw error(sourceOrigin, "name", "the file name gives '" + defaultName + "', which is not a valid "
                        + "scenario name (" + Scenario.NAME_PATTERN_TEXT + "); add a name: key");
            }
            return defaultName;
        }
        String text = text(field, "must be a name matching " + Scenario.NAME_PATTERN_TEXT);
        if (!Scenario.NAME_PATTERN.matcher(text).matches()) {
            throw valueError(field, "must be a name matching " + Scenario.NAME_PATTERN_TEXT + ", got '" + text + "'");
        }
        return text;
    }

    private long seed(Field field) {
        if (field == null) {
            return SeedStreams.DEFAULT_ROOT_SEED;
        }
        return longValue(field, Long.MIN_VALUE, Long.MAX_VALUE, "must be an integer (any 64-bit value)");
    }

    private ClockKind clock(Field field) {
        if (field == null) {
            return ClockKind.REAL;
        }
        String text = text(field, "must be real or virtual");
        for (ClockKind kind : ClockKind.values()) {
            if (kind.yamlName().equals(text)) {
                return kind;
            }
        }
        throw valueError(field, "must be real or virtual, got '" + text + "'");
    }

    private String transport(Field field) {
        if (field == null) {
            return Scenario.TRANSPORT_IN_PROCESS;
        }
        String text = text(field, "must be " + Scenario.TRANSPORT_IN_PROCESS);
        if (text.equals("tcp")) {
            throw valueError(field, "tcp is not supported yet (it comes with the downstairs-over-TCP work); use "
                    + Scenario.TRANSPORT_IN_PROCESS);
        }
        if (!text.equals(Scenario.TRANSPORT_IN_PROCESS)) {
            throw valueError(field, "must be " + Scenario.TRANSPORT_IN_PROCESS + " (tcp comes later), got '" + text
                    + "'");
        }
        return text;
    }

    // ---------------------------------------------------------------- volume, upstairs

    private RegionDefinition volume(Section volume) {
        Field blockSizeField = volume.field("block_size");
        int blockSizeBytes = DEFAULT_BLOCK_SIZE_BYTES;
        if (blockSizeField != null) {
            String expectation = "must be a power of two from " + RegionDefinition.MIN_BLOCK_SIZE_BYTES + " to "
                    + RegionDefinition.MAX_BLOCK_SIZE_BYTES + " bytes (512, 4k, 32KiB, ...)";
            long bytes = sizeBytes(blockSizeField, expectation);
            if (bytes < RegionDefinition.MIN_BLOCK_SIZE_BYTES || bytes > RegionDefinition.MAX_BLOCK_SIZE_BYTES
                    || Long.bitCount(bytes) != 1) {
                throw valueError(blockSizeField, expectation + ", got " + blockSizeField.value().shown());
            }
            blockSizeBytes = (int) bytes;
        }
        Field extentSizeField = volume.field("extent_size");
        int extentSizeBlocks = extentSizeField == null ? DEFAULT_EXTENT_SIZE_BLOCKS
                : intValue(extentSizeField, 1, Integer.MAX_VALUE, "must be an integer >= 1 (blocks per extent)");
        Field extentCountField = volume.field("extent_count");
        int extentCount = extentCountField == null ? DEFAULT_EXTENT_COUNT
                : intValue(extentCountField, 1, Integer.MAX_VALUE, "must be an integer >= 1");
        RegionDefinition region = new RegionDefinition(blockSizeBytes, extentSizeBlocks, extentCount);
        if (region.totalBlocks() > HarnessLimits.MAX_VOLUME_BLOCKS) {
            throw crossError("extent_size " + extentSizeBlocks + " x extent_count " + extentCount + " = "
                    + region.totalBlocks() + " blocks; the harness tracks at most " + HarnessLimits.MAX_VOLUME_BLOCKS
                    + " (12 bytes of oracle each)",
                    new Involved("volume.extent_count", extentCountField),
                    new Involved("volume.extent_size", extentSizeField));
        }
        return region;
    }

    private UpstairsSettings upstairs(Section upstairs) {
        Field maxInFlightField = upstairs.field("max_in_flight");
        int maxInFlight = maxInFlightField == null ? DEFAULT_MAX_IN_FLIGHT
                : intValue(maxInFlightField, 1, HarnessLimits.MAX_IN_FLIGHT_PER_CLIENT,
                        "must be an integer from 1 to " + HarnessLimits.MAX_IN_FLIGHT_PER_CLIENT);
        long flushTimeoutNs = durationNs(upstairs.field("flush_timeout"), DEFAULT_FLUSH_TIMEOUT_NS, MIN_PERIOD_NS);
        long statusIntervalNs = durationNs(upstairs.field("status_interval"), DEFAULT_STATUS_INTERVAL_NS,
                MIN_PERIOD_NS);
        LatencyModel processing = model(upstairs.field("processing"));
        return new UpstairsSettings(maxInFlight, flushTimeoutNs, statusIntervalNs, processing);
    }

    // ---------------------------------------------------------------- downstairs

    /**
     * Each client's settings are its own section merged key by key over {@code all}: a leaf (a model, or a
     * {@code per_byte_ns}) written under the client wins, else the one under {@code all}, else the default. A model
     * is a leaf: a client's {@code {kind: exponential, ...}} replaces the whole model of {@code all}.
     */
    private List<DownstairsModel> downstairs(Section downstairs) {
        Section all = clientSection(downstairs, "all");
        List<DownstairsModel> models = new ArrayList<>(Scenario.DOWNSTAIRS_COUNT);
        for (int clientId = 0; clientId < Scenario.DOWNSTAIRS_COUNT; clientId++) {
            Section client = clientSection(downstairs, Integer.toString(clientId));
            models.add(new DownstairsModel(
                    model(leaf(client, all, "link", "to_downstairs")),
                    model(leaf(client, all, "link", "to_upstairs")),
                    serviceTime(client, all, "read"),
                    serviceTime(client, all, "write"),
                    serviceTime(client, all, "flush")));
        }
        return models;
    }

    /** Checks the shape of one client's (or all's) section, so that a typo is refused even where it would not matter. */
    private Section clientSection(Section downstairs, String key) {
        Section client = section(downstairs, key, CLIENT_KEYS);
        section(client, "link", LINK_KEYS);
        Section service = section(client, "service", SERVICE_KEYS);
        for (String operation : SERVICE_KEYS) {
            section(service, operation, OPERATION_KEYS);
        }
        return client;
    }

    /** 1 ms per byte: a 1 MiB IO then takes about 17 minutes, far past any sane model, far from overflow. */
    static final long MAX_PER_BYTE_NS = 1_000_000;

    private ServiceTime serviceTime(Section client, Section all, String operation) {
        LatencyModel fixed = model(leaf(client, all, "service", operation, "fixed"));
        Field perByteField = leaf(client, all, "service", operation, "per_byte_ns");
        double perByteNs = 0;
        if (perByteField != null) {
            String expectation = "must be a number from 0 to " + MAX_PER_BYTE_NS + " (nanoseconds per byte)";
            perByteNs = numberValue(perByteField, expectation);
            if (!(perByteNs >= 0 && perByteNs <= MAX_PER_BYTE_NS)) {
                throw valueError(perByteField, expectation + ", got " + perByteField.value().shown());
            }
        }
        return new ServiceTime(fixed, perByteNs);
    }

    /** @return the leaf under the client if written there, else under all, else null */
    private static Field leaf(Section client, Section all, String... keys) {
        Field own = leaf(client, keys);
        return own != null ? own : leaf(all, keys);
    }

    private static Field leaf(Section section, String... keys) {
        Section current = section;
        for (int i = 0; i < keys.length - 1; i++) {
            Field child = current.field(keys[i]);
            if (child == null || !(child.value() instanceof MapNode map)) {
                return null; // absent or null; the shape was checked by clientSection
            }
            current = new Section(child.path(), map);
        }
        return current.field(keys[keys.length - 1]);
    }

    // ---------------------------------------------------------------- workload

    /**
     * A job's view of the keys: its own map first, then the workload level (fio's [global]). Paths in messages are
     * those of the map the value came from.
     */
    private record JobFields(Section own, Section global) {
        Field field(String key) {
            Field field = own == null ? null : own.field(key);
            return field != null ? field : global.field(key);
        }

        Field ownField(String key) {
            return own == null ? null : own.field(key);
        }

        /** @return the key as the job itself wrote it, or as the workload wrote it when there is no jobs list */
        Field writtenHere(String key) {
            return own == null ? global.field(key) : own.field(key);
        }

        /**
         * A group of keys that together decide one thing (the IO sizes, say): if the job writes any of them, only
         * the job's are read, so a job's bsrange overrides an inherited bssplit instead of clashing with it.
         */
        JobFields group(String... keys) {
            if (own != null) {
                for (String key : keys) {
                    if (own.field(key) != null) {
                        return new JobFields(own, new Section(global.path(), new MapNode(global.map().origin())));
                    }
                }
            }
            return this;
        }

        String path() {
            return own == null ? global.path() : own.path();
        }
    }

    private WorkloadSpec workload(Section workload, Section volumeSection, RegionDefinition volume) {
        Field jobsField = workload.field("jobs");
        List<JobSpec> jobs = new ArrayList<>();
        if (jobsField == null) {
            jobs.add(job(new JobFields(null, workload), DEFAULT_JOB_NAME, volumeSection, volume));
        } else {
            if (!(jobsField.value() instanceof ListNode list) || list.items().isEmpty()) {
                throw valueError(jobsField, "must be a non-empty list of jobs, each a map with a name and the "
                        + "workload keys it sets differently, e.g. [{name: reader, rw: randread, iodepth: 1}]");
            }
            if (list.items().size() > HarnessLimits.MAX_JOBS) {
                throw valueError(jobsField, "has " + list.items().size() + " jobs; at most " + HarnessLimits.MAX_JOBS
                        + " run at once");
            }
            Field nameField = workload.field("name");
            if (nameField != null) {
                throw valueError(nameField, "names the single job of a workload without jobs; with a jobs list, "
                        + "name each job instead");
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                Node item = list.items().get(i);
                String path = jobsField.path() + "[" + i + "]";
                if (!(item instanceof MapNode map)) {
                    throw error(item.origin(), path, "must be a map of job keys (" + String.join(", ", JOB_KEYS)
                            + "), got " + item.shown());
                }
                Section own = new Section(path, map);
                checkKeys(own, JOB_KEYS);
                JobSpec job = job(new JobFields(own, workload), "job" + i, volumeSection, volume);
                // Names become file names (iolog/JOB.iolog), and some file systems ignore case.
                if (names.stream().anyMatch(known -> known.equalsIgnoreCase(job.name()))) {
                    throw error(own.field("name") == null ? item.origin() : own.field("name").valueOrigin(),
                            path + ".name", "job name '" + job.name() + "' is used twice; job names must differ");
                }
                names.add(job.name());
                jobs.add(job);
            }
        }
        return new WorkloadSpec(jobs);
    }

    private JobSpec job(JobFields fields, String defaultName, Section volumeSection, RegionDefinition volume) {
        Field nameField = fields.writtenHere("name");
        String name = defaultName;
        if (nameField != null) {
            name = text(nameField, "must be a job name (" + Scenario.NAME_PATTERN_TEXT + ")");
            if (!Scenario.NAME_PATTERN.matcher(name).matches()) {
                throw valueError(nameField, "must be a job name matching " + Scenario.NAME_PATTERN_TEXT + ", got '"
                        + name + "'");
            }
        }
        Field queueDepthField = fields.field("iodepth");
        int queueDepth = queueDepthField == null ? DEFAULT_QUEUE_DEPTH
                : intValue(queueDepthField, 1, HarnessLimits.MAX_IN_FLIGHT_PER_CLIENT, "must be an integer >= 1");
        Field numberIosField = fields.field("number_ios");
        long numberIos = numberIosField == null ? 0
                : longValue(numberIosField, 0, Long.MAX_VALUE, "must be an integer >= 0 (0 for no limit)");
        Field verifyField = fields.field("verify");
        boolean verify = verifyField == null || booleanValue(verifyField);
        JobSpec.Builder job = JobSpec.builder(name).ioDepth(queueDepth).numberIos(numberIos).verify(verify)
                .buffer(buffer(fields.group("buffer_pattern", "zero_buffers")));
        Field runtimeField = fields.field("runtime");

        Field iologField = fields.field("read_iolog");
        if (iologField != null) {
            for (String key : GENERATOR_ONLY_KEYS) {
                Field own = fields.writtenHere(key);
                if (own != null) {
                    throw error(own.keyOrigin(), own.path(), "does not apply to a job that replays read_iolog");
                }
            }
            // A replay ends with its trace; only a runtime that was written cuts it short.
            long runtimeNs = durationNs(runtimeField, 0, 0);
            ReplaySpec replay = replay(fields, iologField, volume);
            // The generator's fields are unused by a replay: its defaults, over the whole volume, pass the checks.
            return build(fields, job.rw(DEFAULT_RW).readPercent(DEFAULT_READ_PERCENT)
                    .blockSizes(BlockSizes.fixed(Integer.toString(volume.blockSizeBytes())))
                    .sizeBytes(volume.totalBytes()).runtimeNs(runtimeNs).replay(replay));
        }
        for (String key : List.of("iolog_format", "replay_no_stall", "replay_time_scale", "replay_out_of_range")) {
            // In a jobs list, workload-level replay keys are defaults for the jobs that replay.
            Field replayKey = fields.writtenHere(key);
            if (replayKey != null) {
                throw error(replayKey.keyOrigin(), replayKey.path(), "applies only to a job with read_iolog");
            }
        }

        Field rwField = fields.field("rw");
        String rw = DEFAULT_RW;
        if (rwField != null) {
            String expectation = "must be one of " + String.join(", ", JobSpec.RW_PATTERNS);
            rw = text(rwField, expectation);
            if (!JobSpec.RW_PATTERNS.contains(rw)) {
                throw valueError(rwField, expectation + " (fio's names), got '" + rw + "'");
            }
        }
        Field readPercentField = fields.field("rwmixread");
        int readPercent = readPercentField == null ? DEFAULT_READ_PERCENT
                : intValue(readPercentField, 0, 100, "must be an integer from 0 to 100");
        // As in fio, read, randread, write and randwrite decide the mix whatever rwmixread says.
        int requiredReadPercent = JobSpec.requiredReadPercent(rw);
        if (requiredReadPercent >= 0) {
            readPercent = requiredReadPercent;
        }

        BlockSizes sizes = blockSizes(fields.group("bs", "bssplit", "bsrange"), volumeSection, volume);
        long[] region = region(fields, volume, sizes);

        Field rateField = fields.field("rate_iops");
        Field processField = fields.field("rate_process");
        ArrivalProcess arrivals = null;
        if (rateField != null) {
            String expectation = "must be a number of IOs per second > 0 (an open loop)";
            double rate = numberValue(rateField, expectation);
            if (rate > HarnessLimits.MAX_RATE_IOPS) {
                throw valueError(rateField, "must be at most " + (long) HarnessLimits.MAX_RATE_IOPS + " IOs per second, got "
                        + rateField.value().shown());
            }
            if (!(rate > 0)) {
                throw valueError(rateField, expectation + ", got " + rateField.value().shown());
            }
            String process = processField == null ? "linear" : text(processField, "must be linear or poisson");
            try {
                arrivals = ArrivalProcess.parse(process, rate);
            } catch (IllegalArgumentException e) {
                throw valueError(processField == null ? rateField : processField, e.getMessage());
            }
        } else if (processField != null) {
            throw valueError(processField, "applies only with rate_iops (an open loop); set rate_iops too");
        }

        Field distributionField = fields.field("random_distribution");
        RandomDistribution distribution = RandomDistribution.uniform();
        if (distributionField != null) {
            try {
                distribution = RandomDistribution.parse(text(distributionField,
                        "must be random, zipf:THETA, pareto:H or normal:SIGMA"));
            } catch (IllegalArgumentException e) {
                throw valueError(distributionField, e.getMessage());
            }
            boolean inherited = fields.own() != null && fields.ownField("random_distribution") == null
                    && fields.ownField("rw") != null;
            if (inherited && !rw.startsWith("rand")) {
                // A sequential job ignores a distribution it only inherited, as fio does.
                distribution = RandomDistribution.uniform();
            } else if (!rw.startsWith("rand") && !distribution.describe().equals("random")) {
                throw crossError("random_distribution " + distribution.describe() + " applies to random patterns, "
                        + "but rw is " + rw + " (sequential)", new Involved(distributionField.path(),
                        distributionField), new Involved(rwField == null ? "rw" : rwField.path(), rwField));
            }
        }

        Field fsyncField = fields.field("fsync");
        int fsyncEveryWrites = fsyncField == null ? DEFAULT_FSYNC_EVERY_WRITES
                : intValue(fsyncField, 0, Integer.MAX_VALUE, "must be an integer >= 0 (a flush after every N writes, "
                        + "0 for none)");
        Field flushMixField = fields.field("flush_mix");
        double flushShare = 0;
        if (flushMixField != null) {
            String expectation = "must be a number from 0 to 1 (the probability that an IO is a flush)";
            flushShare = numberValue(flushMixField, expectation);
            if (!(flushShare >= 0 && flushShare <= 1)) {
                throw valueError(flushMixField, expectation + ", got " + flushMixField.value().shown());
            }
        }
        long runtimeNs = durationNs(runtimeField, DEFAULT_RUNTIME_NS, 0);
        if (runtimeNs == 0 && numberIos == 0) {
            throw crossError("runtime and number_ios are both 0, so " + (fields.own() == null ? "the workload"
                    : "job " + name) + " would never stop; give one of them a limit", new Involved(fields.path() + ".runtime", runtimeField),
                    new Involved(fields.path() + ".number_ios", numberIosField));
        }
        return build(fields, job.rw(rw).readPercent(readPercent).blockSizes(sizes).arrivals(arrivals)
                .offsetBytes(region[0]).sizeBytes(region[1]).distribution(distribution)
                .fsyncEveryWrites(fsyncEveryWrites).flushShare(flushShare).runtimeNs(runtimeNs));
    }

    private JobSpec build(JobFields fields, JobSpec.Builder job) {
        try {
            return job.build();
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(sourceOrigin.prefix() + ": " + fields.path() + ": " + e.getMessage(), e);
        }
    }

    private BufferContent buffer(JobFields fields) {
        Field patternField = fields.field("buffer_pattern");
        Field zeroField = fields.field("zero_buffers");
        boolean zero = zeroField != null && booleanValue(zeroField);
        if (patternField != null && zero) {
            throw crossError("buffer_pattern and zero_buffers both say what writes carry; set one",
                    new Involved(patternField.path(), patternField), new Involved(zeroField.path(), zeroField));
        }
        if (patternField != null) {
            try {
                return BufferContent.pattern(text(patternField, "must be hex such as 0xdeadbeef or a quoted string"));
            } catch (IllegalArgumentException e) {
                throw valueError(patternField, e.getMessage());
            }
        }
        return zero ? BufferContent.ZERO : BufferContent.RANDOM;
    }

    private BlockSizes blockSizes(JobFields fields, Section volumeSection, RegionDefinition volume) {
        Field bsField = fields.field("bs");
        Field splitField = fields.field("bssplit");
        Field rangeField = fields.field("bsrange");
        Field blockSizeField = volumeSection.field("block_size");
        int given = (splitField != null ? 1 : 0) + (rangeField != null ? 1 : 0);
        if (given > 1) {
            throw crossError("bssplit and bsrange both give the IO sizes; set one", new Involved(splitField.path(),
                    splitField), new Involved(rangeField.path(), rangeField));
        }
        Field used = splitField != null ? splitField : rangeField != null ? rangeField : bsField;
        BlockSizes sizes;
        try {
            if (splitField != null) {
                sizes = BlockSizes.split(text(splitField, "must be fio's bssplit, e.g. 4k/50:64k/50"));
            } else if (rangeField != null) {
                sizes = BlockSizes.range(text(rangeField, "must be fio's bsrange, e.g. 4k-64k"));
            } else if (bsField == null || !text(bsField, "must be a size").contains(",")) {
                long bytes = bsField == null ? DEFAULT_IO_SIZE_BYTES
                        : sizeBytes(bsField, "must be a size in bytes such as 4096, 4k or 1MiB");
                if (bytes < 1) {
                    throw valueError(bsField, "must be a size > 0 bytes, got " + bsField.value().shown());
                }
                if (bytes > HarnessLimits.MAX_IO_BYTES) {
                    throw valueError(bsField, "must be at most " + (HarnessLimits.MAX_IO_BYTES >> 20) + " MiB ("
                            + HarnessLimits.MAX_IO_BYTES + " bytes; Crucible's guest splits larger IO), got "
                            + bsField.value().shown());
                }
                if (bytes % volume.blockSizeBytes() != 0) {
                    String path = bsField == null ? "workload.bs" : bsField.path();
                    throw crossError(path + " " + Quantities.showBytes(bytes) + " is not a multiple of "
                            + "volume.block_size " + Quantities.showBytes(volume.blockSizeBytes()),
                            new Involved(path, bsField), new Involved("volume.block_size", blockSizeField));
                }
                sizes = BlockSizes.fixed(Long.toString(bytes));
            } else {
                sizes = BlockSizes.fixed(text(bsField, "must be a size"));
            }
        } catch (IllegalArgumentException e) {
            if (e instanceof ScenarioException scenarioError) {
                throw scenarioError;
            }
            throw valueError(used, e.getMessage());
        }
        try {
            return sizes.validated(volume.blockSizeBytes(), HarnessLimits.MAX_IO_BYTES);
        } catch (IllegalArgumentException e) {
            throw crossError(e.getMessage() + " (volume.block_size is "
                    + Quantities.showBytes(volume.blockSizeBytes()) + ")", new Involved(used.path(), used),
                    new Involved("volume.block_size", blockSizeField));
        }
    }

    /** @return {offset, size} of the job's region in bytes (fio's offset and size, which may be percentages) */
    private long[] region(JobFields fields, RegionDefinition volume, BlockSizes sizes) {
        long volumeBytes = volume.totalBytes();
        Field offsetField = fields.field("offset");
        Field sizeField = fields.field("size");
        long offset = offsetField == null ? 0 : regionBytes(offsetField, volumeBytes, volume.blockSizeBytes());
        if (offset >= volumeBytes) {
            throw valueError(offsetField, "is at or past the end of the volume (" + volumeBytes + " bytes)");
        }
        long size = sizeField == null ? volumeBytes - offset
                : regionBytes(sizeField, volumeBytes, volume.blockSizeBytes());
        if (offset + size > volumeBytes) {
            throw crossError("offset " + offset + " + size " + size + " = " + (offset + size) + " bytes passes the end "
                    + "of the volume (" + volumeBytes + " bytes)", new Involved(fields.path() + ".size", sizeField),
                    new Involved(fields.path() + ".offset", offsetField));
        }
        if (size < sizes.maxBytes()) {
            throw crossError("the job's region of " + size + " bytes cannot hold its largest IO of " + sizes.maxBytes()
                    + " bytes", new Involved(fields.path() + ".size", sizeField),
                    new Involved(fields.path() + ".offset", offsetField),
                    new Involved(fields.path() + ".bs", fields.field("bs")),
                    new Involved(fields.path() + ".bssplit", fields.field("bssplit")),
                    new Involved(fields.path() + ".bsrange", fields.field("bsrange")));
        }
        return new long[] {offset, size};
    }

    private static long regionBytes(Field field, long volumeBytes, int blockSizeBytes) {
        String expectation = "must be a size such as 64m or a percentage of the volume such as 50%";
        String text = text(field, expectation);
        long bytes;
        if (text.endsWith("%")) {
            Double percent = Quantities.parseNumber(text.substring(0, text.length() - 1));
            if (percent == null || !(percent >= 0 && percent <= 100)) {
                throw valueError(field, expectation + " (0% to 100%), got '" + text + "'");
            }
            // A share of the volume, rounded down to whole blocks.
            bytes = (long) (volumeBytes / blockSizeBytes * percent / 100) * blockSizeBytes;
        } else {
            Long parsed = Quantities.parseSizeBytes(text);
            if (parsed == null) {
                throw valueError(field, expectation + ", got '" + text + "'");
            }
            bytes = parsed;
            if (bytes % blockSizeBytes != 0) {
                throw valueError(field, "must be a multiple of the volume's block size, " + blockSizeBytes
                        + " bytes, got " + bytes);
            }
        }
        return bytes;
    }

    private ReplaySpec replay(JobFields fields, Field iologField, RegionDefinition volume) {
        Path file = file(iologField);
        Field formatField = fields.field("iolog_format");
        TraceFormat format = null;
        if (formatField != null) {
            try {
                format = TraceFormat.parse(text(formatField, "must be iolog, csv or jsonl"));
            } catch (IllegalArgumentException e) {
                throw valueError(formatField, e.getMessage());
            }
        }
        Field noStallField = fields.field("replay_no_stall");
        boolean noStall = noStallField != null && booleanValue(noStallField);
        Field scaleField = fields.field("replay_time_scale");
        int scalePercent = scaleField == null ? 100
                : intValue(scaleField, 1, 1_000_000, "must be a percentage from 1 to 1000000 (200 replays twice as "
                        + "fast as recorded)");
        Field rangeField = fields.field("replay_out_of_range");
        Trace.OutOfRange outOfRange = Trace.OutOfRange.REJECT;
        if (rangeField != null) {
            try {
                outOfRange = Trace.OutOfRange.parse(text(rangeField, "must be reject or wrap"));
            } catch (IllegalArgumentException e) {
                throw valueError(rangeField, e.getMessage());
            }
        }
        try {
            Trace trace = TraceReader.read(file, format).fitTo(volume.totalBytes(), volume.blockSizeBytes(),
                    HarnessLimits.MAX_IO_BYTES, outOfRange);
            return new ReplaySpec(trace, noStall, scalePercent, outOfRange);
        } catch (IOException e) {
            throw valueError(iologField, "cannot read " + file + ": " + ioReason(e));
        } catch (TraceFormatException e) {
            throw valueError(iologField, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- reports

    private List<String> reports(Field field) {
        if (field == null) {
            return Reports.NAMES;
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
            throw valueError(field, "must be a list of report names ([perfgw, tracegw] or perfgw,tracegw; [] for "
                    + "none), got " + field.value().shown());
        }
        List<String> names = new ArrayList<>();
        for (Field item : items) {
            String text = text(item, "must be a report name, one of " + valid);
            String bare = text.endsWith(".d") ? text.substring(0, text.length() - 2) : text;
            if (bare.isEmpty()) {
                throw valueError(item, "has an empty report name; choose from " + valid);
            }
            if (!Reports.ALL_NAMES.contains(bare)) {
                throw valueError(item, "unknown report '" + text + "'; choose from " + valid);
            }
            if (names.contains(bare)) {
                throw valueError(item, "names report '" + bare + "' twice");
            }
            names.add(bare);
        }
        return names;
    }

    // ---------------------------------------------------------------- latency models

    /** @return the model written under the field, or null for none or when the field is absent */
    private LatencyModel model(Field field) {
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
        String expectation = "must be none, a duration such as 30us (a constant delay) or a map with kind: "
                + String.join(", ", MODEL_KINDS);
        if (value instanceof ScalarNode scalar) {
            if (scalar.text() == null) {
                throw error(scalar.origin(), path, "has no value; write none for no delay, a duration such as 30us, "
                        + "or a map with kind");
            }
            String text = scalar.text().strip();
            if (text.equals("none")) {
                return null;
            }
            BigDecimal delayNs = Quantities.parseDurationNs(text);
            if (delayNs == null) {
                if (Quantities.isNumber(text)) {
                    throw error(scalar.origin(), path, unitMissing(text));
                }
                throw error(scalar.origin(), path, expectation + ", got '" + text + "'");
            }
            long wholeNs = wholeNs(delayNs, scalar.origin(), path);
            return build(scalar.origin(), path, () -> LatencyModels.constant(wholeNs));
        }
        if (!(value instanceof MapNode map)) {
            throw error(value.origin(), path, expectation + ", got " + value.shown());
        }
        Section section = new Section(path, map);
        Field kindField = section.field("kind");
        if (kindField == null) {
            throw error(anchor, path, "a latency model map needs kind: one of " + String.join(", ", MODEL_KINDS));
        }
        String kind = text(kindField, "must be one of " + String.join(", ", MODEL_KINDS));
        switch (kind) {
            case "constant": {
                checkKeys(section, List.of("kind", "delay"));
                long delayNs = modelWholeNs(required(section, "delay", anchor, kind, "a duration"));
                return build(anchor, path, () -> LatencyModels.constant(delayNs));
            }
            case "uniform": {
                checkKeys(section, List.of("kind", "min", "max"));
                long minNs = modelWholeNs(required(section, "min", anchor, kind, "a duration"));
                long maxNs = modelWholeNs(required(section, "max", anchor, kind, "a duration"));
                return build(anchor, path, () -> LatencyModels.uniform(minNs, maxNs));
            }
            case "exponential": {
                checkKeys(section, List.of("kind", "mean"));
                double meanNs = modelNs(required(section, "mean", anchor, kind, "a duration"));
                return build(anchor, path, () -> LatencyModels.exponential(meanNs));
            }
            case "normal": {
                checkKeys(section, List.of("kind", "mean", "stddev"));
                double meanNs = modelNs(required(section, "mean", anchor, kind, "a duration"));
                double stddevNs = modelNs(required(section, "stddev", anchor, kind, "a duration"));
                return build(anchor, path, () -> LatencyModels.normal(meanNs, stddevNs));
            }
            case "lognormal":
                return lognormal(section, anchor);
            case "pareto": {
                checkKeys(section, List.of("kind", "scale", "shape"));
                double scaleNs = modelNs(required(section, "scale", anchor, kind, "a duration"));
                double shape = numberValue(required(section, "shape", anchor, kind, "a number"), "must be a number");
                return build(anchor, path, () -> LatencyModels.pareto(scaleNs, shape));
            }
            case "mixture":
                return mixture(section, anchor);
            case "empirical":
                return empirical(section, anchor);
            default:
                throw valueError(kindField, "unknown model kind '" + kind + "'; expected one of "
                        + String.join(", ", MODEL_KINDS));
        }
    }

    private LatencyModel lognormal(Section section, Origin anchor) {
        boolean byMedian = section.map().get("median") != null || section.map().get("sigma") != null;
        boolean byMean = section.map().get("mean") != null || section.map().get("stddev") != null;
        if (byMedian && byMean) {
            throw error(anchor, section.path(), "lognormal: takes median and sigma, or mean and stddev, not a mix");
        }
        if (byMean) {
            checkKeys(section, List.of("kind", "mean", "stddev"));
            double meanNs = modelNs(required(section, "mean", anchor, "lognormal", "a duration"));
            double stddevNs = modelNs(required(section, "stddev", anchor, "lognormal", "a duration"));
            return build(anchor, section.path(), () -> LatencyModels.lognormalFromMean(meanNs, stddevNs));
        }
        checkKeys(section, List.of("kind", "median", "sigma", "mean", "stddev"));
        if (!byMedian) {
            throw error(anchor, section.path(), "lognormal: needs median and sigma (the standard deviation of "
                    + "ln(delay)), or mean and stddev");
        }
        double medianNs = modelNs(required(section, "median", anchor, "lognormal", "a duration"));
        double sigma = numberValue(required(section, "sigma", anchor, "lognormal", "a number"), "must be a number");
        return build(anchor, section.path(), () -> LatencyModels.lognormal(medianNs, sigma));
    }

    private LatencyModel mixture(Section section, Origin anchor) {
        checkKeys(section, List.of("kind", "components"));
        Field componentsField = required(section, "components", anchor, "mixture",
                "a list of {weight: 0.99, model: <model>}");
        if (!(componentsField.value() instanceof ListNode list)) {
            throw valueError(componentsField, "must be a list of {weight: 0.99, model: <model>}, got "
                    + componentsField.value().shown());
        }
        List<WeightedModel> components = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            Field itemField = new Field(componentsField.path() + "[" + i + "]", item.origin(), item);
            if (!(item instanceof MapNode itemMap)) {
                throw valueError(itemField, "must be a map {weight: 0.99, model: <model>}, got " + item.shown());
            }
            Section component = new Section(itemField.path(), itemMap);
            checkKeys(component, List.of("weight", "model"));
            double weight = numberValue(required(component, "weight", item.origin(), "mixture", "a number"),
                    "must be a number > 0 (weights are relative)");
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
            throw error(anchor, section.path(), "empirical: takes dtrace or hdr_log, not both");
        }
        if (dtrace == null && hdrLog == null) {
            checkKeys(section, List.of("kind", "dtrace", "key", "hdr_log", "tag"));
            throw error(anchor, section.path(), "empirical: needs dtrace: <file> (dtrace's quantize output) or "
                    + "hdr_log: <file> (an HdrHistogram interval log)");
        }
        boolean isDTrace = dtrace != null;
        checkKeys(section, isDTrace ? List.of("kind", "dtrace", "key") : List.of("kind", "hdr_log", "tag"));
        Field fileField = isDTrace ? dtrace : hdrLog;
        Field selectorField = section.field(isDTrace ? "key" : "tag");
        String selector = selectorField == null ? null : text(selectorField, "must be text");
        Path file = file(fileField);
        try {
            LatencyModel model = isDTrace ? LatencyModels.fromDTraceQuantize(file, selector)
                    : LatencyModels.fromHdrHistogramLog(file, selector);
            return model;
        } catch (IOException e) {
            throw new ScenarioException(fileField.valueOrigin().prefix() + ": " + fileField.path()
                    + ": empirical: cannot read " + file + ": " + ioReason(e), e);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().startsWith("empirical") ? e.getMessage() : "empirical: " + e.getMessage();
            throw new ScenarioException(anchor.prefix() + ": " + section.path() + ": " + message, e);
        }
    }

    /** Relative paths are relative to the scenario file's directory, or to the working directory for an option. */
    private Path file(Field field) {
        String text = text(field, "must be a file path");
        try {
            Path path = Path.of(text);
            return field.valueOrigin().isOption() ? path : baseDir.resolve(path);
        } catch (InvalidPathException e) {
            throw valueError(field, "is not a valid path: " + e.getReason());
        }
    }

    private Field required(Section section, String key, Origin anchor, String kind, String what) {
        Field field = section.field(key);
        if (field == null) {
            throw error(anchor, section.path(), kind + ": needs " + key + " (" + what + ")");
        }
        return field;
    }

    /** A model parameter in nanoseconds; negative values pass, for the model to refuse in its own words. */
    private double modelNs(Field field) {
        return modelDuration(field).doubleValue();
    }

    private long modelWholeNs(Field field) {
        return wholeNs(modelDuration(field), field.valueOrigin(), field.path());
    }

    private BigDecimal modelDuration(Field field) {
        String text = text(field, "must be a duration such as 30us");
        BigDecimal ns = Quantities.parseDurationNs(text);
        if (ns == null) {
            throw valueError(field, Quantities.isNumber(text) ? unitMissing(text)
                    : "must be a duration such as 30us or 1.5ms (units: " + Quantities.DURATION_UNITS + "), got '"
                            + text + "'");
        }
        return ns;
    }

    private static long wholeNs(BigDecimal ns, Origin origin, String path) {
        Long whole = Quantities.roundToLong(ns);
        if (whole == null) {
            throw error(origin, path, "duration is too large: " + ns.toPlainString() + " ns does not fit in 64 bits");
        }
        return whole;
    }

    private static LatencyModel build(Origin anchor, String path, Supplier<LatencyModel> builder) {
        try {
            return builder.get();
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(anchor.prefix() + ": " + path + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- values

    private static Section section(Section parent, String key, List<String> allowedKeys) {
        Field field = parent.field(key);
        String path = join(parent.path(), key);
        if (field == null || (field.value() instanceof ScalarNode scalar && scalar.text() == null)) {
            // Absent, or "key:" with nothing after it: all defaults.
            return new Section(path, new MapNode(field == null ? parent.map().origin() : field.keyOrigin()));
        }
        if (!(field.value() instanceof MapNode map)) {
            throw valueError(field, "must be a map with keys " + String.join(", ", allowedKeys) + ", got "
                    + field.value().shown());
        }
        Section section = new Section(path, map);
        checkKeys(section, allowedKeys);
        return section;
    }

    private static void checkKeys(Section section, List<String> allowedKeys) {
        for (Entry entry : section.map().entries()) {
            if (!allowedKeys.contains(entry.key())) {
                throw error(entry.keyOrigin(), join(section.path(), entry.key()), "unknown key; expected one of "
                        + String.join(", ", allowedKeys));
            }
        }
    }

    private static String text(Field field, String expectation) {
        if (field.value() instanceof ScalarNode scalar && scalar.text() != null) {
            return scalar.text().strip();
        }
        throw valueError(field, expectation + ", got " + field.value().shown());
    }

    private static long longValue(Field field, long min, long max, String expectation) {
        String text = text(field, expectation);
        Long value = Quantities.parseLong(text);
        if (value == null || value < min || value > max) {
            throw valueError(field, expectation + ", got '" + text + "'");
        }
        return value;
    }

    private static int intValue(Field field, int min, int max, String expectation) {
        String text = text(field, expectation);
        Long value = Quantities.parseLong(text);
        if (value == null || value < min || value > max) {
            // "an integer >= 1" alone would be a puzzling answer to 99999999999.
            boolean tooLarge = (value != null && value > max) || Quantities.isHugeInteger(text);
            String more = tooLarge && !expectation.contains(Integer.toString(max)) ? " and at most " + max : "";
            throw valueError(field, expectation + more + ", got '" + text + "'");
        }
        return (int) (long) value;
    }

    private static double numberValue(Field field, String expectation) {
        String text = text(field, expectation);
        Double value = Quantities.parseNumber(text);
        if (value == null) {
            throw valueError(field, expectation + ", got '" + text + "'");
        }
        return value;
    }

    private static boolean booleanValue(Field field) {
        String text = text(field, "must be true or false");
        switch (text) {
            case "true", "True", "TRUE", "yes", "on":
                return true;
            case "false", "False", "FALSE", "no", "off":
                return false;
            default:
                throw valueError(field, "must be true or false, got '" + text + "'");
        }
    }

    private static long sizeBytes(Field field, String expectation) {
        String text = text(field, expectation);
        Long bytes = Quantities.parseSizeBytes(text);
        if (bytes == null) {
            throw valueError(field, expectation + ", got '" + text + "'");
        }
        return bytes;
    }

    /**
     * @param defaultNs the value when the field is absent
     * @param minNs     the smallest allowed value (0 or one millisecond)
     */
    private static long durationNs(Field field, long defaultNs, long minNs) {
        if (field == null) {
            return defaultNs;
        }
        String expectation = minNs == 0 ? "must be a duration >= 0 (0 for no limit)"
                : "must be a duration of at least " + minNs / 1_000_000 + "ms";
        String text = text(field, expectation);
        BigDecimal ns = Quantities.parseDurationNs(text);
        if (ns == null) {
            throw valueError(field, Quantities.isNumber(text) ? unitMissing(text)
                    : expectation + " such as 5s or 1.5ms (units: " + Quantities.DURATION_UNITS + "), got '" + text
                            + "'");
        }
        Long whole = Quantities.roundToLong(ns);
        if (whole == null || whole < minNs) {
            throw valueError(field, expectation + ", got '" + text + "'");
        }
        return whole;
    }

    private static String unitMissing(String text) {
        return "a duration needs a unit (" + Quantities.DURATION_UNITS + "), got '" + text + "'; write e.g. " + text
                + "ms";
    }

    private static String ioReason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * Errors about a relation between keys point at one of them: one set on the command line if any (that is what
     * the user just changed), else the first written one, else the file as a whole.
     */
    private ScenarioException crossError(String what, Involved... involved) {
        for (Involved candidate : involved) {
            if (candidate.field() != null && candidate.field().valueOrigin().isOption()) {
                return valueError(candidate.field(), what);
            }
        }
        for (Involved candidate : involved) {
            if (candidate.field() != null) {
                return valueError(candidate.field(), what);
            }
        }
        return error(sourceOrigin, involved[0].path(), what);
    }

    private static ScenarioException valueError(Field field, String what) {
        return error(field.valueOrigin(), field.path(), what);
    }

    private static ScenarioException error(Origin origin, String path, String what) {
        return new ScenarioException(origin.prefix() + ": " + path + ": " + what);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** For {@link ScenarioLoader}: read failures of the scenario file itself are worded the same way. */
    static String reasonOf(IOException e) {
        return ioReason(e);
    }
}
