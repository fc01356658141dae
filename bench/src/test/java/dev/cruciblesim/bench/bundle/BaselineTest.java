package dev.cruciblesim.bench.bundle;

import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.scenario.ScenarioOverride;
import dev.cruciblesim.bench.virtual.VirtualHarness;
import dev.cruciblesim.tracing.report.DTraceReport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed baselines: each scenario in virtual time must give exactly the report.json and text
 * reports under results/baselines/NAME/. A deliberate change of behaviour or of a
 * model regenerates them in the same commit, with
 * {@code mvn -pl bench test -Dtest=BaselineTest -Dcrucible.updateBaselines=true}, and says why.
 * The text reports compare byte for byte; report.json compares byte for byte once its compressed
 * histograms are re-encoded uncompressed, so that another zlib cannot fail the build.
 */
class BaselineTest {
    /**
     * The build the baselines name: none. report.json names the commit that made it, and a baseline written with
     * this build's commit would differ from the next commit's by that alone; what a baseline pins is the model's
     * behaviour, so it says "unknown" and dirty null, as a build without git does.
     */
    private static final BuildInfo NO_BUILD = new BuildInfo(BuildInfo.UNKNOWN_COMMIT, null, null, null);
    private static final Pattern HDR_FIELD = Pattern.compile("(\"hdr_histogram\" : \")([A-Za-z0-9+/=]+)\"");

    /**
     * @param name      the baseline's folder under results/baselines
     * @param scenario  the scenario file under scenarios/
     * @param overrides key=value overrides, as {@code --set} gives them
     */
    record Baseline(String name, String scenario, List<String> overrides) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * reference: constant upstairs processing, the fast check; healthy for 100 ms: the random models
     * of the shipped examples, whose every draw (processing times at start-up included) shows.
     */
    static List<Baseline> baselines() {
        return List.of(new Baseline("reference", "reference.yaml", List.of()),
                new Baseline("healthy-100ms", "healthy.yaml", List.of("workload.runtime=100ms")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("baselines")
    void theScenarioReproducesItsCommittedBaselineByteForByte(Baseline baseline) throws IOException {
        Path baselineDir = Path.of("..", "results", "baselines", baseline.name());
        List<ScenarioOverride> overrides = baseline.overrides().stream().map(ScenarioOverride::set).toList();
        Scenario scenario = ScenarioLoader.load(Path.of("..", "scenarios", baseline.scenario()), overrides);
        RunOutcome outcome = new VirtualHarness(scenario, intervals -> { }, null)
                .execute(new PrintWriter(new StringWriter()));
        assertTrue(outcome.succeeded(), () -> baseline + " run failed: " + outcome.failures());
        StringBuilder reports = new StringBuilder();
        for (DTraceReport report : outcome.reports()) {
            reports.append(report.stdout());
        }
        String reportJson = ReportJson.render(scenario, outcome, NO_BUILD);

        if (Boolean.getBoolean("crucible.updateBaselines")) {
            Files.createDirectories(baselineDir);
            Files.writeString(baselineDir.resolve("report.json"), reportJson, StandardCharsets.UTF_8);
            Files.writeString(baselineDir.resolve("reports.txt"), reports.toString(), StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(baselineDir.resolve("reports.txt"), StandardCharsets.UTF_8), reports.toString(),
                "text reports differ from " + baselineDir + "/reports.txt; if the change is deliberate, regenerate"
                        + " with -Dcrucible.updateBaselines=true and say why in the commit");
        assertEquals(canonical(Files.readString(baselineDir.resolve("report.json"), StandardCharsets.UTF_8)),
                canonical(reportJson),
                "report.json differs from " + baselineDir + "/report.json; if the change is deliberate, regenerate"
                        + " with -Dcrucible.updateBaselines=true and say why in the commit");
    }

    /**
     * report.json with every compressed HdrHistogram re-encoded uncompressed: the deflate bytes
     * depend on the zlib the JDK links (zlib and zlib-ng differ), the histograms themselves must not.
     */
    private static String canonical(String reportJson) {
        Matcher matcher = HDR_FIELD.matcher(reportJson);
        StringBuilder canonical = new StringBuilder();
        int histograms = 0;
        while (matcher.find()) {
            histograms++;
            byte[] compressed = Base64.getDecoder().decode(matcher.group(2));
            Histogram histogram;
            try {
                histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
            } catch (DataFormatException e) {
                throw new AssertionError("undecodable hdr_histogram in report.json", e);
            }
            ByteBuffer plain = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            int length = histogram.encodeIntoByteBuffer(plain);
            String replacement = matcher.group(1) + Base64.getEncoder().encodeToString(
                    java.util.Arrays.copyOf(plain.array(), length)) + "\"";
            matcher.appendReplacement(canonical, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(canonical);
        if (histograms == 0) {
            throw new AssertionError("report.json holds no hdr_histogram field: the pattern is out of date");
        }
        return canonical.toString();
    }
}
