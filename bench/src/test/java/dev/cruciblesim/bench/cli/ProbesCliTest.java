package dev.cruciblesim.bench.cli;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.probe.CrucibleProbes;
import dev.cruciblesim.tracing.probe.FaultProbes;
import dev.cruciblesim.tracing.probe.WorkloadProbes;
import dev.cruciblesim.upstairs.core.UpstairsCore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.cruciblesim.bench.cli.CliResult.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code crucible-sim probes}: dtrace -l's columns over the probes a default run creates. */
class ProbesCliTest {
    private static final String HEADER =
            "   ID   PROVIDER            MODULE                          FUNCTION NAME\n";

    private static List<String> rows(CliResult result) {
        return result.out().lines().skip(1).filter(line -> !line.isEmpty() && !line.startsWith("\t")).toList();
    }

    @Test
    void shouldListEveryProbeOnceWithConsecutiveIdsUnderDTracesHeader() {
        CliResult result = execute("probes");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith(HEADER), result.out());
        List<String> rows = rows(result);
        int upstairsProbes = CrucibleProbes.all().stream()
                .filter(p -> p.provider().equals(CrucibleProbes.UPSTAIRS_PROVIDER)).toList().size();
        int downstairsProbes = CrucibleProbes.all().size() - upstairsProbes;
        int expected = 3 + upstairsProbes + UpstairsCore.CLIENT_COUNT * downstairsProbes
                + WorkloadProbes.all().size() + FaultProbes.all().size();
        assertEquals(expected, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i + 1, Integer.parseInt(rows.get(i).substring(0, 5).strip()), rows.get(i));
        }
        assertEquals("    1     dtrace                                                     BEGIN", rows.get(0));
        assertEquals("    2     dtrace                                                     END", rows.get(1));
        assertEquals("    3     dtrace                                                     ERROR", rows.get(2));
        assertEquals("", result.err());
    }

    @Test
    void shouldNameProvidersWithTheInstanceIdsARunGivesThem() {
        List<String> providers = rows(execute("probes")).stream().map(row -> row.substring(6).strip().split(" +")[0])
                .distinct().toList();

        assertEquals(List.of("dtrace", "crucible_downstairs10", "crucible_downstairs11", "crucible_downstairs12",
                "crucible_upstairs1", "crucible_sim_workload1", "crucible_sim_fault1"), providers);
    }

    @Test
    void shouldFilterByAGlobDescriptionPositionalOrWithN() {
        CliResult positional = execute("probes", "crucible_upstairs*:::gw-*-start");
        CliResult named = execute("probes", "-n", "crucible_upstairs*:::gw-*-start");

        List<String> rows = rows(positional);
        assertEquals(IoOp.values().length, rows.size(), positional.out());
        for (String row : rows) {
            assertTrue(row.matches(" *\\d+ crucible_upstairs1 +crucible-sim +submit_\\w+ gw-\\w+-start"), row);
        }
        assertEquals(positional.out(), named.out());
        assertEquals(List.of("    2     dtrace                                                     END"),
                rows(execute("probes", "-n", "dtrace:::END")));
    }

    @Test
    void shouldKeepDTracesColumnWidthsAndLetWideProvidersPushRight() {
        String row = rows(execute("probes", "crucible_upstairs1::submit_read:gw-read-start")).get(0);
        String id = row.substring(0, 5).strip();

        assertEquals(String.format("%5s %10s %17s %33s %s", id, "crucible_upstairs1", "crucible-sim", "submit_read",
                "gw-read-start"), row);
    }

    @Test
    void shouldPrintArgumentsWithTypesAndWhereTheProbeFiresWithV() {
        CliResult result = execute("probes", "-v", "ds-write-io-start");

        assertEquals(0, result.exitCode(), result.err());
        String block = "\n\tArgument Types\n\t\targs[0]: uint64_t ds_id\n\t\targs[1]: uint64_t client_id\n"
                + "\n\tFires\n\t\t" + CrucibleProbes.dsIoStart(IoOp.WRITE).firesWhen() + "\n\n";
        String out = result.out();
        assertTrue(out.endsWith("ds-write-io-start\n" + block), out);
        assertTrue(execute("probes", "-v", "BEGIN").out().contains("\tArgument Types\n\t\tNone\n"));
        assertTrue(execute("probes", "-v", "fault-end").out().contains("\t\targs[2]: string kind\n"));
    }

    @Test
    void shouldExitTwoWithOneLineForAMalformedDescription() {
        CliResult result = execute("probes", "a:b:c:d:e");

        assertEquals(2, result.exitCode());
        assertEquals("", result.out());
        assertEquals(List.of("crucible-sim: probes: probe description 'a:b:c:d:e' has more than four fields"),
                result.err().lines().toList());
        assertEquals(2, execute("probes", "-n", "x[ab").exitCode());
    }

    @Test
    void shouldExitTwoForAnUnknownOption() {
        CliResult result = execute("probes", "--bogus");

        assertEquals(2, result.exitCode());
        assertTrue(result.firstErrLine().contains("--bogus"), result.err());
        assertEquals("", result.out());
    }

    @Test
    void shouldExitOneNamingADescriptionThatMatchesNothing() {
        CliResult result = execute("probes", "gw-read-start", "no-such-probe");

        assertEquals(1, result.exitCode());
        assertEquals(1, rows(result).size());
        assertEquals("crucible-sim: probes: description 'no-such-probe' matched no probe", result.err().strip());
    }

    @Test
    void shouldBeListedInTheRootHelp() {
        assertTrue(execute("--help").out().contains("probes"));
    }
}
