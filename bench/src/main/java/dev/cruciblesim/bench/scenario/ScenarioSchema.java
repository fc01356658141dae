package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.workload.Payload;
import dev.cruciblesim.bench.workload.gen.BlockSizes;
import dev.cruciblesim.bench.workload.trace.Trace;
import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.sim.random.SeedStreams;
import dev.cruciblesim.tracing.report.Reports;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.policy.UpstairsPolicies;
import dev.cruciblesim.upstairs.policy.UpstairsPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The keys a scenario may hold, section by section, the value each takes when it is left out, and the bounds the
 * binder holds values to. Key lists are in the order messages list them ("expected one of ...").
 *
 * <p>Defaults are the CLI's (RunCommand), so a run without a scenario file is the run it always was. Where a
 * component has a default of its own (the upstairs' revision O settings, the downstairs' block size, fio's bs), the
 * scenario's is that component's constant, so the two cannot drift apart.
 */
final class ScenarioSchema {
    static final List<String> TOP_KEYS = List.of("name", "seed", "clock", "transport", "runtime", "volume", "upstairs",
            "downstairs", "workload", "faults", "reports", "output", "drain_timeout");
    static final List<String> RUNTIME_KEYS = List.of("wait_strategy");
    static final List<String> VOLUME_KEYS = List.of("block_size", "extent_size", "extent_count", "payload");
    static final List<String> UPSTAIRS_KEYS = List.of("policy", "max_in_flight", "flush_timeout", "status_interval",
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
    /** The block-size keys: one of them describes a job's IO sizes, and a job's own replaces the inherited one. */
    static final List<String> BLOCK_SIZE_GROUP = List.of("bs", "bssplit", "bsrange");
    /** The buffer keys: likewise one group. */
    static final List<String> BUFFER_GROUP = List.of("buffer_pattern", "zero_buffers");
    /** Keys that shape generated IO, meaningless for a replay job: a job of its own that sets one is refused. */
    static final List<String> GENERATOR_ONLY_KEYS = List.of("rw", "rwmixread", "bs", "bssplit", "bsrange",
            "rate_iops", "rate_process", "size", "offset", "random_distribution", "fsync", "flush_mix");
    /** Keys that shape a replay, meaningless without {@code read_iolog}. */
    static final List<String> REPLAY_ONLY_KEYS = List.of("iolog_format", "replay_no_stall", "replay_time_scale",
            "replay_out_of_range");
    /** Keys of one item of {@code faults}; which of them a fault must or may write depends on its kind. */
    static final List<String> FAULT_KEYS = List.of("kind", "client", "at", "after_ios", "duration", "factor",
            "probability");
    /** More faults than this is a generated list gone wrong, not a scenario. */
    static final int MAX_FAULTS = 1000;
    static final List<String> OUTPUT_KEYS = List.of("hlog_interval", "write_iolog");
    static final List<String> MODEL_KINDS = List.of("constant", "uniform", "exponential", "normal", "lognormal",
            "pareto", "mixture", "empirical");

    // Defaults that are a component's own are its constants; a key not listed here is off by default (none, 0, false).
    static final long DEFAULT_SEED = SeedStreams.DEFAULT_ROOT_SEED;
    static final String DEFAULT_TRANSPORT = Scenario.TRANSPORT_IN_PROCESS;
    static final int DEFAULT_BLOCK_SIZE_BYTES = DownstairsConfig.DEFAULT_BLOCK_SIZE_BYTES;
    static final UpstairsPolicy DEFAULT_POLICY = UpstairsPolicies.DEFAULT;
    static final int DEFAULT_MAX_IN_FLIGHT = UpstairsConfig.O_MAX_IN_FLIGHT_PER_CLIENT;
    static final long DEFAULT_FLUSH_TIMEOUT_NS = UpstairsConfig.O_FLUSH_TIMEOUT_NS;
    static final long DEFAULT_STATUS_INTERVAL_NS = UpstairsConfig.DEFAULT_STATUS_INTERVAL_NS;
    /** fio's default bs, which is also a whole number of the default blocks. */
    static final int DEFAULT_IO_SIZE_BYTES = BlockSizes.DEFAULT_BYTES;
    static final List<String> DEFAULT_REPORTS = Reports.NAMES;

    // The bench's own defaults, which no component has.
    static final ClockKind DEFAULT_CLOCK = ClockKind.REAL;
    /** With the default block size, a 128 MiB volume. */
    static final int DEFAULT_EXTENT_SIZE_BLOCKS = 1024;
    static final int DEFAULT_EXTENT_COUNT = 32;
    /** Each clock's payload: the model stands bytes by stamps; the implementation moves real bytes. */
    static final Payload DEFAULT_VIRTUAL_PAYLOAD = Payload.STAMPS;
    static final Payload DEFAULT_REAL_PAYLOAD = Payload.BYTES;
    /** The name of the single job of a workload without a jobs list. */
    static final String DEFAULT_JOB_NAME = "workload";
    static final String DEFAULT_RW = "randrw";
    static final int DEFAULT_READ_PERCENT = 50;
    static final int DEFAULT_QUEUE_DEPTH = 8;
    static final int DEFAULT_FSYNC_EVERY_WRITES = 16;
    static final long DEFAULT_RUNTIME_NS = TimeUnit.SECONDS.toNanos(3);
    static final boolean DEFAULT_VERIFY = true;
    /** How rate_iops spaces IOs when rate_process is not given: evenly, as fio. */
    static final String DEFAULT_RATE_PROCESS = "linear";
    /** The recorded rate: a trace replays on its own timeline unless told otherwise. */
    static final int DEFAULT_REPLAY_TIME_SCALE_PERCENT = 100;
    static final Trace.OutOfRange DEFAULT_REPLAY_OUT_OF_RANGE = Trace.OutOfRange.REJECT;
    /** Real time only; virtual time's default doubles ({@link HlogInterval#ADAPTIVE}). */
    static final long DEFAULT_REAL_TIME_HLOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    static final long DEFAULT_DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    /**
     * Periods the harness converts to whole milliseconds ({@code HarnessLimits}, hlog timestamps) must be at least
     * one.
     */
    static final long MIN_PERIOD_NS = 1_000_000L;
    /** 1 ms per byte: a 1 MiB IO then takes about 17 minutes, far past any sane model, far from overflow. */
    static final long MAX_PER_BYTE_NS = 1_000_000;
    /** The fastest replay: 10,000 times the recorded rate. */
    static final int MAX_REPLAY_TIME_SCALE_PERCENT = 1_000_000;

    private ScenarioSchema() {
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    /** @return the keys that describe one thing together with {@code key} (itself included), or just {@code key} */
    static List<String> groupOf(String key) {
        if (BLOCK_SIZE_GROUP.contains(key)) {
            return BLOCK_SIZE_GROUP;
        }
        return BUFFER_GROUP.contains(key) ? BUFFER_GROUP : List.of(key);
    }

    /**
     * @return the workload keys a value of {@code key} given on the command line makes meaningless, so
     *         they go: the rest of its group ({@code bs} replaces {@code bssplit} and {@code bsrange}),
     *         or, for a trace to replay, every generator key and the jobs
     */
    static List<String> replacedBy(String key) {
        if (key.equals("read_iolog")) {
            // The file's format named the file's trace, not this one: the new trace is detected, or named anew.
            return concat(GENERATOR_ONLY_KEYS, List.of("jobs", "iolog_format"));
        }
        return groupOf(key).stream().filter(member -> !member.equals(key)).toList();
    }
}
