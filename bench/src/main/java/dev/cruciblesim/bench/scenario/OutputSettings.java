package dev.cruciblesim.bench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run writes besides the text reports.
 *
 * @param hlogIntervalNs the interval of the HdrHistogram interval logs ({@code .hlog}), {@code > 0}
 * @param writeIolog     whether the bundle gets each job's issued IO stream as a fio v3 iolog, {@code iolog/JOB.iolog}
 */
public record OutputSettings(long hlogIntervalNs, boolean writeIolog) {
    public OutputSettings {
        if (hlogIntervalNs <= 0) {
            throw new IllegalArgumentException("hlog interval must be > 0 ns, got " + hlogIntervalNs);
        }
    }

    /** @return {@code hlog_interval_ns, write_iolog} */
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("hlog_interval_ns", hlogIntervalNs);
        description.put("write_iolog", writeIolog);
        return description;
    }
}
