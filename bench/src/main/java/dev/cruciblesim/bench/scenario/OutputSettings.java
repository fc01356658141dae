package dev.cruciblesim.bench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a run writes besides the text reports.
 *
 * @param hlogInterval the intervals of the HdrHistogram interval log ({@code .hlog})
 * @param writeIolog   whether the bundle gets each job's issued IO stream as a fio v3 iolog, {@code iolog/JOB.iolog}
 */
public record OutputSettings(HlogInterval hlogInterval, boolean writeIolog) {
    public OutputSettings {
        Objects.requireNonNull(hlogInterval, "hlogInterval");
    }

    /**
     * @return {@code hlog_interval_ns} (the first interval's length, every interval's unless
     *         doubling), {@code hlog_interval_doubles}, {@code write_iolog}
     */
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("hlog_interval_ns", hlogInterval.firstNs());
        description.put("hlog_interval_doubles", hlogInterval.doubling());
        description.put("write_iolog", writeIolog);
        return description;
    }
}
