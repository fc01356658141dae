package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.scenario.ScenarioOverride;
import dev.cruciblesim.downstairs.InboxWaitStrategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every wait strategy runs the real-time pipeline to a verified end, and the run records which it used. */
class WaitStrategyRunTest {
    @ParameterizedTest
    @EnumSource(InboxWaitStrategy.class)
    void everyWaitStrategyRunsToAVerifiedEnd(InboxWaitStrategy strategy) throws InterruptedException {
        // Few IOs: a spinning strategy on two cores shares them with the other spinning threads.
        Scenario scenario = ScenarioLoader.load(null, List.of(
                new ScenarioOverride("runtime.wait_strategy", strategy.optionName(), "test"),
                new ScenarioOverride("workload.number_ios", strategy == InboxWaitStrategy.BUSY_SPIN ? "100" : "400",
                        "test"),
                new ScenarioOverride("workload.runtime", "0", "test"),
                new ScenarioOverride("reports", "[]", "test")));
        assertEquals(strategy, scenario.runtime().waitStrategy());
        assertEquals(Map.of("wait_strategy", strategy.optionName()), scenario.describe().get("runtime"));
        RunOutcome outcome = new InProcessHarness(scenario, intervals -> { }, null)
                .execute(new PrintWriter(new StringWriter()));
        assertTrue(outcome.succeeded(), () -> strategy + ": " + outcome.failures());
        assertEquals(outcome.workload().reads(), outcome.workload().verifiedReads());
    }
}
