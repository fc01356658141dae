package dev.cruciblesim.bench.bundle;

import dev.cruciblesim.bench.scenario.Scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A set's directory, {@code <out>/<set-id>/}, with set-id = UTC start time, scenario name, short commit and "set"
 * ({@code 20261127T110305Z-healthy-9c87991-set}, a "-2", "-3", ... after it for a second set in the same second):
 * <pre>
 * set.json   the index: the scenario, its hash, the build, the clock, the seeds or the repeat count, the runs
 * run-000/   each run's bundle, as {@link RunBundle} writes a single run's, in the set's order
 * run-001/   (names padded to the same width for every run, three digits at least, so they list in order)
 * </pre>
 * set.json, pretty-printed as report.json is: {@code schema} ({@value #SCHEMA}), {@code schema_version}, {@code
 * scenario_name}, {@code scenario_hash} ({@link ScenarioHash}), {@code commit}, {@code dirty}, {@code clock}, {@code
 * seeds} (virtual time: the seeds in run order; else null), {@code repeat} (real time: the number of runs asked
 * for; else null) and {@code runs}: one {@code {"id", "seed", "succeeded"}} per run that ran, in order (a set
 * stopped by ^C lists only the runs that ran).
 */
public final class RunSetBundle {
    public static final String SCHEMA = "crucible-sim/set";
    public static final int SCHEMA_VERSION = 1;
    public static final String INDEX_FILE = "set.json";
    private static final String SUFFIX = "-set";
    private static final int MIN_RUN_DIGITS = 3;

    /** One run of the set as set.json lists it. */
    public record Run(String id, long seed, boolean succeeded) {
    }

    private final Path directory;
    private final String setId;
    private final Scenario scenario;
    private final EnvironmentInfo environment;
    private final int runDigits;

    private RunSetBundle(Path directory, String setId, Scenario scenario, EnvironmentInfo environment, int runCount) {
        this.directory = directory;
        this.setId = setId;
        this.scenario = scenario;
        this.environment = environment;
        this.runDigits = Math.max(MIN_RUN_DIGITS, String.valueOf(Math.max(runCount - 1, 0)).length());
    }

    /**
     * Creates the set's directory under {@code outRoot} (made if missing).
     *
     * @param scenario any member's scenario: they differ at most in the seed, which names nothing here
     * @param runCount how many runs the set is to hold, for the width of their names
     */
    public static RunSetBundle create(Path outRoot, Scenario scenario, EnvironmentInfo environment, int runCount)
            throws IOException {
        Path directory = RunBundle.createUnique(outRoot, RunBundle.baseId(scenario, environment) + SUFFIX);
        return new RunSetBundle(directory, directory.getFileName().toString(), scenario, environment, runCount);
    }

    public Path directory() {
        return directory;
    }

    /** @return {@code run-000} for index 0, padded to the set's width */
    public String runId(int index) {
        return String.format(Locale.ROOT, "run-%0" + runDigits + "d", index);
    }

    /**
     * Creates the bundle of run {@code index}: {@code <set>/run-NNN/}, with run id {@code <set-id>/run-NNN} in its
     * environment.json. Safe to call from several threads at once.
     */
    public RunBundle createRun(int index, EnvironmentInfo runEnvironment, long hlogStartEpochMs,
            long hlogStartClockNs) throws IOException {
        String runId = runId(index);
        return RunBundle.createNamed(directory.resolve(runId), setId + "/" + runId, runEnvironment,
                hlogStartEpochMs, hlogStartClockNs);
    }

    /**
     * Writes set.json.
     *
     * @param seeds  the seeds of a virtual-time set in run order, or null for a real-time one
     * @param repeat the runs a real-time set was asked for, or null for a virtual-time one
     * @param runs   the runs that ran, in order
     */
    public void writeIndex(List<Long> seeds, Integer repeat, List<Run> runs) throws IOException {
        RunBundle.writeFile(directory.resolve(INDEX_FILE), renderIndex(seeds, repeat, runs));
    }

    String renderIndex(List<Long> seeds, Integer repeat, List<Run> runs) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("schema_version", SCHEMA_VERSION);
        root.put("scenario_name", scenario.name());
        root.put("scenario_hash", ScenarioHash.of(scenario));
        root.put("commit", environment.commit());
        root.put("dirty", environment.build().dirty());
        root.put("clock", scenario.clock().name().toLowerCase(Locale.ROOT));
        root.put("seeds", seeds);
        root.put("repeat", repeat);
        List<Object> runList = new ArrayList<>(runs.size());
        for (Run run : runs) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", run.id());
            entry.put("seed", run.seed());
            entry.put("succeeded", run.succeeded());
            runList.add(entry);
        }
        root.put("runs", runList);
        return Json.write(root);
    }
}
