package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.scenario.BindingContext.Involved;
import dev.cruciblesim.bench.scenario.IoRegionBinder.Region;
import dev.cruciblesim.bench.scenario.Node.ListNode;
import dev.cruciblesim.bench.scenario.Node.MapNode;
import dev.cruciblesim.bench.workload.BufferContent;
import dev.cruciblesim.bench.workload.HarnessLimits;
import dev.cruciblesim.bench.workload.JobSpec;
import dev.cruciblesim.bench.workload.WorkloadSpec;
import dev.cruciblesim.bench.workload.gen.ArrivalProcess;
import dev.cruciblesim.bench.workload.gen.BlockSizes;
import dev.cruciblesim.bench.workload.gen.RandomDistribution;
import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.util.ArrayList;
import java.util.List;

import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_FSYNC_EVERY_WRITES;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_JOB_NAME;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_QUEUE_DEPTH;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_RATE_PROCESS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_READ_PERCENT;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_RUNTIME_NS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_RW;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_VERIFY;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.GENERATOR_ONLY_KEYS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.JOB_KEYS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.REPLAY_ONLY_KEYS;

/**
 * Reads the {@code workload} section into its jobs: one job from the workload's keys, or one per entry of
 * {@code jobs}, each entry's keys over the workload's (fio's [global]). A job generates IO or replays a trace
 * ({@link ReplayBinder}), and refuses the other kind's keys where it wrote them itself.
 *
 * <p>Keys are read in a fixed order, so that of two bad keys the same one is reported every time.
 */
final class JobBinder {
    private final BindingContext context;
    private final RegionDefinition volume;
    private final IoRegionBinder ioRegions;
    private final ReplayBinder replays;
    private final ClockKind clock;

    /** @param clock the run's clock: in real time a job without a limit runs until the run is interrupted */
    JobBinder(BindingContext context, Section volumeSection, RegionDefinition volume, ClockKind clock) {
        this.context = context;
        this.clock = clock;
        this.volume = volume;
        this.ioRegions = new IoRegionBinder(context, volumeSection, volume);
        this.replays = new ReplayBinder(context, volume);
    }

