package dev.cruciblesim.bench.virtual;

import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.scenario.ScenarioOverride;
import dev.cruciblesim.tracing.report.DTraceReport;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults from a scenario's {@code faults:} list, injected into whole virtual-time runs: the client states they
 * cause, what the volume keeps serving, and what the run records of them.
 */
class VirtualFaultsTest {
    private static final Path SCENARIOS = Path.of("..", "scenarios");
    private static final Pattern STATES = Pattern.compile("^\\[\"(\\w+)\",\"(\\w+)\",\"(\\w+)\"\\]", Pattern.MULTILINE);

    @Test
    void aDisconnectTakesTheClientOfflineThenThroughReplayBackToActiveWithEveryReadVerified() {
        RunOutcome outcome = run(SCENARIOS.resolve("downstairs-restart.yaml"),
                new ScenarioOverride("workload.runtime", "2s", "test"),
                new ScenarioOverride("upstairs.status_interval", "100ms", "test"));
        assertTrue(outcome.succeeded(), () -> outcome.failures().toString());
        assertEquals(List.of("Active", "Offline", "Replay", "Active"), distinctStates(outcome, 1));
        assertEquals(List.of("Active"), distinctStates(outcome, 0));
        assertEquals(outcome.workload().reads(), outcome.workload().verifiedReads(), "every read verified");
        assertTrue(outcome.workload().reads() > 0);
        assertTrue(outcome.finalStatusJson().contains("\"ds_count\":0"), outcome.finalStatusJson());

        Map<String, Object> fault = outcome.faults().get(0);
        assertEquals(true, fault.get("started"));
        assertEquals(1_000_000_000L, fault.get("start_ns"), "at: 1s after activation, exactly");
        assertEquals(4_000_000_000L, fault.get("end_ns"), "lasting its 3s, though the workload ended at 2s");
        assertTrue((Long) fault.get("ios_overlapping") > (Long) fault.get("ios_in_flight_at_start"));
        assertTrue(outcome.summary().contains("fault 0: disconnect of client 1 at 1s for 3s: from 1.000 s to 4.000 s"),
                outcome.summary());
    }

    @Test
    void theSameFaultScenarioRunsTheSameTwice() {
        ScenarioOverride shorter = new ScenarioOverride("workload.runtime", "1500ms", "test");
        ScenarioOverride sooner = ScenarioOverride.fault("stall,client=2,after_ios=3000,duration=200ms");
        RunOutcome first = run(SCENARIOS.resolve("downstairs-restart.yaml"), shorter, sooner);
        RunOutcome second = run(SCENARIOS.resolve("downstairs-restart.yaml"), shorter, sooner);
        assertEquals(first.summary(), second.summary());
        assertEquals(first.faults(), second.faults());
        assertEquals(reportTexts(first), reportTexts(second));
        assertEquals(first.finalStatusJson(), second.finalStatusJson());
        assertTrue(first.cpuTimeNs().isEmpty(), "no machine-made CPU times in virtual time");
    }

    @Test
    void anErrorOnAWriteOrFlushFailsTheClientAndTheVolumeGoesOnWithTheOtherTwo() {
        RunOutcome outcome = run(null,
                new ScenarioOverride("clock", "virtual", "test"),
                new ScenarioOverride("workload.number_ios", "6000", "test"),
                new ScenarioOverride("workload.runtime", "0", "test"),
                ScenarioOverride.fault("errors,client=2,after_ios=2000,duration=10s"));
        assertTrue(outcome.succeeded(), () -> outcome.failures().toString());
        assertTrue(outcome.finalStatusJson().contains("\"ds_state\":[\"Active\",\"Active\",\"Failed\"]"),
                outcome.finalStatusJson());
        assertTrue(outcome.finalStatusJson().contains("\"ds_count\":0"), "a failed client does not hold back "
                + "retirement: " + outcome.finalStatusJson());
        assertEquals(6000, outcome.workload().totalIos());
        assertEquals(outcome.workload().reads(), outcome.workload().verifiedReads());
    }

    @Test
    void withTwoClientsCutOffReadsAreStillServedButWritesFailSayingWhy() {
        List<ScenarioOverride> twoDown = List.of(
                new ScenarioOverride("clock", "virtual", "test"),
                new ScenarioOverride("workload.runtime", "1s", "test"),
                ScenarioOverride.fault("disconnect,client=1,at=200ms,duration=500ms"),
                ScenarioOverride.fault("disconnect,client=2,at=300ms,duration=500ms"));

        List<ScenarioOverride> reads = new ArrayList<>(twoDown);
        reads.add(ScenarioOverride.forEveryJob("workload.rw", "randread", "test"));
        RunOutcome reading = run(null, reads.toArray(ScenarioOverride[]::new));
        assertTrue(reading.succeeded(), () -> reading.failures().toString());
        long readsDuringBothDown = (Long) reading.faults().get(1).get("ios_overlapping");
        assertTrue(readsDuringBothDown > 100, "reads went on with one client: " + reading.faults());

        List<ScenarioOverride> writes = new ArrayList<>(twoDown);
        writes.add(ScenarioOverride.forEveryJob("workload.rw", "randwrite", "test"));
        RunOutcome writing = run(null, writes.toArray(ScenarioOverride[]::new));
        assertFalse(writing.succeeded());
        assertTrue(writing.failures().stream().anyMatch(f -> f.contains("write rejected: 1 of 3 downstairs active")
                        && f.contains("a write needs 2")), () -> writing.failures().toString());
    }

    @Test
    void aSlowFaultStretchesOnlyItsClientsServiceWhileItLasts() {
        RunOutcome healthy = run(SCENARIOS.resolve("healthy.yaml"),
                new ScenarioOverride("workload.number_ios", "20000", "test"));
        RunOutcome slowed = run(SCENARIOS.resolve("healthy.yaml"),
                new ScenarioOverride("workload.number_ios", "20000", "test"),
                ScenarioOverride.fault("slow,client=0,at=0s,duration=3600s,factor=20"));
        assertTrue(slowed.succeeded(), () -> slowed.failures().toString());
        // Twenty times slower service on one of three: the guest's writes wait for the second ack, so they slow
        // somewhat; the whole run takes longer.
        assertTrue(slowed.workload().elapsedNs() > healthy.workload().elapsedNs(),
                healthy.workload().elapsedNs() + " vs " + slowed.workload().elapsedNs());
    }

    private static RunOutcome run(Path file, ScenarioOverride... overrides) {
        Scenario scenario = ScenarioLoader.load(file, List.of(overrides));
        return new VirtualHarness(scenario, intervals -> { }, null).execute(new PrintWriter(new StringWriter()));
    }

    private static List<String> reportTexts(RunOutcome outcome) {
        return outcome.reports().stream().map(DTraceReport::stdout).toList();
    }

    /** @return client {@code clientId}'s states in upstairs_info's lines, each change once, in order */
    private static List<String> distinctStates(RunOutcome outcome, int clientId) {
        String text = outcome.reports().stream().filter(r -> r.name().equals("upstairs_info")).findFirst()
                .orElseThrow().stdout();
        List<String> states = new ArrayList<>();
        Matcher matcher = STATES.matcher(text);
        while (matcher.find()) {
            String state = matcher.group(clientId + 1);
            if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                states.add(state);
            }
        }
        return states;
    }
}
