package dev.cruciblesim.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cruciblesim.bench.bundle.BuildInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --seeds} and {@code run --repeat}: a set directory of run bundles and its index, set.json. */
class RunSetCliTest {
    private static final Path REFERENCE = Path.of("..", "scenarios", "reference.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SET_KEYS = List.of("schema", "schema_version", "scenario_name", "scenario_hash",
            "commit", "dirty", "clock", "seeds", "repeat", "runs");

    private static Path onlyEntry(Path directory) throws IOException {
        List<Path> entries = list(directory);
        assertEquals(1, entries.size(), () -> "entries: " + entries);
        return entries.get(0);
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.sorted().toList();
        }
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void aVirtualSetRunsEachSeedIntoItsOwnBundleByteForByteAsTheSeedRunAlone(@TempDir Path directory)
            throws IOException {
        Path sets = directory.resolve("sets");
        CliResult result = CliResult.run(sets, REFERENCE.toString(), "--seeds", "1..4", "--parallel", "2");
        assertEquals(0, result.exitCode(), result.err());

        Path set = onlyEntry(sets);
        String setName = set.getFileName().toString();
        assertTrue(setName.matches("\\d{8}T\\d{6}Z-reference-" + BuildInfo.current().commit() + "-set"), setName);
        assertEquals(set.toString(), result.out().strip(), "stdout names the set directory, and only it");
        List<String> entries = list(set).stream().map(path -> path.getFileName().toString()).toList();
        assertEquals(List.of("run-000", "run-001", "run-002", "run-003", "set.json"), entries);
        for (int seed = 1; seed <= 4; seed++) {
            assertTrue(result.err().contains("crucible-sim: run " + seed + "/4 (seed " + seed + "): 5000 IOs, "),
                    result.err());
        }
        assertFalse(result.err().contains("--- perfgw.d ---"), "a set prints no reports: " + result.err());

        JsonNode index = JSON.readTree(set.resolve("set.json").toFile());
        assertEquals(SET_KEYS, keys(index));
        assertEquals("crucible-sim/set", index.get("schema").asText());
        assertEquals(1, index.get("schema_version").asInt());
        assertEquals("reference", index.get("scenario_name").asText());
        assertEquals(BuildInfo.current().commit(), index.get("commit").asText());
        assertEquals("virtual", index.get("clock").asText());
        assertEquals("[1,2,3,4]", index.get("seeds").toString());
        assertTrue(index.get("repeat").isNull());
        assertEquals(4, index.get("runs").size());
        for (int i = 0; i < 4; i++) {
            JsonNode run = index.get("runs").get(i);
            assertEquals(List.of("id", "seed", "succeeded"), keys(run));
            assertEquals("run-00" + i, run.get("id").asText());
            assertEquals(i + 1, run.get("seed").asLong());
            assertTrue(run.get("succeeded").asBoolean());
            JsonNode report = JSON.readTree(set.resolve("run-00" + i).resolve("report.json").toFile());
            assertEquals(i + 1, report.get("seed").asLong());
            assertEquals(index.get("scenario_hash").asText(), report.get("scenario_hash").asText(),
                    "every seed of one scenario shares its hash");
        }

        // Seeds 2 and 3, each run alone: the same files, byte for byte.
        for (int seed : new int[] {2, 3}) {
            Path alone = directory.resolve("alone-" + seed);
            CliResult single = CliResult.run(alone, REFERENCE.toString(), "--seed", String.valueOf(seed));
            assertEquals(0, single.exitCode(), single.err());
            Path bundle = onlyEntry(alone);
            Path member = set.resolve("run-00" + (seed - 1));
            for (String file : List.of("report.json", "reports.txt", "fio.json", "latency.hlog", "summary.txt")) {
                assertArrayEquals(Files.readAllBytes(bundle.resolve(file)), Files.readAllBytes(member.resolve(file)),
                        file + " of seed " + seed + " differs between the set and the run alone");
            }
        }
    }

    @Test
    void aRealTimeRepeatRunsTheScenarioNTimesOneAfterAnother(@TempDir Path directory) throws IOException {
        CliResult result = CliResult.run(directory, "--repeat", "2", "--ios", "200");
        assertEquals(0, result.exitCode(), result.err());
        Path set = onlyEntry(directory);
        assertTrue(set.getFileName().toString().endsWith("-default-" + BuildInfo.current().commit() + "-set"),
                set.toString());
        assertEquals(List.of("run-000", "run-001", "set.json"),
                list(set).stream().map(path -> path.getFileName().toString()).toList());
        assertTrue(result.err().contains("crucible-sim: run 1/2 (seed 1): 200 IOs, "), result.err());
        assertTrue(result.err().contains("crucible-sim: run 2/2 (seed 1): 200 IOs, "), result.err());

        JsonNode index = JSON.readTree(set.resolve("set.json").toFile());
        assertEquals(SET_KEYS, keys(index));
        assertEquals("real", index.get("clock").asText());
        assertTrue(index.get("seeds").isNull());
        assertEquals(2, index.get("repeat").asInt());
        for (int i = 0; i < 2; i++) {
            JsonNode run = index.get("runs").get(i);
            assertEquals("run-00" + i, run.get("id").asText());
            assertEquals(1, run.get("seed").asLong());
            assertTrue(run.get("succeeded").asBoolean());
            JsonNode report = JSON.readTree(set.resolve(run.get("id").asText()).resolve("report.json").toFile());
            assertTrue(report.get("succeeded").asBoolean());
            assertEquals(200, report.at("/workload/total_ios").asLong());
            assertEquals(index.get("scenario_hash").asText(), report.get("scenario_hash").asText());
            JsonNode environment = JSON.readTree(set.resolve(run.get("id").asText()).resolve("environment.json")
                    .toFile());
            assertEquals(set.getFileName() + "/run-00" + i, environment.get("run_id").asText());
        }
    }

