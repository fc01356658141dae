package dev.cruciblesim.bench.workload;

import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.sim.random.SeedStreams;
import dev.cruciblesim.sim.time.SystemNanoClock;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.runtime.UpstairsRuntime;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real-time runner's own paths: what happens when the upstairs refuses IO on the workload's thread. */
class RealTimeWorkloadRunnerTest {
    @Test
    void shouldEndCleanlyWhenTheUpstairsRefusesEveryIoAtTheDoor() {
        // A closed upstairs refuses each IO by calling back at once, on the submitting (workload) thread.
        UpstairsRuntime upstairs = new UpstairsRuntime(UpstairsConfig.revisionO(1), SystemNanoClock.INSTANCE,
                new ProbeRegistry());
        upstairs.close();
        Scenario scenario = WorkloadEngineTest.scenario("rw: randrw\niodepth: 8\nnumber_ios: 1000\nruntime: 0");
        RealTimeWorkloadRunner runner = new RealTimeWorkloadRunner(SystemNanoClock.INSTANCE, upstairs.guest(), 8,
                60_000_000_000L);
        Map<String, StringWriter> logs = new TreeMap<>();
        WorkloadEngine engine = new WorkloadEngine(scenario.workload(), scenario.volume(), new SeedStreams(1), runner,
                null, job -> logs.computeIfAbsent(job, name -> new StringWriter()), () -> { });

        WorkloadResult result = runner.run(engine);

        assertTrue(engine.finished(), "every job ended; nothing waited for the 60 s drain timeout");
        assertTrue(result.failureCount() >= 1);
        assertTrue(result.failures().get(0).contains("rejected: the upstairs is closed"), result.failures()::toString);
        // The failure stopped the job at once: only the first queue depth's worth went out.
        assertTrue(result.totalIos() <= 8, () -> result.totalIos() + " IOs");
        assertTrue(logs.get("workload").toString().endsWith("crucible-sim.vol close\n"), "the iolog was closed");
    }
}
