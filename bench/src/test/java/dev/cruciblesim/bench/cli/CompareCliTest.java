package dev.cruciblesim.bench.cli;

import dev.cruciblesim.tracing.json.JsonTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code crucible-sim compare} on real runs of the CLI: sets built here from virtual-time runs with a set.json
 * written by the test (the format {@code run --seeds} writes), so that the test stands on its own.
 */
class CompareCliTest {
    private static final Path HEALTHY = Path.of("..", "scenarios", "healthy.yaml");
    /** Short runs keep the suite fast; 3,000 IOs still give each seed's percentiles a spread the test can rank. */
    private static final String IOS = "3000";
    /**
     * Open loop, Poisson arrivals at 2,000 IOPS: each downstairs then sees the same arrivals whatever the others
     * do. In the scenario's closed loop (iodepth 8) a slower client 1 slows the guest, which takes load off
     * clients 0 and 2 and shortens their queues: a real change that compare rightly calls, but not the
     * experiment "only client 1 is slower" asks for.
     */
    private static final List<String> OPEN_LOOP = List.of("--rate-iops", "2000", "--rate-process", "poisson");
    /** Downstairs 1 twice as slow: every service time and both links at twice their medians. */
    private static final List<String> SLOW_DOWNSTAIRS_1 = List.of(
            "--set", "downstairs.1.service.read={fixed: {kind: lognormal, median: 50us, sigma: 0.35}, per_byte_ns: 0.2}",
            "--set", "downstairs.1.service.write={fixed: {kind: lognormal, median: 80us, sigma: 0.4}, per_byte_ns: 0.5}",
            "--set", "downstairs.1.service.flush={fixed: {kind: lognormal, median: 1600us, sigma: 0.5}}",
            "--set", "downstairs.1.link.to_downstairs={kind: lognormal, median: 80us, sigma: 0.25}",
            "--set", "downstairs.1.link.to_upstairs={kind: lognormal, median: 80us, sigma: 0.25}");

    @TempDir
    static Path sets;
    private static Path healthy1to8;
    private static Path healthy9to16;
    private static Path slow1to8;
    private static Path healthy1to4;

    @BeforeAll
    static void runTheSets() throws IOException {
        healthy1to8 = set("healthy-1-8", 1, 8, List.of());
        healthy9to16 = set("healthy-9-16", 9, 16, List.of());
        slow1to8 = set("slow-1-8", 1, 8, SLOW_DOWNSTAIRS_1);
        healthy1to4 = sets.resolve("healthy-1-4");
        Files.createDirectories(healthy1to4);
        for (int i = 0; i < 4; i++) {
            copyTree(healthy1to8.resolve(runId(i)), healthy1to4.resolve(runId(i)));
        }
        writeSetJson(healthy1to4, 1, 4);
    }

    private static String runId(int index) {
        return String.format("run-%03d", index);
    }

    /** One run per seed, each bundle moved to run-NNN/ of the set, and the set's index beside them. */
    private static Path set(String name, int firstSeed, int lastSeed, List<String> overrides) throws IOException {
        Path set = sets.resolve(name);
        Files.createDirectories(set);
        for (int seed = firstSeed; seed <= lastSeed; seed++) {
            Path out = sets.resolve("raw-" + name + "-" + seed);
            List<String> options = new ArrayList<>(List.of(HEALTHY.toString(), "--ios", IOS, "--seed",
                    String.valueOf(seed)));
            options.addAll(OPEN_LOOP);
            options.addAll(overrides);
            CliResult result = CliResult.run(out, options.toArray(String[]::new));
            assertEquals(0, result.exitCode(), result.err());
            try (Stream<Path> bundles = Files.list(out)) {
                Files.move(bundles.findFirst().orElseThrow(), set.resolve(runId(seed - firstSeed)));
            }
        }
        writeSetJson(set, firstSeed, lastSeed);
        return set;
    }