    /**
     * report.json names the build and the scenario: the hash is the same for a file written another way and for
     * another seed, and differs for another workload.
     */
    @Test
    void reportJsonCarriesCommitDirtyAndAHashOfTheResolvedScenario(@TempDir Path directory) throws IOException {
        Path reformatted = directory.resolve("reference-reformatted.yaml");
        // The same scenario: comments and blank lines gone, keys reordered, flow style, sizes and times respelled.
        Files.writeString(reformatted, String.join("\n",
                "seed: 42", "clock: virtual", "name: reference",
                "volume: {extent_count: 16, extent_size: 64, block_size: 4096}",
                "upstairs: {processing: 2000ns, status_interval: 10ms, flush_timeout: 5000ms, max_in_flight: 100}",
                "downstairs: {all: {",
                "  service: {flush: {fixed: {kind: normal, stddev: 100us, mean: 500us}},",
                "    write: {per_byte_ns: 0.25, fixed: {kind: uniform, max: 50us, min: 30us}},",
                "    read: {fixed: {kind: uniform, max: 35us, min: 15us}}},",
                "  link: {to_upstairs: {kind: lognormal, median: 30us, sigma: 0.2},",
                "    to_downstairs: {sigma: 0.2, median: 30us, kind: lognormal}}}}",
                "workload: {verify: true, runtime: 0, number_ios: 5000, fsync: 16, iodepth: 4, bs: 4k, rwmixread: 50,"
                        + " rw: randrw}",
                "reports: [perfgw, perfdw, perf-upstairs-rw, tracegw, upstairs_info]",
                "drain_timeout: 30000ms", ""), StandardCharsets.UTF_8);
        JsonNode reference = singleReport(directory.resolve("a"), REFERENCE.toString(), "--ios", "300");
        JsonNode sameReformatted = singleReport(directory.resolve("b"), reformatted.toString(), "--ios", "300");
        JsonNode otherSeed = singleReport(directory.resolve("c"), REFERENCE.toString(), "--ios", "300", "--seed", "9");
        JsonNode otherWorkload = singleReport(directory.resolve("d"), REFERENCE.toString(), "--ios", "300",
                "--queue-depth", "5");

        List<String> first = keys(reference).subList(0, 7);
        assertEquals(List.of("schema", "schema_version", "scenario_name", "commit", "dirty", "scenario_hash", "seed"),
                first);
        assertEquals(3, reference.get("schema_version").asInt());
        assertEquals(BuildInfo.current().commit(), reference.get("commit").asText());
        assertEquals(BuildInfo.current().dirty() == null, reference.get("dirty").isNull());
        String hash = reference.get("scenario_hash").asText();
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
        assertEquals(hash, sameReformatted.get("scenario_hash").asText(), "formatting is not the scenario");
        assertEquals(hash, otherSeed.get("scenario_hash").asText(), "the seed is left out of the hash");
        assertEquals(9, otherSeed.get("seed").asLong());
        assertNotEquals(hash, otherWorkload.get("scenario_hash").asText(), "another iodepth is another scenario");
    }

    private static JsonNode singleReport(Path out, String... options) throws IOException {
        CliResult result = CliResult.run(out, options);
        assertEquals(0, result.exitCode(), result.err());
        return JSON.readTree(onlyEntry(out).resolve("report.json").toFile());
    }

