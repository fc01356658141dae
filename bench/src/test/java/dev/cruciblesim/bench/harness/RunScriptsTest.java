package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.virtual.VirtualHarness;
import dev.cruciblesim.bench.workload.StopRequest;
import dev.cruciblesim.tracing.d.DScript;
import dev.cruciblesim.tracing.report.DTraceReport;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user's D scripts in both harnesses: enabled beside the reports, their timers, exit(), and how a run ends. */
class RunScriptsTest {
    /** A run only a stop can end: no runtime and no IO limit (real time only; virtual time refuses it). */
    private static Scenario unlimited(String clock) {
        return scenario(clock, "runtime: 0");
    }

    /** A run of 10 s, so long that only a stop ends it within a test. */
    private static Scenario long10s() {
        return scenario("virtual", "runtime: 10s");
    }

    private static Scenario scenario(String clock, String limit) {
        return ScenarioLoader.loadText(String.join("\n",
                "seed: 7",
                "clock: " + clock,
                "volume: {block_size: 4096, extent_size: 64, extent_count: 4}",
                "upstairs: {processing: 2us}",
                "downstairs: {all: {link: {to_downstairs: 20us, to_upstairs: 20us}}}",
                "workload: {iodepth: 2, " + limit + ", number_ios: 0}",
                "reports: []",
                ""), "unlimited.yaml", Path.of("."), List.of());
    }

    private static RunScripts script(String text) {
        return RunScripts.compile(List.of(DScript.Source.script("test.d", text)), false, false);
    }

    @Test
    void inRealTimeTicksFireFromATimerThreadAndExitEndsARunOnlyAStopCouldEnd() {
        RunScripts scripts = script(String.join("\n",
                "#pragma D option quiet",
                "tick-10ms { n++; }",
                "tick-10ms /n == 5/ { exit(7); }",
                "END { printf(\"ticks %d\\n\", n); }",
                ""));
        StringWriter err = new StringWriter();
        // Without working timers and exit() this run never ends: the bound is the test's latch.
        RunOutcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                new InProcessHarness(unlimited("real"), intervals -> { }, null, null, null, null, scripts)
                        .execute(new PrintWriter(err), new StopRequest()));
        assertTrue(outcome.failures().isEmpty(), outcome.failures().toString());
        assertTrue(outcome.interrupted(), "exit() stops the workload as ^C does");
        DScript exited = scripts.exitedConsumer();
        assertSame(scripts.consumers().get(0), exited);
        assertEquals(7, exited.exitStatus());
        // Ticks after exit() are not traced; END runs, then dtrace's newline before the (empty) dump.
        assertEquals("ticks 5\n\n", exited.stdout());
        assertEquals(List.of(exited), outcome.reports());
    }

    @Test
    void inVirtualTimeAStopWithoutExitEndsTheScriptsAsCtrlCDoes() {
        RunScripts scripts = script(String.join("\n",
                "#pragma D option quiet",
                "crucible_upstairs*:::gw-write-start { writes++; }",
                "END { printf(\"end %d\\n\", writes > 0); }",
                ""));
        StopRequest stop = new StopRequest();
        VirtualHarness harness = new VirtualHarness(long10s(), intervals -> { }, null, scripts);
        // Asked before the run, as a ^C during startup: the run ends at once, and the scripts as at ^C.
        stop.request();
        RunOutcome outcome = harness.execute(new PrintWriter(new StringWriter()), stop);
        assertTrue(outcome.failures().isEmpty(), outcome.failures().toString());
        DTraceReport script = outcome.reports().get(0);
        // ^C: dtrace's "\n" first, then END, then the "\n" before the dump.
        assertEquals("\nend 0\n\n", script.stdout());
    }

    @Test
    void theScriptsFollowTheReportsAndPrintTheirNoticeAfterTheirs() {
        RunScripts scripts = RunScripts.compile(List.of(DScript.Source.description(
                "crucible_upstairs*:::gw-write-start { @ = count(); }")), false, false);
        Scenario scenario = ScenarioLoader.loadText(String.join("\n",
                "seed: 7",
                "clock: virtual",
                "volume: {block_size: 4096, extent_size: 64, extent_count: 4}",
                "upstairs: {processing: 2us}",
                "workload: {iodepth: 2, number_ios: 50}",
                "reports: [perfgw]",
                ""), "fifty.yaml", Path.of("."), List.of());
        StringWriter err = new StringWriter();
        RunOutcome outcome = new VirtualHarness(scenario, intervals -> { }, null, scripts)
                .execute(new PrintWriter(err));
        assertEquals(List.of("perfgw", "-n"), outcome.reports().stream().map(DTraceReport::name).toList());
        String text = err.toString();
        int reportNotice = text.indexOf("dtrace: script 'perfgw.d' matched");
        int scriptNotice = text.indexOf("dtrace: description 'crucible_upstairs*:::gw-write-start ' matched 1 probe\n");
        assertTrue(reportNotice >= 0 && scriptNotice > reportNotice, text);
        assertEquals(List.of("perfgw"), outcome.metrics().stream().map(m -> m.id().report()).distinct().toList(),
                "the script's aggregations are no metrics");
    }

    @Test
    void aDescriptionMatchingNoProbeOfTheVolumeIsRefusedWithTheWholeOneLiner() {
        String oneLiner = "crucible_sim_fault*:::fault-start { n++; }";
        RunScripts scripts = RunScripts.compile(List.of(DScript.Source.description(oneLiner)), false, false);
        // A scenario without faults has no fault probes.
        ProbeRegistryHolder volume = ProbeRegistryHolder.of(long10s());
        RunScripts.CompileError error = assertThrows(RunScripts.CompileError.class,
                () -> scripts.checkMatches(volume.registry));
        assertEquals("dtrace: invalid probe specifier " + oneLiner + ": probe description "
                + "crucible_sim_fault*:::fault-start does not match any probes", error.getMessage());
    }

    @Test
    void aCompileErrorKeepsDtracesLineAndTheColumnApart() {
        RunScripts.CompileError error = assertThrows(RunScripts.CompileError.class, () -> script("BEGIN { x = ; }"));
        assertEquals("dtrace: failed to compile script test.d: line 1: syntax error near \";\"", error.getMessage());
        assertTrue(error.detail().startsWith("column "), error.detail());
    }

    /** A volume assembled as a run's, never run: the probes a run of the scenario has. */
    private record ProbeRegistryHolder(dev.cruciblesim.tracing.probe.ProbeRegistry registry) {
        static ProbeRegistryHolder of(Scenario scenario) {
            return new ProbeRegistryHolder(VolumeAssembly.assemble(scenario,
                    new dev.cruciblesim.bench.virtual.SimulatedRuntime(
                            new dev.cruciblesim.sim.event.EventScheduler(VirtualHarness.START_NS),
                            dev.cruciblesim.upstairs.core.UpstairsListener.NONE)).registry());
        }
    }
}
