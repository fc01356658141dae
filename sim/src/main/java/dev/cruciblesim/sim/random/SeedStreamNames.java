package dev.cruciblesim.sim.random;

/**
 * The name of every seed stream a run draws from, defined once for every runtime. A stream's
 * draws depend only on the root seed and its name ({@link SeedStreams}), so renaming one changes
 * every run that uses it: the committed baselines would say so.
 *
 * <p>Component names use dots, workload names a colon: a job name cannot hold a colon, so a job's
 * streams never collide with each other's or with a component's.
 */
public final class SeedStreamNames {
    /** The upstairs' processing time per input. */
    public static final String UPSTAIRS_PROCESSING = "upstairs.processing";

    private SeedStreamNames() {
    }

    /** @return the delays of the link from the upstairs to downstairs client {@code clientId} */
    public static String linkToDownstairs(int clientId) {
        return "link." + clientId + ".to-downstairs";
    }

    /** @return the delays of the link from downstairs client {@code clientId} to the upstairs */
    public static String linkToUpstairs(int clientId) {
        return "link." + clientId + ".to-upstairs";
    }

    /** @return downstairs client {@code clientId}'s service times */
    public static String downstairsService(int clientId) {
        return "downstairs." + clientId + ".service";
    }

    /** @return the stream downstairs {@code clientId}'s injected errors and corruptions are drawn from */
    public static String downstairsFaults(int clientId) {
        return "downstairs." + clientId + ".faults";
    }

    /** @return workload job {@code jobName}'s choices: operations, offsets, sizes, data */
    public static String workloadJob(String jobName) {
        return "workload:" + jobName;
    }

    /** @return workload job {@code jobName}'s open-loop arrival times */
    public static String workloadArrivals(String jobName) {
        return "workload:" + jobName + ":arrivals";
    }
}
