package dev.cruciblesim.bench.workload;

import dev.cruciblesim.bench.workload.trace.Trace;
import dev.cruciblesim.bench.workload.trace.TraceOp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A job that replays a trace rather than generating IO (fio's {@code read_iolog}).
 *
 * @param trace                 the trace, parsed and already fitted to the volume, so a replay never stops half-way
 *                              on a bad line
 * @param noStall               fio's {@code replay_no_stall}: ignore the timestamps and replay as fast as the job's
 *                              {@code iodepth} allows, in order; otherwise issue each IO at its recorded time
 * @param timeScalePercent      fio's {@code replay_time_scale}: 200 replays at twice the recorded rate, 50 at half
 * @param outOfRange            what was done with IO past the end of the volume: refused or wrapped
 */
public record ReplaySpec(Trace trace, boolean noStall, int timeScalePercent, Trace.OutOfRange outOfRange) {
    public ReplaySpec {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(outOfRange, "outOfRange");
        if (timeScalePercent < 1) {
            throw new IllegalArgumentException("replay_time_scale must be >= 1 percent, got " + timeScalePercent);
        }
    }

    /** Replay times saturate here, about 146 years: far past any run, and still safe to add to a clock reading. */
    static final long MAX_SCALED_NS = Long.MAX_VALUE / 2;

    /** @return the recorded time {@code recordedNs} (>= 0) on the replay's timeline, saturating at {@link #MAX_SCALED_NS} */
    public long scaledNs(long recordedNs) {
        long whole = recordedNs / timeScalePercent;
        if (whole > MAX_SCALED_NS / 100) {
            return MAX_SCALED_NS;
        }
        return whole * 100 + recordedNs % timeScalePercent * 100 / timeScalePercent;
    }

    Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        // The file name only: where the run was started from must not change report.json.
        description.put("read_iolog", String.valueOf(trace.source().getFileName()));
        description.put("format", trace.formatName());
        description.put("records", trace.size());
        description.put("reads", trace.count(TraceOp.READ));
        description.put("writes", trace.count(TraceOp.WRITE));
        description.put("flushes", trace.count(TraceOp.FLUSH));
        description.put("trims", trace.count(TraceOp.TRIM));
        description.put("replay_no_stall", noStall);
        description.put("replay_time_scale", timeScalePercent);
        description.put("replay_out_of_range", outOfRange.name().toLowerCase(java.util.Locale.ROOT));
        return description;
    }
}