    /**
     * A child process whose first run goes on until ^C (--duration 0): the first SIGINT ends that run whole, starts
     * neither of the other two, and leaves set.json listing the one run; exit 130.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS)
    void theFirstSigintEndsTheRunningRunAndStartsNoMore(@TempDir Path directory) throws Exception {
        Path sets = directory.resolve("sets");
        ChildCrucibleSim child = ChildCrucibleSim.start(directory, List.of(), "run", "--repeat", "3", "--duration",
                "0", "--out", sets.toString());
        child.awaitStderrLine("crucible-sim: scenario default (built-in defaults), real time, seed 1, 3 runs");
        // The first run's bundle directory is made just before it starts (its harness prints nowhere in a set): a
        // signal before that would rightly start no run at all.
        awaitDirectory(sets, "run-000");
        child.sigint();
        List<String> stderr = child.stderrToEnd();
        assertEquals(CrucibleSim.EXIT_INTERRUPTED, child.exitCode(), () -> String.join("\n", stderr));
        assertTrue(stderr.stream().anyMatch(line -> line.startsWith("crucible-sim: interrupted: no more runs will "
                + "start")), () -> String.join("\n", stderr));

        Path set = onlyEntry(sets);
        assertEquals(set.toString(), Files.readString(child.stdout, StandardCharsets.UTF_8).strip());
        assertEquals(List.of("run-000", "set.json"), list(set).stream().map(path -> path.getFileName().toString())
                .toList());
        JsonNode index = JSON.readTree(set.resolve("set.json").toFile());
        assertEquals(3, index.get("repeat").asInt());
        assertEquals(1, index.get("runs").size());
        assertTrue(index.at("/runs/0/succeeded").asBoolean(), index.toString());
        assertTrue(Files.isRegularFile(set.resolve("run-000").resolve("report.json")));
    }

    /** Waits, up to a minute, for {@code name} to appear inside the only set under {@code sets}. */
    private static void awaitDirectory(Path sets, String name) throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadlineNs) {
            List<Path> entries = Files.isDirectory(sets) ? list(sets) : List.of();
            if (entries.size() == 1 && Files.isDirectory(entries.get(0).resolve(name))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(name + " did not appear under " + sets);
    }

    @Test
    void everyBadSetIsOneLineNamingTheOptionAndExitsTwo(@TempDir Path directory) throws IOException {
        String virtual = "--clock=virtual";
        List<List<String>> cases = List.of(
                List.of("--repeat", "2", "--seeds", "1..2", virtual),
                List.of("--repeat", "2", virtual, "--ios", "10"),
                List.of("--seeds", "1..2", "--ios", "10"),
                List.of("--seeds", "0..", virtual),
                List.of("--seeds", "5..1", virtual),
                List.of("--seeds", "a,b", virtual),
                List.of("--seeds", "1..3,2", virtual),
                List.of("--seeds", "1,1", virtual),
                List.of("--seeds", "1..10001", virtual),
                List.of("--seeds", "1..99999999999", virtual),
                List.of("--seeds", "", virtual),
                List.of("--seeds", "1..2", "--seed", "3", virtual),
                List.of("--seeds", "1..2", "--parallel", "0", virtual),
                List.of("--parallel", "2", virtual),
                List.of("--repeat", "0"),
                List.of("--repeat", "x"));
        List<String> expectedStarts = List.of(
                "crucible-sim: --repeat: cannot be combined with --seeds",
                "crucible-sim: --repeat: in virtual time a scenario and seed give the same run every time, so the "
                        + "repeats would be identical; use --seeds 1..2 for 2 samples of the model",
                "crucible-sim: --seeds: one run per seed is for virtual time",
                "crucible-sim: --seeds: '0..' is not a list of seeds: '' is not an integer",
                "crucible-sim: --seeds: '5..1' in '5..1' is an empty range",
                "crucible-sim: --seeds: 'a,b' is not a list of seeds: 'a' is not an integer",
                "crucible-sim: --seeds: '1..3,2' gives seed 2 twice",
                "crucible-sim: --seeds: '1,1' gives seed 1 twice",
                "crucible-sim: --seeds: '1..10001' is more than 10000 seeds",
                "crucible-sim: --seeds: '1..99999999999' is more than 10000 seeds",
                "crucible-sim: --seeds: expected seeds",
                "crucible-sim: --seeds: cannot be combined with --seed",
                "crucible-sim: --parallel: must be an integer >= 1, got '0'",
                "crucible-sim: --parallel: spreads the runs of --seeds over threads, and there is no --seeds",
                "crucible-sim: --repeat: must be an integer >= 1, got '0'",
                "crucible-sim: --repeat: must be an integer >= 1, got 'x'");
        for (int i = 0; i < cases.size(); i++) {
            Path out = directory.resolve("out-" + i);
            CliResult result = CliResult.run(out, cases.get(i).toArray(String[]::new));
            String args = String.join(" ", cases.get(i));
            assertEquals(2, result.exitCode(), args + ": " + result.err());
            assertTrue(result.firstErrLine().startsWith(expectedStarts.get(i)), args + ": " + result.err());
            // The one line, and the hint every bad option gets; no stack trace, no run.
            List<String> lines = result.err().lines().toList();
            assertTrue(lines.size() == 1 || lines.size() == 2 && lines.get(1).startsWith("Try 'crucible-sim run --help'"),
                    args + ": " + result.err());
            assertEquals("", result.out(), args);
            assertFalse(Files.exists(out) && !list(out).isEmpty(), args + ": nothing is written for bad input");
        }
    }
}
