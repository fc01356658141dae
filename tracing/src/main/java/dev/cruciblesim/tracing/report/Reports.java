package dev.cruciblesim.tracing.report;

import java.util.List;

/** Builds the seed's scripts by name. */
public final class Reports {
    /** Crucible's scripts, in the order the seed README presents them: the default set. */
    public static final List<String> NAMES = List.of("perfgw", "perfdw", "perf-upstairs-rw", "tracegw",
            "upstairs_info");
    /**
     * Every script: Crucible's, then the harness's own {@code perfjob} (latency by workload job) and
     * {@code perffault} (latency split by overlap with injected faults).
     */
    public static final List<String> ALL_NAMES = List.of("perfgw", "perfdw", "perf-upstairs-rw", "tracegw",
            "upstairs_info", "perfjob", "perffault");

    private Reports() {
    }

    /**
     * @param name one of {@link #ALL_NAMES}; a trailing {@code .d} is accepted
     * @return a fresh report, not yet enabled
     * @throws IllegalArgumentException listing the valid names when {@code name} is unknown
     */
    public static DTraceReport create(String name) {
        String bare = name != null && name.endsWith(".d") ? name.substring(0, name.length() - 2) : name;
        if (bare == null) {
            bare = "";
        }
        return switch (bare) {
            case "perfgw" -> new PerfGwReport();
            case "perfdw" -> new PerfDwReport();
            case "perf-upstairs-rw" -> new PerfUpstairsRwReport();
            case "tracegw" -> new TraceGwReport();
            case "upstairs_info" -> new UpstairsInfoReport();
            case "perfjob" -> new PerfJobReport();
            case "perffault" -> new PerfFaultReport();
            default -> throw new IllegalArgumentException("unknown report '" + name + "'; valid names: "
                    + String.join(", ", ALL_NAMES));
        };
    }
}
