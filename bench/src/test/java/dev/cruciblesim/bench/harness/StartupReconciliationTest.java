package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.virtual.SimulatedRuntime;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsCore;
import dev.cruciblesim.upstairs.core.UpstairsInput;
import dev.cruciblesim.upstairs.core.UpstairsListener;
import dev.cruciblesim.upstairs.runtime.SimulatedUpstairs;
import dev.cruciblesim.upstairs.runtime.UpstairsRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Done-means test of start-up reconciliation: three downstairs whose regions disagree ({@link DisagreeingRegions})
 * are activated by the upstairs, which repairs them first; afterwards every block reads the same on each, read from
 * the regions themselves. Once per way the downstairs are reached: in-process (the copy read from the peer region),
 * over TCP (three servers on loopback, the copy fetched from the source's repair port), and in virtual time, where
 * the run must also be the same twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StartupReconciliationTest {
    private static final Scenario SCENARIO = ScenarioLoader.loadText(String.join("\n",
            "seed: 3",
            "volume: {block_size: 4096, extent_size: 8, extent_count: 4, payload: bytes}",
            "workload: {number_ios: 10}",
            ""), "reconcile.yaml", Path.of("."), List.of());

    @TempDir
    Path directory;

    @Test
    void shouldReconcileFileRegionsInProcess() throws Exception {
        reconcileOnDisk(new ThreadedRuntime(ThreadedRuntime.Transport.IN_PROCESS));
    }

    @Test
    void shouldReconcileFileRegionsOverTcpThroughTheRepairPorts() throws Exception {
        reconcileOnDisk(new ThreadedRuntime(ThreadedRuntime.Transport.TCP));
    }

    private void reconcileOnDisk(ThreadedRuntime runtime) throws Exception {
        List<Path> regions = DisagreeingRegions.onDisk(directory);
        ConcurrentLinkedQueue<String> states = new ConcurrentLinkedQueue<>();
        try (DisagreeingRegions.Opened stores = new DisagreeingRegions.Opened(regions)) {
            try {
                VolumeAssembly.Volume<UpstairsRuntime, RealTimeDownstairs> volume = VolumeAssembly.assemble(SCENARIO,
                        runtime, stores);
                recordStates(volume.registry(), states);
                UpstairsRuntime upstairs = volume.upstairs();
                assertEquals(SCENARIO.volume(), upstairs.activate().get(60, TimeUnit.SECONDS));
                long[] numbers = new long[3];
                upstairs.onCoreThread(core -> {
                    numbers[0] = core.nextFlushNumber();
                    numbers[1] = core.generation();
                    numbers[2] = core.reconciledExtents();
                }).get(10, TimeUnit.SECONDS);
                assertArrayEquals(new long[] {DisagreeingRegions.NEXT_FLUSH, DisagreeingRegions.GENERATION, 4},
                        numbers);
            } finally {
                runtime.close(5_000);
            }
            assertEquals(List.of(), runtime.failures());
        }
        assertEquals(List.of("[\"Repair\",\"Repair\",\"Repair\"]", "[\"Active\",\"Active\",\"Active\"]"),
                List.copyOf(states).subList(0, 2));
        List<Region> reopened = new ArrayList<>();
        try {
            for (Path region : regions) {
                reopened.add(Region.open(region));
            }
            DisagreeingRegions.assertReconciled(reopened::get);
        } finally {
            reopened.forEach(Region::close);
        }
    }

    private static void recordStates(ProbeRegistry registry, ConcurrentLinkedQueue<String> states) {
        registry.enable("crucible_upstairs*:::up-status", (probe, timestampNs, a0, a1, reason, json) -> {
            int from = json.indexOf("\"ds_state\":") + "\"ds_state\":".length();
            states.add(json.substring(from, json.indexOf(']', from) + 1));
        });
    }

    @Test
    void shouldReconcileInVirtualTimeTheSameWayTwice() {
        String first = reconcileInVirtualTime();
        assertEquals(first, reconcileInVirtualTime());
    }

    /** @return what the run did: the states the upstairs showed and when, and the time it went active */
    private static String reconcileInVirtualTime() {
        EventScheduler scheduler = new EventScheduler(1_000_000_000L);
        boolean[] active = new boolean[1];
        SimulatedRuntime runtime = new SimulatedRuntime(scheduler, new UpstairsListener() {
            @Override
            public void onActive(RegionDefinition region) {
                active[0] = true;
            }

            @Override
            public void onFatal(String message) {
                throw new AssertionError(message);
            }
        });
        DisagreeingRegions.InMemory stores = new DisagreeingRegions.InMemory();
        VolumeAssembly.Volume<SimulatedUpstairs, ?> volume = VolumeAssembly.assemble(SCENARIO, runtime, stores);
        List<String> history = new ArrayList<>();
        volume.registry().enable("crucible_upstairs*:::up-status",
                (probe, timestampNs, a0, a1, reason, json) -> history.add(timestampNs + " " + reason + " " + json));
        SimulatedUpstairs upstairs = volume.upstairs();
        upstairs.deliver(UpstairsInput.CONNECT);
        upstairs.deliver(UpstairsInput.ACTIVATE);
        while (!active[0]) {
            assertTrue(scheduler.runNext(), "the simulation ran out of events before the upstairs was active");
        }
        UpstairsCore core = upstairs.core();
        assertEquals(DisagreeingRegions.NEXT_FLUSH, core.nextFlushNumber());
        assertEquals(4, core.reconciledExtents());
        assertTrue(history.get(0).contains("repair {\"ok\":{\"up_count\":0,\"ds_count\":0,\"ds_state\":[\"Repair\","
                + "\"Repair\",\"Repair\"]}}"), history.toString());
        DisagreeingRegions.assertReconciled(stores.regions::get);
        return history + " active at " + scheduler.nanoTime() + " " + Arrays.toString(stores.regions.stream()
                .map(region -> region.extentVersions().toString()).toArray());
    }

    @Test
    void shouldNotReconcileRegionsThatAgree() throws Exception {
        ThreadedRuntime runtime = new ThreadedRuntime();
        try {
            UpstairsRuntime upstairs = VolumeAssembly.assemble(SCENARIO, runtime).upstairs();
            upstairs.activate().get(10, TimeUnit.SECONDS);
            int[] repaired = {-1};
            upstairs.onCoreThread(core -> repaired[0] = core.reconciledExtents()).get(10, TimeUnit.SECONDS);
            assertEquals(0, repaired[0]);
        } finally {
            runtime.close(1_000);
        }
        assertNull(runtime.failures().isEmpty() ? null : runtime.failures());
    }
}
