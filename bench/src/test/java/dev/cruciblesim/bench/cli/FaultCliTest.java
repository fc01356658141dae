package dev.cruciblesim.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --fault} and {@code faults:} end to end: the bundle, the exit codes, the runtimes. */
class FaultCliTest {
    private static final Path RESTART = Path.of("..", "scenarios", "downstairs-restart.yaml");
    private static final Pattern VERIFIED = Pattern.compile("(\\d+) IOs \\((\\d+) reads.*?; (\\d+) reads verified");

    @Test
    void aFaultScenarioRunTwiceInVirtualTimeGivesByteIdenticalReportJson(@TempDir Path first, @TempDir Path second)
            throws IOException {
        String[] options = {RESTART.toString(), "--duration", "1500ms", "--fault",
                "slow,client=0,after_ios=2000,duration=300ms,factor=6"};
        CliResult a = CliResult.run(first, options);
        CliResult b = CliResult.run(second, options);
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(0, b.exitCode(), b.err());
        Path bundleA = onlyBundle(first);
        Path bundleB = onlyBundle(second);
        for (String file : List.of("report.json", "reports.txt", "perffault.txt", "upstairs_info.txt")) {
            assertArrayEquals(Files.readAllBytes(bundleA.resolve(file)), Files.readAllBytes(bundleB.resolve(file)),
                    file + " differs between two runs of the same fault scenario");
        }
        JsonNode report = new ObjectMapper().readTree(bundleA.resolve("report.json").toFile());
        JsonNode faults = report.get("faults");
        assertEquals(2, faults.size());
        assertEquals("disconnect", faults.get(0).get("kind").asText());
        assertEquals(1, faults.get(0).get("client").asInt());
        assertEquals(1_000_000_000L, faults.get(0).get("start_ns").asLong());
        assertEquals(4_000_000_000L, faults.get(0).get("end_ns").asLong());
        assertEquals("slow", faults.get(1).get("kind").asText());
        assertEquals(300_000_000L, faults.get(1).get("end_ns").asLong() - faults.get(1).get("start_ns").asLong());
        assertEquals("disconnect", report.at("/scenario/faults/0/kind").asText(), "the resolved scenario lists them");
        assertEquals(6.0, report.at("/scenario/faults/1/factor").asDouble());
        assertTrue(a.out().contains("write during fault"), a.out());
        assertTrue(Files.readString(bundleA.resolve("summary.txt")).contains("fault 1: slow of client 0 after 2000"
                + " IOs for 300ms x6.0"), Files.readString(bundleA.resolve("summary.txt")));
    }