    WorkloadSpec workload(Section workload) {
        Field jobsField = workload.field("jobs");
        if (jobsField == null) {
            return new WorkloadSpec(List.of(job(new JobFields(null, workload), DEFAULT_JOB_NAME)));
        }
        if (!(jobsField.value() instanceof ListNode list) || list.items().isEmpty()) {
            throw jobsField.error("must be a non-empty list of jobs, each a map with a name and the workload keys "
                    + "it sets differently, e.g. [{name: reader, rw: randread, iodepth: 1}]");
        }
        if (list.items().size() > HarnessLimits.MAX_JOBS) {
            throw jobsField.error("has " + list.items().size() + " jobs; at most " + HarnessLimits.MAX_JOBS
                    + " run at once");
        }
        Field nameField = workload.field("name");
        if (nameField != null) {
            throw nameField.error("names the single job of a workload without jobs; with a jobs list, name each job "
                    + "instead");
        }
        List<JobSpec> jobs = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String path = jobsField.path() + "[" + i + "]";
            if (!(item instanceof MapNode map)) {
                throw ScenarioException.at(item.origin(), path, "must be a map of job keys ("
                        + String.join(", ", JOB_KEYS) + "), got " + item.shown());
            }
            Section own = new Section(path, map);
            own.checkKeys(JOB_KEYS);
            JobSpec job = job(new JobFields(own, workload), "job" + i);
            // Names become file names (iolog/JOB.iolog), and some file systems ignore case.
            if (jobs.stream().anyMatch(known -> known.name().equalsIgnoreCase(job.name()))) {
                Field ownName = own.field("name");
                throw ScenarioException.at(ownName == null ? item.origin() : ownName.valueOrigin(), path + ".name",
                        "job name '" + job.name() + "' is used twice; job names must differ");
            }
            jobs.add(job);
        }
        return new WorkloadSpec(jobs);
    }

    private JobSpec job(JobFields fields, String defaultName) {
        String name = name(fields.writtenHere("name"), defaultName);
        JobSpec.Builder job = JobSpec.builder(name);
        Field queueDepthField = fields.field("iodepth");
        job.ioDepth(queueDepthField == null ? DEFAULT_QUEUE_DEPTH
                : queueDepthField.intValue(1, HarnessLimits.MAX_IN_FLIGHT_PER_CLIENT,
                        "must be an integer from 1 to " + HarnessLimits.MAX_IN_FLIGHT_PER_CLIENT));
        Field numberIosField = fields.field("number_ios");
        long numberIos = numberIosField == null ? 0
                : numberIosField.longValue(0, Long.MAX_VALUE, "must be an integer from 0 (no limit) to " + Long.MAX_VALUE);
        Field verifyField = fields.field("verify");
        job.numberIos(numberIos).verify(verifyField == null ? DEFAULT_VERIFY : verifyField.booleanValue())
                .buffer(buffer(fields.group(ScenarioSchema.BUFFER_GROUP)));
        Field runtimeField = fields.field("runtime");
        Field iologField = fields.field("read_iolog");
        if (iologField != null) {
            refuseWrittenHere(fields, GENERATOR_ONLY_KEYS, "does not apply to a job that replays read_iolog");
            // A replay ends with its trace; only a runtime that was written cuts it short.
            job.runtimeNs(runtimeField == null ? 0 : runtimeField.durationNs(0))
                    .replay(replays.replay(fields, iologField))
                    // The generator's keys mean nothing to a replay: their defaults over the whole volume pass.
                    .rw(DEFAULT_RW).readPercent(DEFAULT_READ_PERCENT)
                    .blockSizes(BlockSizes.fixed(Integer.toString(volume.blockSizeBytes())))
                    .sizeBytes(volume.totalBytes());
        } else {
            // A bad value is named first: that it also lacks a trace is the lesser news.
            ReplayBinder.format(fields.writtenHere("iolog_format"));
            // In a jobs list, workload-level replay keys are defaults for the jobs that replay.
            refuseWrittenHere(fields, REPLAY_ONLY_KEYS, "applies only to a job with read_iolog");
            generator(fields, job);
            long runtimeNs = runtimeField == null ? DEFAULT_RUNTIME_NS : runtimeField.durationNs(0);
            if (runtimeNs == 0 && numberIos == 0 && clock == ClockKind.VIRTUAL) {
                // In real time this is dtrace -s: the run goes on until ^C. Virtual time has no ^C worth waiting for.
                throw context.crossError("runtime and number_ios are both 0, so in virtual time " + (fields.own() == null
                        ? "the workload" : "job " + name) + " would never stop; give one of them a limit (in real "
                        + "time such a run goes on until interrupted with ^C)",
                        new Involved(fields.path() + ".runtime", runtimeField),
                        new Involved(fields.path() + ".number_ios", numberIosField));
            }
            job.runtimeNs(runtimeNs);
        }
        try {
            return job.build();
        } catch (IllegalArgumentException e) {
            throw context.refused(fields.path(), e);
        }
    }

    private static String name(Field nameField, String defaultName) {
        if (nameField == null) {
            return defaultName;
        }
        String name = nameField.text("must be a job name (" + JobSpec.NAME_PATTERN_TEXT + ")");
        if (!JobSpec.NAME_PATTERN.matcher(name).matches()) {
            throw nameField.error("must be a job name matching " + JobSpec.NAME_PATTERN_TEXT + ", got '" + name
                    + "'");
        }
        return name;
    }

    /** Refuses the first of {@code keys} the job wrote itself (or the workload did, when there is no jobs list). */
    private static void refuseWrittenHere(JobFields fields, List<String> keys, String what) {
        for (String key : keys) {
            Field written = fields.writtenHere(key);
            if (written != null) {
                throw written.keyError(what);
            }
        }
    }

    /** Sets what the keys of a job that generates IO decide, all but the runtime. */
    private void generator(JobFields fields, JobSpec.Builder job) {
        Field rwField = fields.field("rw");
        String rw = rw(rwField);
        job.rw(rw).readPercent(readPercent(fields.field("rwmixread"), rw));
        BlockSizes sizes = ioRegions.blockSizes(fields.group(ScenarioSchema.BLOCK_SIZE_GROUP));
        Region region = ioRegions.region(fields, sizes);
        job.blockSizes(sizes).offsetBytes(region.offsetBytes()).sizeBytes(region.sizeBytes())
                .arrivals(arrivals(fields.field("rate_iops"), fields.field("rate_process")))
                .distribution(distribution(fields, rwField, rw));
        Field fsyncField = fields.field("fsync");
        job.fsyncEveryWrites(fsyncField == null ? DEFAULT_FSYNC_EVERY_WRITES : fsyncField.intValue(0,
                Integer.MAX_VALUE, "must be an integer from 0 (none) to " + Integer.MAX_VALUE
                        + " (a flush after every N writes)"));
        Field flushMixField = fields.field("flush_mix");
        if (flushMixField != null) {
            String expectation = "must be a number from 0 to 1 (the probability that an IO is a flush)";
            double flushShare = flushMixField.numberValue(expectation);
            if (!(flushShare >= 0 && flushShare <= 1)) {
                throw flushMixField.error(expectation + ", got " + flushMixField.value().shown());
            }
            job.flushShare(flushShare);
        }
    }

    private static String rw(Field rwField) {
        if (rwField == null) {
            return DEFAULT_RW;
        }
        String expectation = "must be one of " + String.join(", ", JobSpec.RW_PATTERNS);
        String rw = rwField.text(expectation);
        if (!JobSpec.RW_PATTERNS.contains(rw)) {
            throw rwField.error(expectation + " (fio's names), got '" + rw + "'");
        }
        return rw;
    }

    private static int readPercent(Field readPercentField, String rw) {
        int readPercent = readPercentField == null ? DEFAULT_READ_PERCENT
                : readPercentField.intValue(0, 100, "must be an integer from 0 to 100");
        // As in fio, read, randread, write and randwrite decide the mix whatever rwmixread says.
        int requiredReadPercent = JobSpec.requiredReadPercent(rw);
        return requiredReadPercent >= 0 ? requiredReadPercent : readPercent;
    }

    /** @return the open loop's arrivals, or null for a closed loop (no rate_iops) */
    private static ArrivalProcess arrivals(Field rateField, Field processField) {
        if (rateField == null) {
            if (processField != null) {
                try {
                    // A bad value is named first: that it also lacks a rate is the lesser news.
                    ArrivalProcess.parse(processField.text("must be linear or poisson"), 1);
                } catch (IllegalArgumentException e) {
                    throw processField.error(e.getMessage());
                }
                throw processField.error("applies only with rate_iops (an open loop); set rate_iops too");
            }
            return null;
        }
        String expectation = "must be a number of IOs per second above 0 and at most "
                + (long) HarnessLimits.MAX_RATE_IOPS + " (an open loop)";
        double rate = rateField.numberValue(expectation);
        if (!(rate > 0 && rate <= HarnessLimits.MAX_RATE_IOPS)) {
            throw rateField.error(expectation + ", got " + rateField.value().shown());
        }
        String process = processField == null ? DEFAULT_RATE_PROCESS : processField.text("must be linear or poisson");
        try {
            return ArrivalProcess.parse(process, rate);
        } catch (IllegalArgumentException e) {
            throw (processField == null ? rateField : processField).error(e.getMessage());
        }
    }

    private RandomDistribution distribution(JobFields fields, Field rwField, String rw) {
        Field distributionField = fields.field("random_distribution");
        if (distributionField == null) {
            return RandomDistribution.uniform();
        }
        RandomDistribution distribution;
        try {
            distribution = RandomDistribution.parse(distributionField.text(
                    "must be random, zipf:THETA, pareto:H or normal:SIGMA"));
        } catch (IllegalArgumentException e) {
            throw distributionField.error(e.getMessage());
        }
        boolean sequential = !rw.startsWith("rand");
        boolean inherited = fields.own() != null && fields.ownField("random_distribution") == null
                && fields.ownField("rw") != null;
        if (inherited && sequential) {
            // A sequential job ignores a distribution it only inherited, as fio does.
            return RandomDistribution.uniform();
        }
        if (sequential && !distribution.describe().equals("random")) {
            throw context.crossError("random_distribution " + distribution.describe() + " applies to random "
                    + "patterns, but rw is " + rw + " (sequential)",
                    new Involved(distributionField.path(), distributionField),
                    new Involved(rwField == null ? "rw" : rwField.path(), rwField));
        }
        return distribution;
    }

    private BufferContent buffer(JobFields fields) {
        Field patternField = fields.field("buffer_pattern");
        Field zeroField = fields.field("zero_buffers");
        boolean zero = zeroField != null && zeroField.booleanValue();
        if (patternField != null && zero) {
            throw context.crossError("buffer_pattern and zero_buffers both say what writes carry; set one",
                    new Involved(patternField.path(), patternField), new Involved(zeroField.path(), zeroField));
        }
        if (patternField != null) {
            try {
                return BufferContent.pattern(patternField.text("must be hex such as 0xdeadbeef or a quoted string"));
            } catch (IllegalArgumentException e) {
                throw patternField.error(e.getMessage());
            }
        }
        return zero ? BufferContent.ZERO : BufferContent.RANDOM;
    }
}