    private static void writeSetJson(Path set, int firstSeed, int lastSeed) throws IOException {
        List<Object> runs = new ArrayList<>();
        List<Object> seeds = new ArrayList<>();
        for (int seed = firstSeed; seed <= lastSeed; seed++) {
            runs.add(Map.of("id", runId(seed - firstSeed), "seed", seed, "succeeded", true));
            seeds.add(seed);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schema", "crucible-sim/set");
        index.put("schema_version", 1);
        index.put("scenario_name", "healthy");
        index.put("clock", "virtual");
        index.put("seeds", seeds);
        index.put("repeat", null);
        index.put("runs", runs);
        Files.writeString(set.resolve("set.json"), JsonTree.toCompactString(index));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static CliResult compare(Object... args) {
        return CliResult.execute(Stream.concat(Stream.of("compare"), Stream.of(args).map(String::valueOf))
                .toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> jsonRows(CliResult result) throws IOException {
        return (List<Map<String, Object>>) ((Map<String, Object>) JsonTree.parse(result.out())).get("rows");
    }

    private static String called(List<Map<String, Object>> rows) {
        return rows.stream().filter(r -> "changed".equals(r.get("verdict")))
                .map(r -> r.get("group") + " " + r.get("metric") + " " + r.get("statistic") + " " + r.get("change_pct"))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aRunComparedWithItselfIsTheSameEverywhere() throws IOException {
        Path run = healthy1to8.resolve(runId(0));
        CliResult result = compare(run, run.resolve("report.json"), "--fail-on", "p99>0%", "--fail-on",
                "throughput<0%");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("Deterministic: both sides are one virtual-time run"), result.out());
        assertTrue(result.out().contains(" 0 changed (0 worse), "), result.out());
        assertTrue(result.out().contains("gate: passed"), result.out());
        List<Map<String, Object>> rows = jsonRows(compare(run, run, "--format", "json"));
        assertTrue(rows.size() > 100, "every statistic of every metric: " + rows.size());
        assertTrue(rows.stream().allMatch(r -> "same".equals(r.get("verdict"))), called(rows));
    }

    @Test
    void aSetComparedWithItselfCallsNothing() throws IOException {
        CliResult result = compare(healthy1to4, healthy1to4, "--fail-on", "p99>0%");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("set of 4 runs, seeds 1..4"), result.out());
        assertTrue(result.out().contains("~ (p=1.000 n=4+4)"), result.out());
        List<Map<String, Object>> rows = jsonRows(compare(healthy1to4, healthy1to4, "--format", "json"));
        assertTrue(rows.stream().allMatch(r -> "not_significant".equals(r.get("verdict"))), called(rows));
    }

    @Test
    void twiceAsSlowDownstairsOneIsASignificantRegressionOfItsOwnMetricsAndGuestWrites() throws IOException {
        CliResult result = compare(healthy1to8, slow1to8, "--fail-on", "perfdw.*.p99>10%", "--force");
        assertEquals(1, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("warning: different scenarios, compared with --force; they differ at "
                + "downstairs.1.link.to_downstairs.median_ns: 40000.0 vs 80000.0"), result.out());
        assertTrue(result.out().contains("trips perfdw.*.p99>10%"), result.out());

        List<Map<String, Object>> rows = jsonRows(compare(healthy1to8, slow1to8, "--format", "json", "--force"));
        for (String op : List.of("read", "write", "flush")) {
            for (String statistic : List.of("p50", "p90", "mean")) {
                Map<String, Object> row = row(rows, "perfdw", op + " for downstairs client 1", statistic);
                assertEquals("changed", row.get("verdict"), row.toString());
                assertEquals(Boolean.TRUE, row.get("worse"), row.toString());
            }
        }
        Map<String, Object> guestWrite = row(rows, "guest", "write", "p50");
        assertEquals("changed", guestWrite.get("verdict"), guestWrite.toString());
        assertEquals(Boolean.TRUE, guestWrite.get("worse"), guestWrite.toString());
        List<Map<String, Object>> unaffected = rows.stream().filter(r -> "perfdw".equals(r.get("group"))
                && !String.valueOf(r.get("metric")).endsWith("client 1")).toList();
        assertFalse(unaffected.isEmpty());
        assertEquals("", called(unaffected), "clients 0 and 2 are not called");
    }

    private static Map<String, Object> row(List<Map<String, Object>> rows, String group, String metric,
            String statistic) {
        return rows.stream().filter(r -> group.equals(r.get("group")) && metric.equals(r.get("metric"))
                && statistic.equals(r.get("statistic"))).findFirst().orElseThrow(() -> new AssertionError(
                        group + " " + metric + " " + statistic + " missing"));
    }

    @Test
    void twoSeedRangesOfOneScenarioCallAlmostNothing() throws IOException {
        CliResult result = compare(healthy1to8, healthy9to16, "--format", "json", "--fail-on", "p99>10%");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        List<Map<String, Object>> rows = jsonRows(result);
        long called = rows.stream().filter(r -> "changed".equals(r.get("verdict"))).count();
        assertTrue(called <= rows.size() * 0.05, called + " of " + rows.size() + " called:\n" + called(rows));
    }

    @Test
    void markdownIsATablePerReport() {
        CliResult result = compare(healthy1to4, healthy1to8, "--format", "md");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("## crucible-sim compare\n"), result.out());
        assertTrue(result.out().contains("\n### perfdw\n\n| metric | stat | old | new | change | verdict |\n"),
                result.out());
        assertTrue(result.out().contains("| \\~ (p="), result.out());
    }

    @Test
    void differentScenariosAreRefusedNamingTheKeys() {
        CliResult result = compare(healthy1to8, slow1to8);
        assertEquals(2, result.exitCode(), result.out());
        assertEquals(1, result.err().lines().count(), "one line: " + result.err());
        assertTrue(result.firstErrLine().contains("ran different scenarios (--force compares them anyway); they "
                + "differ at "), result.err());
        assertTrue(result.err().contains("downstairs.1.service.write.fixed.median_ns: 40000.0 vs 80000.0"),
                result.err());
        assertEquals("", result.out());
    }

    @Test
    void singleRunsOfDifferentSeedsAreExactButWarned() {
        CliResult result = compare(healthy1to8.resolve(runId(0)), healthy1to8.resolve(runId(1)));
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("warning: the runs have different seeds (1 and 2)"), result.out());
        assertTrue(result.out().contains("changed"), result.out());
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path directory) throws IOException {
        Path run = healthy1to8.resolve(runId(0));
        Path text = Files.writeString(directory.resolve("notes.json"), "{\"hello\": 1}");
        Path garbage = Files.writeString(directory.resolve("garbage.json"), "not json at all");
        Path emptySet = Files.createDirectories(directory.resolve("empty-set"));
        Files.writeString(emptySet.resolve("set.json"), "{\"schema\": \"crucible-sim/set\", \"schema_version\": 1, "
                + "\"runs\": []}");
        Path jmh = Path.of("src", "test", "resources", "dev", "cruciblesim", "bench", "compare", "jmh-old.json");
        Map<List<Object>, String> cases = new LinkedHashMap<>();
        cases.put(List.of(directory.resolve("missing"), run), directory.resolve("missing")
                + ": no such file or directory");
        cases.put(List.of(run, directory), directory + ": neither a run directory (no report.json) nor a set "
                + "directory (no set.json)");
        cases.put(List.of(text, run), text + ": not a crucible-sim report.json or set.json, nor a JMH JSON result "
                + "file");
        cases.put(List.of(run, emptySet), emptySet + ": a set with no runs");
        cases.put(List.of(jmh, run), jmh + ": JMH results compare only with JMH results, not with the run " + run);
        cases.put(List.of(run, run, "--fail-on", "p99>ten%"), "--fail-on 'p99>ten%': the threshold 'ten%' is not a "
                + "percentage such as 10% or -5%");
        for (Map.Entry<List<Object>, String> entry : cases.entrySet()) {
            CliResult result = compare(entry.getKey().toArray());
            assertEquals(2, result.exitCode(), entry.getKey() + ": " + result.err());
            assertEquals(List.of("crucible-sim: compare: " + entry.getValue()), result.err().lines().toList());
        }
        CliResult notJson = compare(garbage, run);
        assertEquals(2, notJson.exitCode());
        assertEquals(1, notJson.err().lines().count(), notJson.err());
        assertTrue(notJson.firstErrLine().startsWith("crucible-sim: compare: " + garbage + ": not a crucible-sim"));
        CliResult unknown = compare(run, run, "--fail-on", "perfqq.*.p99>10%");
        assertEquals(2, unknown.exitCode());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
        assertTrue(unknown.firstErrLine().startsWith("crucible-sim: compare: --fail-on 'perfqq.*.p99>10%': no metric "
                + "matches 'perfqq.*.p99'"), unknown.err());
    }
}
