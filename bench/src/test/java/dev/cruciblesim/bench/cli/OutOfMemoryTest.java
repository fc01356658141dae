package dev.cruciblesim.bench.cli;

import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * 20,000 writes of 64 KiB of bytes to an 8 GiB volume keep 1.2 GiB in the downstairs, and 300,000 random 4 KiB
     * writes of stamps over 1 TiB (in 16,384 extents, so that the extents' metadata is small) touch nearly every one
     * of its 262,144 segments in four block maps (about 80 MiB): both far past a 48 MiB heap.
     */
    @ParameterizedTest
    @ValueSource(strings = {"virtual bytes", "real bytes", "virtual stamps"})
    void shouldSayWhatRanOutAndTheHeapToTryInsteadOfAStackTrace(String clockAndPayload) throws Exception {
        String[] parts = clockAndPayload.split(" ");
        List<String> workload = parts[1].equals("bytes")
                ? List.of("--rw", "write", "--bs", "64k", "--ios", "20000", "--extent-count", "2048")
                : List.of("--rw", "randwrite", "--ios", "300000", "--extent-size", "16384", "--extent-count", "16384");
        List<String> arguments = new ArrayList<>(List.of("run", "--clock", parts[0]));
        arguments.addAll(workload);
        arguments.addAll(List.of("--set", "volume.payload=" + parts[1], "--out", directory.resolve("runs").toString()));
        ChildCrucibleSim child = ChildCrucibleSim.start(directory, List.of("-Xmx48m"),
                arguments.toArray(String[]::new));
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
        assertEquals("out of memory: the Java heap, at most 48 MiB here, is full; the downstairs keep every "
                + "block written, up to 8.0 GiB for this volume, and the read check a few bytes per block written, up "
                + "to 36 MiB; give the JVM more heap (java -Xmx256m -jar crucible-sim.jar ...), or write less of a "
                + "smaller volume (--extent-count, --ios)", OutOfMemory.explain(scenario, 48L << 20));
        Scenario bytesInVirtualTime = ScenarioLoader.loadText("clock: virtual\nvolume: {extent_count: 2048, payload: "
                + "bytes}\n", "big.yaml", Path.of("."), List.of());
        assertTrue(OutOfMemory.explain(bytesInVirtualTime, 48L << 20).endsWith(", or let stamps stand for the bytes "
                + "(--set volume.payload=stamps)"), OutOfMemory.explain(bytesInVirtualTime, 48L << 20));
        Scenario stamps = ScenarioLoader.loadText("clock: virtual\nvolume: {extent_count: 262144}\n", "tib.yaml",
                Path.of("."), List.of());
        assertEquals("out of memory: the Java heap, at most 2.0 GiB here, is full; the three downstairs and the read "
                + "check keep a few bytes per block written each, up to 4 x 4.5 GiB for this volume; give the JVM more "
                + "heap (java -Xmx4096m -jar crucible-sim.jar ...), or write less of a smaller volume (--extent-count, "
                + "--ios)",
                OutOfMemory.explain(stamps, 2L << 30));
        assertEquals("out of memory: the Java heap, at most 2.0 GiB here, is full; give the JVM more heap "
                + "(java -Xmx4096m -jar crucible-sim.jar ...)", OutOfMemory.explain(null, 2L << 30));
    }
}
