package dev.cruciblesim.bench.bundle;

import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.scenario.ScenarioOverride;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scenario_hash: of what the scenario resolved to, without the seed; not of the file's text. */
class ScenarioHashTest {
    private static final Path REFERENCE = Path.of("..", "scenarios", "reference.yaml");

    /**
     * The reference scenario written another way: flow style, other key order, no comments, a default spelled out
     * (upstairs.policy is not in the file) and a duration in other units; it resolves to the same scenario.
     */
    private static final String REFERENCE_REFORMATTED = String.join("\n",
            "clock: virtual",
            "name: reference",
            "seed: 42",
            "volume: {extent_count: 16, extent_size: 64, block_size: 4096}",
            "upstairs: {processing: 2000ns, status_interval: 10000us, flush_timeout: 5000ms, max_in_flight: 100}",
            "downstairs:",
            "  all:",
            "    service:",
            "      flush: {fixed: {kind: normal, stddev: 100us, mean: 500us}}",
            "      write: {per_byte_ns: 0.25, fixed: {kind: uniform, max: 50us, min: 30us}}",
            "      read: {fixed: {kind: uniform, max: 35us, min: 15us}}",
            "    link: {to_upstairs: {kind: lognormal, median: 30us, sigma: 0.2},"
                    + " to_downstairs: {sigma: 0.2, median: 30us, kind: lognormal}}",
            "workload: {verify: true, runtime: 0, number_ios: 5000, fsync: 16, iodepth: 4, bs: 4k, rwmixread: 50,"
                    + " rw: randrw}",
            "reports: [perfgw, perfdw, perf-upstairs-rw, tracegw, upstairs_info]",
            "drain_timeout: 30s",
            "");

    @Test
    void isSha256HexOfTheResolvedScenario() {
        String hash = ScenarioHash.of(ScenarioLoader.load(REFERENCE, List.of()));
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
    }

    @Test
    void isTheSameForEverySeedAndForAnyFormattingOfTheFile(@org.junit.jupiter.api.io.TempDir Path directory)
            throws IOException {
        Scenario reference = ScenarioLoader.load(REFERENCE, List.of());
        Path reformatted = directory.resolve("reference-reformatted.yaml");
        Files.writeString(reformatted, REFERENCE_REFORMATTED, StandardCharsets.UTF_8);
        Scenario same = ScenarioLoader.load(reformatted, List.of());
        assertEquals(reference.describe(), same.describe(), "the reformatted file must resolve to the same scenario");

        assertEquals(ScenarioHash.of(reference), ScenarioHash.of(same));
        assertEquals(ScenarioHash.of(reference),
                ScenarioHash.of(ScenarioLoader.load(REFERENCE, List.of(ScenarioOverride.set("seed=7")))));
    }

    @Test
    void differsWhenAnySettingDiffers() {
        String reference = ScenarioHash.of(ScenarioLoader.load(REFERENCE, List.of()));
        for (String change : List.of("workload.iodepth=5", "workload.rwmixread=70", "name=other",
                "downstairs.1.link.to_upstairs=200us", "upstairs.status_interval=20ms")) {
            assertNotEquals(reference, ScenarioHash.of(ScenarioLoader.load(REFERENCE,
                    List.of(ScenarioOverride.set(change)))), change);
        }
    }
}
