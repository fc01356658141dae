package dev.cruciblesim.bench.scenario;


import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A closed-loop random workload in fio's terms.
 *
 * @param rw               {@code randrw}, {@code randread} or {@code randwrite} (fio {@code rw})
 * @param readPercent      share of reads among reads and writes, 0..100 (fio {@code rwmixread}); 100 for
 *                         {@code randread}, 0 for {@code randwrite}
 * @param ioSizeBytes      bytes per read or write (fio {@code bs}), 1..{@value HarnessLimits#MAX_IO_BYTES}
 * @param queueDepth       IOs kept in flight (fio {@code iodepth}), {@code >= 1}
 * @param fsyncEveryWrites a flush after every this many writes, 0 for none (fio {@code fsync=N})
 * @param flushShare       the probability that an IO is a flush rather than a read or write, 0..1
 * @param runtimeNs        how long to issue IO, 0 for no limit (fio {@code runtime})
 * @param numberIos        stop after this many IOs including flushes, 0 for no limit (fio {@code number_ios})
 * @param verify           check every read against the data acknowledged as written
 */
public record WorkloadSpec(String rw, int readPercent, int ioSizeBytes, int queueDepth, int fsyncEveryWrites,
        double flushShare, long runtimeNs, long numberIos, boolean verify) {
    /** The values {@code rw} takes, fio's names for the random patterns. */
    public static final List<String> RW_PATTERNS = List.of("randrw", "randread", "randwrite");

    public WorkloadSpec {
        if (!RW_PATTERNS.contains(rw)) {
            throw new IllegalArgumentException("rw must be one of " + String.join(", ", RW_PATTERNS) + ", got " + rw);
        }
        if (readPercent < 0 || readPercent > 100) {
            throw new IllegalArgumentException("read percent must be 0..100, got " + readPercent);
        }
        if ((rw.equals("randread") && readPercent != 100) || (rw.equals("randwrite") && readPercent != 0)) {
            throw new IllegalArgumentException(rw + " needs a read percent of " + (rw.equals("randread") ? 100 : 0)
                    + ", got " + readPercent);
        }
        if (ioSizeBytes < 1 || ioSizeBytes > HarnessLimits.MAX_IO_BYTES) {
            throw new IllegalArgumentException("IO size must be 1.." + HarnessLimits.MAX_IO_BYTES + " bytes, got "
                    + ioSizeBytes);
        }
        if (queueDepth < 1) {
            throw new IllegalArgumentException("queue depth must be at least 1, got " + queueDepth);
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
        if (runtimeNs == 0 && numberIos == 0) {
            throw new IllegalArgumentException("runtime and number of IOs are both 0: the workload would never stop");
        }
    }

    /**
     * @return the workload under its YAML names, sizes and durations with their unit:
     *         {@code rw, rwmixread, bs_bytes, iodepth, fsync, flush_mix, number_ios, runtime_ns, verify}
     */
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("rw", rw);
        description.put("rwmixread", readPercent);
        description.put("bs_bytes", ioSizeBytes);
        description.put("iodepth", queueDepth);
        description.put("fsync", fsyncEveryWrites);
        description.put("flush_mix", flushShare);
        description.put("number_ios", numberIos);
        description.put("runtime_ns", runtimeNs);
        description.put("verify", verify);
        return description;
    }
}
