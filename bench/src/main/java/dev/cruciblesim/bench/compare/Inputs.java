package dev.cruciblesim.bench.compare;

import dev.cruciblesim.tracing.json.JsonTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one side of {@code compare}: a run directory, a report.json, a set directory (or its set.json), or a
 * JMH JSON result file. Every failure is a {@link CompareException} whose one line names the path.
 */
public final class Inputs {
    static final String REPORT_SCHEMA = "crucible-sim.report";
    static final String SET_SCHEMA = "crucible-sim/set";
    private static final String REPORT_FILE = "report.json";
    private static final String SET_FILE = "set.json";
    /** Beside report.json in a bundle: the commit the jar was built from, for reports that do not carry it yet. */
    private static final String ENVIRONMENT_FILE = "environment.json";

    private Inputs() {
    }

    public static Side load(Path path) throws CompareException {
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(SET_FILE))) {
                return loadSet(path, path.resolve(SET_FILE));
            }
            if (Files.isRegularFile(path.resolve(REPORT_FILE))) {
                return loadRun(path, path.resolve(REPORT_FILE));
            }
            throw new CompareException(path + ": neither a run directory (no report.json) nor a set directory "
                    + "(no set.json)");
        }
        if (!Files.exists(path)) {
            throw new CompareException(path + ": no such file or directory");
        }
        Object document = parse(path);
        if (document instanceof List<?> list) {
            return loadJmh(path, list);
        }
        if (document instanceof Map<?, ?> map) {
            Object schema = map.get("schema");
            if (REPORT_SCHEMA.equals(schema)) {
                return loadRun(path, path);
            }
            if (SET_SCHEMA.equals(schema)) {
                return loadSet(path, path);
            }
        }
        throw new CompareException(path + ": not a crucible-sim report.json or set.json, nor a JMH JSON result file");
    }

    private static Object parse(Path file) throws CompareException {
        try {
            return JsonTree.parse(Files.readString(file));
        } catch (IOException e) {
            throw new CompareException(file + ": not a crucible-sim report.json or set.json, nor a JMH JSON result "
                    + "file (" + oneLine(e.getMessage()) + ")");
        }
    }

    private static String oneLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readReport(Path given, Path file) throws CompareException {
        if (!Files.isRegularFile(file)) {
            throw new CompareException(given + ": " + file + " is missing");
        }
        Object document = parse(file);
        if (!(document instanceof Map<?, ?> map) || !REPORT_SCHEMA.equals(map.get("schema"))) {
            throw new CompareException(file + ": not a crucible-sim report.json (schema is not '" + REPORT_SCHEMA
                    + "')");
        }
        if (!(map.get("metrics") instanceof List<?>)) {
            throw new CompareException(file + ": a report.json without its 'metrics' list");
        }
        return (Map<String, Object>) map;
    }

    private static Side loadRun(Path given, Path reportFile) throws CompareException {
        Map<String, Object> report = readReport(given, reportFile);
        String commit = string(report.get("commit"));
        Boolean dirty = report.get("dirty") instanceof Boolean b ? b : null;
        Path environment = reportFile.toAbsolutePath().getParent().resolve(ENVIRONMENT_FILE);
        if (commit == null && Files.isRegularFile(environment)) {
            try {
                if (JsonTree.parse(Files.readString(environment)) instanceof Map<?, ?> env) {
                    commit = string(env.get("commit"));
                    dirty = env.get("dirty") instanceof Boolean b ? b : null;
                }
            } catch (IOException e) {
                // The environment is a fallback for the commit only: without it the commit is unknown, not wrong.
            }
        }
        return new Side(given, Side.Kind.RUN, List.of(report), List.of(), commit, dirty,
                string(report.get("scenario_hash")), List.of());
    }

    private static Side loadSet(Path given, Path setFile) throws CompareException {
        Object document = parse(setFile);
        if (!(document instanceof Map<?, ?> set) || !SET_SCHEMA.equals(set.get("schema"))) {
            throw new CompareException(setFile + ": not a crucible-sim set.json (schema is not '" + SET_SCHEMA + "')");
        }
        if (!(set.get("runs") instanceof List<?> runs) || runs.isEmpty()) {
            throw new CompareException(given + ": a set with no runs");
        }
        Path directory = setFile.toAbsolutePath().getParent();
        List<Map<String, Object>> reports = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Object entry : runs) {
            if (!(entry instanceof Map<?, ?> run) || !(run.get("id") instanceof String id) || id.isBlank()) {
                throw new CompareException(setFile + ": every entry of 'runs' needs an 'id'");
            }
            // A failed run's latencies describe a run cut short, not the scenario: leave it out, and say so.
            if (Boolean.FALSE.equals(run.get("succeeded"))) {
                skipped.add(id);
                continue;
            }
            reports.add(readReport(given, directory.resolve(id).resolve(REPORT_FILE)));
        }
        if (reports.isEmpty()) {
            throw new CompareException(given + ": a set with no succeeded runs (" + String.join(", ", skipped) + ")");
        }
        String commit = string(set.get("commit"));
        Boolean dirty = set.get("dirty") instanceof Boolean b ? b : null;
        String hash = string(set.get("scenario_hash"));
        Map<String, Object> first = reports.get(0);
        return new Side(given, Side.Kind.SET, reports, List.of(),
                commit != null ? commit : string(first.get("commit")),
                dirty != null ? dirty : first.get("dirty") instanceof Boolean b ? b : null,
                hash != null ? hash : string(first.get("scenario_hash")), skipped);
    }

    @SuppressWarnings("unchecked")
    private static Side loadJmh(Path given, List<?> results) throws CompareException {
        List<Map<String, Object>> benchmarks = new ArrayList<>();
        for (Object result : results) {
            if (!(result instanceof Map<?, ?> map) || !(map.get("benchmark") instanceof String)
                    || !(map.get("primaryMetric") instanceof Map<?, ?> primary)
                    || !(primary.get("score") instanceof Number)) {
                throw new CompareException(given + ": not a JMH JSON result file (every entry needs 'benchmark' and "
                        + "'primaryMetric.score')");
            }
            benchmarks.add((Map<String, Object>) map);
        }
        if (benchmarks.isEmpty()) {
            throw new CompareException(given + ": a JMH result file with no benchmarks");
        }
        return new Side(given, Side.Kind.JMH, List.of(), benchmarks, null, null, null, List.of());
    }

    private static String string(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
