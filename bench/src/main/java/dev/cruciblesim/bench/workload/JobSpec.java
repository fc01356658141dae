package dev.cruciblesim.bench.workload;

import dev.cruciblesim.bench.workload.gen.ArrivalProcess;
import dev.cruciblesim.bench.workload.gen.BlockSizes;
import dev.cruciblesim.bench.workload.gen.RandomDistribution;
import dev.cruciblesim.bench.workload.trace.TraceOp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One named job of a workload, in fio's terms, fully resolved: a generator (random or sequential
 * reads, writes and flushes) or, with {@link #replay()}, a trace replay. Made with {@link #builder(String)}: sixteen
 * positional arguments, several of them longs and ints side by side, are too easy to swap unnoticed.
 *
 * @param name             names the job in reports; {@value #NAME_PATTERN_TEXT}
 * @param rw               fio's {@code rw}: one of {@link #RW_PATTERNS}
 * @param readPercent      share of reads among reads and writes, 0..100 (fio {@code rwmixread}); 100 for read and
 *                         randread, 0 for write and randwrite
 * @param blockSizes       IO sizes (fio {@code bs}, {@code bssplit} or {@code bsrange})
 * @param ioDepth          most IOs in flight (fio {@code iodepth}), {@code >= 1}; a closed loop keeps this many
 * @param arrivals         open loop: when IOs are meant to start (fio {@code rate_iops} with {@code rate_process});
 *                         null for a closed loop
 * @param numberIos        stop after this many IOs including flushes, 0 for no limit (fio {@code number_ios})
 * @param runtimeNs        stop issuing after this long, 0 for no limit (fio {@code runtime}); a job with neither
 *                         limit nor a trace runs until the run is {@linkplain StopRequest interrupted}
 * @param offsetBytes      where the job's region of the volume starts (fio {@code offset})
 * @param sizeBytes        the region's length (fio {@code size})
 * @param distribution     how random offsets are spread over the region (fio {@code random_distribution})
 * @param fsyncEveryWrites a flush after every this many writes, 0 for none (fio {@code fsync=N})
 * @param flushShare       the probability that an IO is a flush rather than a read or write, 0..1
 * @param buffer           what writes carry
 * @param verify           check this job's reads against the data written before them
 * @param replay           the trace this job replays, or null for a generator
 */
public record JobSpec(String name, String rw, int readPercent, BlockSizes blockSizes, int ioDepth,
        ArrivalProcess arrivals, long numberIos, long runtimeNs, long offsetBytes, long sizeBytes,
        RandomDistribution distribution, int fsyncEveryWrites, double flushShare, BufferContent buffer,
        boolean verify, ReplaySpec replay) {
    /** Job names become file names ({@code iolog/JOB.iolog}), so they are kept to characters safe everywhere. */
    public static final String NAME_PATTERN_TEXT = "[A-Za-z0-9._-]{1,64}";
    public static final Pattern NAME_PATTERN = Pattern.compile(NAME_PATTERN_TEXT);
    /** The values {@code rw} takes, fio's names. */
    public static final List<String> RW_PATTERNS = List.of("randrw", "randread", "randwrite", "rw", "readwrite",
            "read", "write");

    public JobSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rw, "rw");
        Objects.requireNonNull(blockSizes, "blockSizes");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(buffer, "buffer");
        if (!NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("job name must match " + NAME_PATTERN_TEXT + ", got '" + name
                    + "'");
        }
        if (!RW_PATTERNS.contains(rw)) {
            throw new IllegalArgumentException("rw must be one of " + String.join(", ", RW_PATTERNS) + ", got " + rw);
        }
        if (readPercent < 0 || readPercent > 100) {
            throw new IllegalArgumentException("read percent must be 0..100, got " + readPercent);
        }
        int required = requiredReadPercent(rw);
        if (required >= 0 && readPercent != required) {
            throw new IllegalArgumentException(rw + " needs a read percent of " + required + ", got " + readPercent);
        }
        if (ioDepth < 1) {
            throw new IllegalArgumentException("iodepth must be at least 1, got " + ioDepth);
        }
        if (fsyncEveryWrites < 0) {
            throw new IllegalArgumentException("fsync must be at least 0, got " + fsyncEveryWrites);
        }
        if (!(flushShare >= 0 && flushShare <= 1)) {
            throw new IllegalArgumentException("flush share must be 0..1, got " + flushShare);
        }
        if (runtimeNs < 0 || numberIos < 0) {
            throw new IllegalArgumentException("runtime and number of IOs must be >= 0, got " + runtimeNs + " ns and "
                    + numberIos);
        }
        if (offsetBytes < 0 || sizeBytes < blockSizes.maxBytes()) {
            throw new IllegalArgumentException("job " + name + ": region at offset " + offsetBytes + " of " + sizeBytes
                    + " bytes cannot hold an IO of " + blockSizes.maxBytes() + " bytes");
        }
    }

    /** @return a builder of the job called {@code name}; see {@link Builder} for what must be set */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Collects a job's fields by name. What is not set is off: a closed loop, no IO count and no runtime limit, the
     * region starting at offset 0, uniform offsets, no flushes, pseudo-random buffers, no verification, no replay.
     * {@code rw}, {@code readPercent}, {@code blockSizes}, {@code ioDepth} and {@code sizeBytes} have no value that
     * means off, so a job that leaves them out is refused by {@link #build()}.
     */
    public static final class Builder {
        private final String name;
        private String rw;
        private int readPercent;
        private BlockSizes blockSizes;
        private int ioDepth;
        private ArrivalProcess arrivals;
        private long numberIos;
        private long runtimeNs;
        private long offsetBytes;
        private long sizeBytes;
        private RandomDistribution distribution = RandomDistribution.uniform();
        private int fsyncEveryWrites;
        private double flushShare;
        private BufferContent buffer = BufferContent.RANDOM;
        private boolean verify;
        private ReplaySpec replay;

        private Builder(String name) {
            this.name = name;
        }

        public Builder rw(String pattern) {
            this.rw = pattern;
            return this;
        }

        public Builder readPercent(int percent) {
            this.readPercent = percent;
            return this;
        }

        public Builder blockSizes(BlockSizes sizes) {
            this.blockSizes = sizes;
            return this;
        }

        public Builder ioDepth(int depth) {
            this.ioDepth = depth;
            return this;
        }

        /** @param process when IOs are meant to start, or null for a closed loop */
        public Builder arrivals(ArrivalProcess process) {
            this.arrivals = process;
            return this;
        }

        public Builder numberIos(long count) {
            this.numberIos = count;
            return this;
        }

        public Builder runtimeNs(long durationNs) {
            this.runtimeNs = durationNs;
            return this;
        }

        public Builder offsetBytes(long offset) {
            this.offsetBytes = offset;
            return this;
        }

        public Builder sizeBytes(long size) {
            this.sizeBytes = size;
            return this;
        }

        public Builder distribution(RandomDistribution offsets) {
            this.distribution = offsets;
            return this;
        }

        public Builder fsyncEveryWrites(int writes) {
            this.fsyncEveryWrites = writes;
            return this;
        }

        public Builder flushShare(double share) {
            this.flushShare = share;
            return this;
        }

        public Builder buffer(BufferContent content) {
            this.buffer = content;
            return this;
        }

        public Builder verify(boolean on) {
            this.verify = on;
            return this;
        }

        /** @param trace the trace the job replays, or null for a generator */
        public Builder replay(ReplaySpec trace) {
            this.replay = trace;
            return this;
        }

        /** @throws IllegalArgumentException as the record's constructor, for values that make no job */
        public JobSpec build() {
            return new JobSpec(name, rw, readPercent, blockSizes, ioDepth, arrivals, numberIos, runtimeNs, offsetBytes,
                    sizeBytes, distribution, fsyncEveryWrites, flushShare, buffer, verify, replay);
        }
    }

    /** @return 100 or 0 when {@code rw} fixes the mix (read, randread; write, randwrite), else -1 */
    public static int requiredReadPercent(String rw) {
        return switch (rw) {
            case "read", "randread" -> 100;
            case "write", "randwrite" -> 0;
            default -> -1;
        };
    }

    /** @return true for fio's sequential patterns (read, write, rw, readwrite) */
    public boolean sequential() {
        return !rw.startsWith("rand");
    }

    /** @return true when IOs start on a schedule (rate_iops, or a replay on its recorded timeline) */
    public boolean openLoop() {
        return arrivals != null || (replay != null && !replay.noStall());
    }

    /** @return whether this job ever issues a read (and so whether verification matters to it) */
    public boolean reads() {
        return replay == null ? readPercent > 0 : replay.trace().count(TraceOp.READ) > 0;
    }

    /** @return whether this job ever issues a write */
    public boolean writes() {
        return replay == null ? readPercent < 100 : replay.trace().count(TraceOp.WRITE) > 0;
    }

    /** @return whether this job ever issues a flush */
    public boolean flushes() {
        return replay == null ? fsyncEveryWrites > 0 || flushShare > 0
                : replay.trace().count(TraceOp.FLUSH) > 0;
    }

    /** The job under its YAML names, sizes and durations with their unit, in a fixed order. */
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", name);
        if (replay != null) {
            description.putAll(replay.describe());
        } else {
            description.put("rw", rw);
            description.put("rwmixread", readPercent);
            description.put("bs", blockSizes.describe());
            description.put("random_distribution", distribution.describe());
            description.put("offset_bytes", offsetBytes);
            description.put("size_bytes", sizeBytes);
            description.put("fsync", fsyncEveryWrites);
            description.put("flush_mix", flushShare);
            description.put("rate", arrivals == null ? null : arrivals.describe());
        }
        description.put("iodepth", ioDepth);
        description.put("number_ios", numberIos);
        description.put("runtime_ns", runtimeNs);
        description.put("buffer", buffer.describe());
        description.put("verify", verify);
        return description;
    }
}
