package dev.cruciblesim.bench.fault;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What became of one fault in a run.
 *
 * @param spec            the fault as the scenario gave it
 * @param startNs         when it started, on the run's clock, or -1 if it never did (the workload ended first)
 * @param endNs           when it ended, or -1 if it never started or was still in force when the run ended
 * @param inFlightAtStart guest IOs submitted and not yet completed when it started
 * @param overlappingIos  guest IOs in flight at any time while it lasted: those in flight at its start and those
 *                        submitted before its end
 */
public record FaultRecord(FaultSpec spec, long startNs, long endNs, long inFlightAtStart, long overlappingIos) {
    public boolean started() {
        return startNs >= 0;
    }

    public boolean ended() {
        return endNs >= 0;
    }

    /**
     * @param originNs the run's time origin (the volume's activation): times are given from it
     * @return the record as report.json lists it, keys in a fixed order
     */
    public Map<String, Object> describe(long originNs) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("id", spec.id());
        description.put("kind", spec.kind().yamlName());
        description.put("client", spec.clientId());
        description.put("started", started());
        description.put("start_ns", started() ? startNs - originNs : null);
        description.put("ended", ended());
        description.put("end_ns", ended() ? endNs - originNs : null);
        description.put("ios_in_flight_at_start", started() ? inFlightAtStart : null);
        description.put("ios_overlapping", started() ? overlappingIos : null);
        return description;
    }

    /** @return one line for the run summary */
    public String summaryLine(long originNs) {
        String what = "fault " + spec.id() + ": " + spec.describeBriefly();
        if (!started()) {
            return what + ": never started (the workload ended first)";
        }
        String until = ended() ? String.format(java.util.Locale.ROOT, "to %.3f s", (endNs - originNs) / 1e9)
                : "still in force when the run ended";
        return String.format(java.util.Locale.ROOT, "%s: from %.3f s %s, %d IOs in flight at its start, %d "
                + "IOs overlapped it", what, (startNs - originNs) / 1e9, until, inFlightAtStart, overlappingIos);
    }
}
