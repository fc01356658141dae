package dev.cruciblesim.bench.bundle;

import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.virtual.VirtualHarness;
import dev.cruciblesim.tracing.report.DTraceReport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed baseline: scenarios/reference.yaml in virtual time must give exactly the report.json
 * and text reports under results/baselines/reference/. A deliberate change of behaviour or of a
 * model regenerates them in the same commit, with
 * {@code mvn -pl bench test -Dtest=BaselineTest -Dcrucible.updateBaselines=true}, and says why.
 */
class BaselineTest {
    private static final Path SCENARIO = Path.of("..", "scenarios", "reference.yaml");
    private static final Path BASELINE = Path.of("..", "results", "baselines", "reference");

    @Test
    void theReferenceScenarioReproducesItsCommittedBaselineByteForByte() throws IOException {
        Scenario scenario = ScenarioLoader.load(SCENARIO, List.of());
        RunOutcome outcome = new VirtualHarness(scenario, intervals -> { })
                .execute(new PrintWriter(new StringWriter()));
        assertTrue(outcome.succeeded(), () -> "reference run failed: " + outcome.failures());
        StringBuilder reports = new StringBuilder();
        for (DTraceReport report : outcome.reports()) {
            reports.append(report.stdout());
        }
        String reportJson = ReportJson.render(scenario, outcome);

        if (Boolean.getBoolean("crucible.updateBaselines")) {
            Files.createDirectories(BASELINE);
            Files.writeString(BASELINE.resolve("report.json"), reportJson, StandardCharsets.UTF_8);
            Files.writeString(BASELINE.resolve("reports.txt"), reports.toString(), StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(BASELINE.resolve("reports.txt"), StandardCharsets.UTF_8), reports.toString(),
                "text reports differ from " + BASELINE + "/reports.txt; if the change is deliberate, regenerate"
                        + " with -Dcrucible.updateBaselines=true and say why in the commit");
        assertEquals(Files.readString(BASELINE.resolve("report.json"), StandardCharsets.UTF_8), reportJson,
                "report.json differs from " + BASELINE + "/report.json; if the change is deliberate, regenerate"
                        + " with -Dcrucible.updateBaselines=true and say why in the commit");
    }
}
