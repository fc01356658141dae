package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.workload.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example scenarios at the repository root (scenarios/) all bind, and each shows what its header says. */
class ScenarioExamplesTest {
    /** Surefire runs in the bench module's directory; the examples live beside it. */
    static final Path EXAMPLES = Path.of("..", "scenarios");

    static List<Path> exampleFiles() {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldHaveTheDocumentedExamples() {
        List<String> names = exampleFiles().stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
        assertTrue(names.containsAll(List.of("healthy.yaml", "slow-downstairs.yaml", "flush-heavy.yaml",
                "calibrated.yaml", "reference.yaml")), names.toString());
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void shouldBindEveryExample(Path file) throws IOException {
        Scenario scenario = ScenarioLoader.load(file, List.of());
        String fileName = file.getFileName().toString();
        assertEquals(fileName.substring(0, fileName.lastIndexOf('.')), scenario.name(), "named as its file");
        assertEquals(ClockKind.VIRTUAL, scenario.clock(), "examples are reproducible");
        assertTrue(Files.readAllLines(file).get(0).startsWith("# " + scenario.name() + ":"),
                "a header comment saying what it shows");
    }

    @Test
    void shouldMakeClientOneOfSlowDownstairsAtLeastFourTimesSlowerToWriteAndFlush() {
        Scenario scenario = ScenarioLoader.load(EXAMPLES.resolve("slow-downstairs.yaml"), List.of());
        DownstairsModel healthy = scenario.downstairs(0);
        DownstairsModel slow = scenario.downstairs(1);
        assertEquals(healthy, scenario.downstairs(2));
        assertTrue(slow.write().fixed().meanNs() >= 4 * healthy.write().fixed().meanNs());
        assertTrue(slow.write().perByteNs() >= 4 * healthy.write().perByteNs());
        assertTrue(slow.flush().fixed().meanNs() >= 4 * healthy.flush().fixed().meanNs());
        assertEquals("mixture", slow.write().fixed().describe().get("kind"));
        assertEquals(healthy.read(), slow.read(), "reads are not slower");
        assertEquals(healthy.toUpstairs(), slow.toUpstairs(), "links are not slower");
    }

    @Test
    void shouldFlushOftenInFlushHeavy() {
        JobSpec workload = ScenarioLoader.load(EXAMPLES.resolve("flush-heavy.yaml"), List.of()).workload().job();
        assertEquals(4, workload.fsyncEveryWrites());
        assertEquals(0.05, workload.flushShare());
    }

    @Test
    void shouldReplayEachClientsOwnHistogramsInCalibrated() {
        Scenario scenario = ScenarioLoader.load(EXAMPLES.resolve("calibrated.yaml"), List.of());
        for (int clientId = 0; clientId < 3; clientId++) {
            DownstairsModel model = scenario.downstairs(clientId);
            assertEquals("read for downstairs client " + clientId, model.read().fixed().describe().get("key"));
            assertEquals("write for downstairs client " + clientId, model.write().fixed().describe().get("key"));
            assertEquals("flush for downstairs client " + clientId, model.flush().fixed().describe().get("key"));
        }
    }

    @Test
    void shouldKeepTheReferenceSmall() {
        Scenario scenario = ScenarioLoader.load(EXAMPLES.resolve("reference.yaml"), List.of());
        assertTrue(scenario.workload().job().numberIos() > 0 && scenario.workload().job().numberIos() <= 10_000);
        assertTrue(scenario.volume().totalBytes() <= 64L << 20);
    }
}
