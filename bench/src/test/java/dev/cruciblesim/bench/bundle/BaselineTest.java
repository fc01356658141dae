package dev.cruciblesim.bench.bundle;

import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.virtual.VirtualHarness;
import dev.cruciblesim.tracing.report.DTraceReport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

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
 * The committed baseline: scenarios/reference.yaml in virtual time must give exactly the report.json
 * and text reports under results/baselines/reference/. A deliberate change of behaviour or of a
 * model regenerates them in the same commit, with
 * {@code mvn -pl bench test -Dtest=BaselineTest -Dcrucible.updateBaselines=true}, and says why.
 * The text reports compare byte for byte; report.json compares byte for byte once its compressed
 * histograms are re-encoded uncompressed, so that another zlib cannot fail the build.
 */
class BaselineTest {
    private static final Path SCENARIO = Path.of("..", "scenarios", "reference.yaml");
    private static final Path BASELINE = Path.of("..", "results", "baselines", "reference");
    private static final Pattern HDR_FIELD = Pattern.compile("(\"hdr_histogram\" : \")([A-Za-z0-9+/=]+)\"");

    @Test
    void theReferenceScenarioReproducesItsCommittedBaselineByteForByte() throws IOException {
        Scenario scenario = ScenarioLoader.load(SCENARIO, List.of());
        RunOutcome outcome = new VirtualHarness(scenario, intervals -> { }, null)
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
        assertEquals(canonical(Files.readString(BASELINE.resolve("report.json"), StandardCharsets.UTF_8)),
                canonical(reportJson),
                "report.json differs from " + BASELINE + "/report.json; if the change is deliberate, regenerate"
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
