package dev.cruciblesim.bench.cli;

import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run that outgrows the heap ends with one line in the project's words, exit 1, in either runtime. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OutOfMemoryTest {
    private static final String FIRST_WORDS = "crucible-sim: out of memory: the Java heap, at most ";

    @TempDir
    Path directory;

    /** 20,000 writes of 64 KiB to an 8 GiB volume keep 3 x 1.2 GiB in the downstairs: far past a 48 MiB heap. */
    @ParameterizedTest
    @ValueSource(strings = {"virtual", "real"})
    void shouldSayWhatRanOutAndTheHeapToTryInsteadOfAStackTrace(String clock) throws Exception {
        ChildCrucibleSim child = ChildCrucibleSim.start(directory, List.of("-Xmx48m"), "run", "--clock", clock,
                "--rw", "write", "--bs", "64k", "--ios", "20000", "--extent-count", "2048",
                "--out", directory.resolve("runs").toString());
        List<String> stderr = child.stderrToEnd();
        assertEquals(CrucibleSim.EXIT_RUN_FAILED, child.exitCode(), () -> String.join("\n", stderr));
        List<String> ours = stderr.stream().filter(line -> !line.startsWith("dtrace: script")).toList();
        assertTrue(ours.get(ours.size() - 1).startsWith(FIRST_WORDS), () -> String.join("\n", stderr));
        assertEquals(1, stderr.stream().filter(line -> line.startsWith(FIRST_WORDS)).count(),
                () -> "one line, however many threads ran out:\n" + String.join("\n", stderr));
        assertFalse(stderr.stream().anyMatch(line -> line.contains("OutOfMemoryError") || line.startsWith("\tat ")),
                () -> String.join("\n", stderr));
    }

    @Test
    void shouldNameTheHeapTheVolumeAndALargerXmx() {
        Scenario scenario = ScenarioLoader.loadText("volume: {block_size: 4096, extent_size: 1024, extent_count: "
                + "2048}\n", "big.yaml", Path.of("."), List.of());
        assertEquals("out of memory: the Java heap, at most 48 MiB here, is full; the three downstairs keep every "
                + "block written, up to 3 x 8.0 GiB for this volume, and the read check 24 MiB; give the JVM more heap "
                + "(java -Xmx256m -jar crucible-sim.jar ...), or write less of a smaller volume (--extent-count, --ios)",
                OutOfMemory.explain(scenario, 48L << 20));
        assertEquals("out of memory: the Java heap, at most 2.0 GiB here, is full; give the JVM more heap "
                + "(java -Xmx4096m -jar crucible-sim.jar ...)", OutOfMemory.explain(null, 2L << 30));
    }
}
