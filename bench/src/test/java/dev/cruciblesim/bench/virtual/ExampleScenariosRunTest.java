package dev.cruciblesim.bench.virtual;

import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.ClockKind;
import dev.cruciblesim.bench.workload.JobSpec;
import dev.cruciblesim.bench.workload.trace.TraceOp;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.scenario.ScenarioOverride;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every example scenario runs to a clean end in virtual time, not just binds. */
class ExampleScenariosRunTest {
    private static final Path SCENARIOS = Path.of("..", "scenarios");
    private static final long IOS = 20_000;

    @Test
    void everyExampleRunsCleanlyInVirtualTime() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(SCENARIOS)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no examples in " + SCENARIOS.toAbsolutePath());
        for (Path file : files) {
            // Shortened so the whole set runs in seconds; the full-length README example is below.
            Scenario scenario = ScenarioLoader.load(file, List.of(
                    new ScenarioOverride("workload.number_ios", Long.toString(IOS), "test"),
                    new ScenarioOverride("workload.runtime", "0", "test")));
            assertEquals(ClockKind.VIRTUAL, scenario.clock(), file + " should run in virtual time");
            RunOutcome outcome = new VirtualHarness(scenario, intervals -> { }, null)
                    .execute(new PrintWriter(new StringWriter()));
            assertTrue(outcome.succeeded(), () -> file + ": " + outcome.failures());
            // Each job stops at the count; a replay stops at its trace's end if that comes first.
            long expected = 0;
            for (JobSpec job : scenario.workload().jobs()) {
                expected += job.replay() == null ? IOS : Math.min(IOS, job.replay().trace().size()
                        - job.replay().trace().count(TraceOp.TRIM));
            }
            assertEquals(expected, outcome.workload().totalIos(), file.toString());
            assertTrue(outcome.finalStatusJson().contains("\"up_count\":0,\"ds_count\":0"),
                    file + ": " + outcome.finalStatusJson());
        }
    }

    @Test
    void theSlowDownstairsExampleDrainsItsBacklogAfterTheLastGuestIo() {
        // Client 1 falls tens of thousands of jobs behind; after the final flush no guest IO
        // completes while it catches up, and that is progress, not a hang.
        Scenario scenario = ScenarioLoader.load(SCENARIOS.resolve("slow-downstairs.yaml"), List.of(
                new ScenarioOverride("seed", "7", "test")));
        RunOutcome outcome = new VirtualHarness(scenario, intervals -> { }, null)
                .execute(new PrintWriter(new StringWriter()));
        assertTrue(outcome.succeeded(), () -> "failures: " + outcome.failures());
        assertTrue(outcome.finalStatusJson().contains("\"ds_count\":0"), outcome.finalStatusJson());
    }
}