    @Test
    void badFaultSpecificationsAreOneLineNamingTheKeyAndExitTwo(@TempDir Path out) {
        List<String[]> cases = List.of(
                new String[] {"explode,client=1,at=1s,duration=1s",
                        "crucible-sim: --fault: faults[0].kind: unknown fault kind 'explode'; one of disconnect,"},
                new String[] {"disconnect,client=3,at=1s,duration=1s",
                        "crucible-sim: --fault: faults[0].client: must be 0, 1 or 2 (a downstairs client), got '3'"},
                new String[] {"stall,client=1,at=1s,duration=-2s",
                        "crucible-sim: --fault: faults[0].duration: must be a duration above 0"},
                new String[] {"kill,client=1,at=1s",
                        "crucible-sim: --fault: faults[0].kind: kill acts on a downstairs running as a process of its"
                                + " own"});
        for (String[] bad : cases) {
            CliResult result = CliResult.run(out, "--clock", "virtual", "--ios", "100", "--fault", bad[0]);
            assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), result.err());
            assertTrue(result.err().startsWith(bad[1]), bad[0] + " gave: " + result.err());
            assertEquals(1, result.err().lines().count(), "one line: " + result.err());
        }
    }

    @Test
    void aDownstairsReturningCorruptDataFailsTheRunNamingTheBlockAndBothContents(@TempDir Path out) {
        CliResult result = CliResult.run(out, "--clock", "virtual", "--ios", "4000", "--fault",
                "corrupt,client=0,at=0s,duration=10s");
        assertEquals(CrucibleSim.EXIT_RUN_FAILED, result.exitCode(), result.err());
        assertTrue(Pattern.compile("read mismatch: job \\d+ \\(guest id \\d+\\) block \\d+: client \\d returned block "
                + "stamp \\d+, write token -?\\d+ but client \\d returned block stamp \\d+, write token -?\\d+")
                .matcher(result.err()).find(), result.err());
    }

    @Test
    void faultsActOnTheLiveComponentsInRealTimeOverBothTransports(@TempDir Path out) {
        for (String transport : List.of("in-process", "tcp")) {
            CliResult result = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> CliResult.run(out,
                    "--transport", transport, "--duration", "1500ms", "--report", "upstairs_info,perffault",
                    "--fault", "disconnect,client=1,at=200ms,duration=400ms",
                    "--fault", "stall,client=0,at=800ms,duration=200ms",
                    "--fault", "slow,client=2,at=1s,duration=200ms,factor=4"));
            assertEquals(0, result.exitCode(), transport + "\n" + result.err());
            Matcher verified = VERIFIED.matcher(result.err());
            assertTrue(verified.find(), result.err());
            assertEquals(verified.group(2), verified.group(3), transport + ": every read verified\n" + result.err());
            assertEquals(List.of("Active", "Offline", "Replay", "Active"), states(result.out(), 1),
                    transport + "\n" + result.out());
            assertTrue(result.err().contains("fault 0: disconnect of client 1 at 200ms for 400ms: from "),
                    result.err());
            assertTrue(result.err().contains("\"ds_state\":[\"Active\",\"Active\",\"Active\"]"), result.err());
            assertTrue(result.out().contains("during fault"), result.out());
        }
    }

    @Test
    void killAndRestartActOnDownstairsProcessesTheRunStartedAndNoAcknowledgedWriteIsLost(@TempDir Path out,
            @TempDir Path data) throws IOException {
        CliResult result = assertTimeoutPreemptively(Duration.ofSeconds(180), () -> CliResult.run(out,
                "--transport", "processes", "--data", data.toString(), "--duration", "2500ms",
                "--report", "upstairs_info", "--fault", "kill,client=1,at=300ms,duration=700ms",
                "--fault", "restart,client=1,at=1500ms"));
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("active on 3 downstairs processes over TCP at 127.0.0.1:"), result.err());
        Matcher verified = VERIFIED.matcher(result.err());
        assertTrue(verified.find(), result.err());
        assertEquals(verified.group(2), verified.group(3), "every read verified, after both came back\n"
                + result.err());
        // Killed, back, then crashed and restarted (one client only: two down would refuse writes).
        List<String> states = states(result.out(), 1);
        assertEquals(List.of("Active", "Offline", "Replay", "Active"), states.subList(0, 4), result.out());
        assertEquals("Active", states.get(states.size() - 1), result.out());
        assertEquals(List.of("Active"), states(result.out(), 0), result.out());
        assertTrue(result.err().contains("\"ds_state\":[\"Active\",\"Active\",\"Active\"]"), result.err());
        for (int c = 0; c < 3; c++) {
            assertTrue(Files.isRegularFile(data.resolve("downstairs-" + c).resolve("region.desc")),
                    "the regions stay in --data");
            assertTrue(Files.isRegularFile(data.resolve("downstairs-" + c + ".log")));
        }
    }

    @Test
    void processesAreRealTimeOnly(@TempDir Path out) {
        CliResult result = CliResult.run(out, "--clock", "virtual", "--transport", "processes", "--ios", "10");
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), result.err());
        assertTrue(result.err().startsWith("crucible-sim: --transport: transport: processes run in real time"),
                result.err());
    }

    private static List<String> states(String upstairsInfo, int clientId) {
        Matcher matcher = Pattern.compile("^\\[\"(\\w+)\",\"(\\w+)\",\"(\\w+)\"\\]", Pattern.MULTILINE)
                .matcher(upstairsInfo);
        List<String> states = new ArrayList<>();
        while (matcher.find()) {
            String state = matcher.group(clientId + 1);
            if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                states.add(state);
            }
        }
        return states;
    }

    private static Path onlyBundle(Path outDirectory) throws IOException {
        try (Stream<Path> runs = Files.list(outDirectory)) {
            List<Path> all = runs.toList();
            assertEquals(1, all.size(), () -> "bundles: " + all);
            return all.get(0);
        }
    }
}
