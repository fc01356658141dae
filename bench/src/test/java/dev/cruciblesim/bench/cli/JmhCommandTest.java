package dev.cruciblesim.bench.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code crucible-sim jmh}: JMH's options reach JMH, its listing lists this jar's benchmarks. */
class JmhCommandTest {
    @Test
    void listsTheBenchmarksOfThisBuild() {
        PrintStream systemOut = System.out;
        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        CliResult result;
        try {
            // JMH prints its listing on System.out, as its own Main does.
            System.setOut(new PrintStream(listed, true, StandardCharsets.UTF_8));
            result = CliResult.execute("jmh", "-l");
        } finally {
            System.setOut(systemOut);
        }
        assertEquals(CrucibleSim.EXIT_OK, result.exitCode(), result.err());
        String text = listed.toString(StandardCharsets.UTF_8);
        for (String benchmark : new String[] {"VirtualRuntimeBenchmark", "TcpLoopbackBenchmark",
                "PreciseDelayBenchmark", "PeerScenarioBenchmark"}) {
            assertTrue(text.contains("dev.cruciblesim.bench.jmh." + benchmark + "."), benchmark + " in\n" + text);
        }
    }

    @Test
    void aBadJmhOptionIsOneLineAndExitTwo() {
        CliResult result = CliResult.execute("jmh", "-wi", "lots");
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), result.err());
        assertTrue(result.err().startsWith("crucible-sim: jmh: "), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    @Test
    void resultsGoUnderResultsJmhNamedByTimeAndCommit() {
        assertEquals(Path.of("results", "jmh", "20261202T073000Z-abc1234.json"),
                JmhCommand.defaultResultFile("abc1234", Instant.parse("2026-12-02T07:30:00Z")));
    }
}
