package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.workload.trace.Trace;

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

    /** @return the recorded time {@code recordedNs} on the replay's timeline */
    public long scaledNs(long recordedNs) {
        // recordedNs * 100 / scale without overflow for any trace shorter than centuries.
        return recordedNs / timeScalePercent * 100 + recordedNs % timeScalePercent * 100 / timeScalePercent;
    }

    Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("read_iolog", trace.source().toString());
        description.put("format", trace.formatName());
        description.put("records", trace.size());
        description.put("replay_no_stall", noStall);
        description.put("replay_time_scale", timeScalePercent);
        description.put("replay_out_of_range", outOfRange.name().toLowerCase(java.util.Locale.ROOT));
        return description;
    }
}
