package dev.cruciblesim.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code run --transport tcp}: three downstairs servers on loopback, the same run through real sockets. */
class TcpTransportCliTest {
    private static final List<String> SCRIPTS = List.of("perfgw.d", "perfdw.d", "perf-upstairs-rw.d", "tracegw.d",
            "upstairs_info.d");
    private static final Pattern VERIFIED = Pattern.compile("(\\d+) reads verified");

    @TempDir
    Path outDirectory;

    /** {@code run OPTIONS --out} this test's directory. */
    private CliResult run(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "run";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 2] = "--out";
        args[args.length - 1] = outDirectory.toString();
        return CliResult.execute(args);
    }

    @Test
    void shouldPrintTheFiveReportsOverTcpWithEveryReadVerified() {
        CliResult result = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> run("--transport", "tcp", "--ios",
                "3000", "--duration", "60", "--queue-depth", "8", "--extent-count", "4", "--extent-size", "256",
                "--status-interval-ms", "50"));

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("active on 3 downstairs servers over TCP on loopback"), result.err());
        for (String script : SCRIPTS) {
            assertTrue(result.err().contains("--- " + script + " ---"), script + "\n" + result.err());
        }
        // perfdw's and perf-upstairs-rw's histograms are of downstairs probes and job states: they fire over TCP too.
        assertTrue(result.out().contains("Distribution"), result.out());
        assertTrue(result.out().contains("Upstairs:"), "upstairs_info printed its status lines\n" + result.out());
        Matcher verified = VERIFIED.matcher(result.err());
        assertTrue(verified.find(), result.err());
        assertTrue(Long.parseLong(verified.group(1)) > 0, result.err());
    }

    @Test
    void shouldKeepTheRegionsOnDiskWithDataAndStartEachRunFromEmptyOnes(@TempDir Path data) {
        for (String transport : List.of("tcp", "in-process", "tcp")) {
            CliResult result = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> run("--transport", transport,
                    "--data", data.toString(), "--ios", "1500", "--duration", "60", "--queue-depth", "4",
                    "--extent-count", "3", "--extent-size", "128", "--report", "perfgw"));

            assertEquals(0, result.exitCode(), transport + "\n" + result.err());
            assertTrue(result.err().contains(", regions on disk in " + data), result.err());
            Matcher verified = VERIFIED.matcher(result.err());
            assertTrue(verified.find() && Long.parseLong(verified.group(1)) > 0, result.err());
            for (int c = 0; c < 3; c++) {
                Path region = data.resolve("downstairs-" + c);
                assertTrue(Files.isRegularFile(region.resolve("region.desc")), region.toString());
                assertTrue(Files.isRegularFile(region.resolve("extent-000002")), region.toString());
            }
        }
    }

    @Test
    void shouldRefuseDataInVirtualTimeAndAFileForADirectory(@TempDir Path data) throws Exception {
        CliResult virtual = run("--clock", "virtual", "--data", data.toString());
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, virtual.exitCode(), virtual.err());
        assertTrue(virtual.err().startsWith("crucible-sim: --data: regions on disk are for real time"), virtual.err());

        Path file = Files.writeString(data.resolve("a-file"), "x");
        CliResult notADirectory = run("--data", file.toString());
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, notADirectory.exitCode(), notADirectory.err());
        assertTrue(notADirectory.err().startsWith("crucible-sim: --data " + file + ": not a directory"),
                notADirectory.err());
    }

    @Test
    void shouldRefuseTcpInVirtualTimeNamingTheOption() {
        CliResult result = run("--clock", "virtual", "--transport", "tcp");

        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), result.err());
        assertTrue(result.err().startsWith("crucible-sim: --transport: transport: tcp runs in real time: virtual time "
                + "simulates its links"), result.err());
    }

    @Test
    void shouldRefuseAnUnknownTransport() {
        CliResult result = run("--transport", "rdma");

        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), result.err());
        assertTrue(result.err().startsWith("crucible-sim: --transport: transport: must be in-process, tcp or processes, got 'rdma'"),
                result.err());
    }
}
