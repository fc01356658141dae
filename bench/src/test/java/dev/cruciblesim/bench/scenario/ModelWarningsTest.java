package dev.cruciblesim.bench.scenario;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.cruciblesim.bench.scenario.ScenarioFixtures.set;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models that cannot finish within the drain timeout are named at load time; sensible ones are not. */
class ModelWarningsTest {
    @Test
    void shouldNameAModelWhoseMeanIsInfinite() {
        Scenario scenario = yaml("workload: {number_ios: 10}\n",
                set("downstairs.all.link.to_downstairs", "{kind: pareto, scale: 10us, shape: 0.01}"));

        List<String> warnings = ModelWarnings.of(scenario);

        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).startsWith("downstairs.all.link.to_downstairs: mean infinite, 99.9th percentile "
                + "about "), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("beyond the drain timeout of 30.00s, so a run would end as a hang; "
                + "shorten the model or raise drain_timeout"), warnings.get(0));
    }

    @Test
    void shouldNameATailBeyondTheDrainTimeoutAndTheClientItIsOn() {
        Scenario scenario = yaml("drain_timeout: 10ms\nworkload: {number_ios: 10}\n",
                set("downstairs.1.service.write.fixed", "{kind: lognormal, median: 1ms, sigma: 1.5}"),
                set("upstairs.processing", "20ms"));

        List<String> warnings = ModelWarnings.of(scenario);

        assertEquals(2, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).startsWith("upstairs.processing: mean 20.00ms, 99.9th percentile about 20.00ms"),
                warnings.get(0));
        assertTrue(warnings.get(1).startsWith("downstairs.1.service.write.fixed: mean 3.08ms, 99.9th percentile about "),
                warnings.get(1));
    }

    @Test
    void shouldNameAReplayedTraceWhoseTimesGoBackOnceForAllItsJobs() {
        Path trace = Path.of("src", "test", "resources", "traces", "hand-sample.csv").toAbsolutePath();
        Scenario scenario = yaml("workload:\n  jobs:\n  - {name: a, read_iolog: '" + trace + "'}\n"
                + "  - {name: b, read_iolog: '" + trace + "'}\n");

        assertEquals(List.of(trace + ":11: a record's time is before the previous record's; "
                + "it replays at the previous record's time"), ModelWarnings.of(scenario));
    }

    @Test
    void shouldSayNothingOfTheShippedExamples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "scenarios"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                assertEquals(List.of(), ModelWarnings.of(ScenarioLoader.load(file, List.of())), file.toString());
            }
        }
    }
}
