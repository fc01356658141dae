package dev.cruciblesim.bench.virtual;

import dev.cruciblesim.bench.harness.VolumeAssembly;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.scenario.ScenarioOverride;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.upstairs.core.DsState;
import dev.cruciblesim.upstairs.core.UpstairsCore;
import dev.cruciblesim.upstairs.core.UpstairsInput;
import dev.cruciblesim.upstairs.core.UpstairsListener;
import dev.cruciblesim.upstairs.runtime.SimulatedUpstairs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A downstairs connection that breaks and comes back, in virtual time, through the whole volume (three
 * {@code DownstairsCore}s behind simulated links with delays): Offline while the other two carry the writes,
 * renegotiation, LastFlush, Replay, Active; every block then reads back what was last written to it, and the
 * same run gives the same history twice.
 */
class VirtualDisconnectTest {
    private static final int WRITES = 60;
    private static final int BLOCKS = 16;
    private static final String PENDING = "pending";
    private static final String LINK_DELAY = "{kind: lognormal, median: 40us, sigma: 0.25}";

    /** What one run did: every guest IO's result in order, the client's states as they changed, the end time. */
    private record History(List<String> results, List<DsState> client1States, long endNs, long replayedJobs) {
    }

    @Test
    void shouldHoldReplayAndReadBackEveryWriteAcrossADisconnect() {
        History history = run();
        assertEquals(List.of(DsState.ACTIVE, DsState.OFFLINE, DsState.ACTIVE), history.client1States());
        assertTrue(history.replayedJobs() > 0, "the reconnected client was sent jobs again");
        assertTrue(history.results().stream().allMatch("ok"::equals), history.results().toString());
    }

    @Test
    void shouldReproduceTheSameRunExactly() {
        assertEquals(run(), run());
    }

    private static History run() {
        Scenario scenario = ScenarioLoader.load(null, List.of(
                new ScenarioOverride("clock", "virtual", "test"),
                new ScenarioOverride("volume.payload", "bytes", "test"),
                new ScenarioOverride("volume.extent_size", "8", "test"),
                new ScenarioOverride("volume.extent_count", "2", "test"),
                new ScenarioOverride("downstairs.all.link.to_downstairs", LINK_DELAY, "test"),
                new ScenarioOverride("downstairs.all.link.to_upstairs", LINK_DELAY, "test")));
        EventScheduler scheduler = new EventScheduler(1_000_000_000L);
        String[] fatal = new String[1];
        boolean[] active = new boolean[1];
        SimulatedRuntime runtime = new SimulatedRuntime(scheduler, new UpstairsListener() {
            @Override
            public void onActive(RegionDefinition region) {
                active[0] = true;
            }

            @Override
            public void onFatal(String message) {
                fatal[0] = message;
            }
        });
        SimulatedUpstairs upstairs = VolumeAssembly.assemble(scenario, runtime).upstairs();
        UpstairsCore core = upstairs.core();
        upstairs.deliver(UpstairsInput.CONNECT);
        upstairs.deliver(UpstairsInput.ACTIVATE);
        runUntil(scheduler, () -> active[0] || fatal[0] != null, core, new ArrayList<>(List.of(core.dsState(1))));
        assertNull(fatal[0]);
        List<DsState> states = new ArrayList<>(List.of(core.dsState(1)));

        int blockBytes = scenario.volume().blockSizeBytes();
        byte[][] written = new byte[BLOCKS][blockBytes];
        SplittableRandom random = new SplittableRandom(3);
        List<String> results = new ArrayList<>();
        for (int i = 0; i < WRITES; i++) {
            if (i == 15) {
                scheduler.scheduleNow((payload, arg) -> runtime.disconnect(upstairs, 1), null, 0);
            } else if (i == 35) {
                scheduler.scheduleNow((payload, arg) -> runtime.reconnect(upstairs, 1), null, 0);
            }
            int block = random.nextInt(BLOCKS);
            byte[] data = new byte[blockBytes];
            random.nextBytes(data);
            written[block] = data;
            int index = results.size();
            results.add(PENDING);
            scheduler.scheduleNow((payload, arg) -> upstairs.deliver(UpstairsInput.write(block, data,
                    error -> results.set(index, error == null ? "ok" : error))), null, 0);
            if (i % 10 == 9) {
                int flushIndex = results.size();
                results.add(PENDING);
                scheduler.scheduleNow((payload, arg) -> upstairs.deliver(UpstairsInput.flush(
                        error -> results.set(flushIndex, error == null ? "ok" : error))), null, 0);
            }
            runUntil(scheduler, () -> !PENDING.equals(results.get(results.size() - 1)) || fatal[0] != null, core,
                    states);
        }
        // Let the replay finish: everything settles on all three and retires at a last flush.
        int lastFlush = results.size();
        results.add(PENDING);
        scheduler.scheduleNow((payload, arg) -> upstairs.deliver(UpstairsInput.flush(
                error -> results.set(lastFlush, error == null ? "ok" : error))), null, 0);
        runUntil(scheduler, () -> (!PENDING.equals(results.get(lastFlush)) && core.jobsOutstanding() == 0)
                || fatal[0] != null, core, states);
        assertNull(fatal[0]);

        for (int block = 0; block < BLOCKS; block++) {
            byte[] read = new byte[blockBytes];
            int index = results.size();
            results.add(PENDING);
            int b = block;
            scheduler.scheduleNow((payload, arg) -> upstairs.deliver(UpstairsInput.read(b, read,
                    error -> results.set(index, error == null ? "ok" : error))), null, 0);
            runUntil(scheduler, () -> !PENDING.equals(results.get(index)) || fatal[0] != null, core, states);
            assertNull(fatal[0], "every copy of every read agrees");
            assertArrayEquals(written[block], read, "block " + block);
        }
        return new History(List.copyOf(results), List.copyOf(states), scheduler.nanoTime(), core.replayedJobs());
    }

    /** Runs events until {@code done}, noting client 1's state each time it changes. */
    private static void runUntil(EventScheduler scheduler, BooleanSupplier done, UpstairsCore core,
            List<DsState> states) {
        while (!done.getAsBoolean()) {
            assertTrue(scheduler.runNext(), "the simulation ran out of events");
            DsState now = core.dsState(1);
            if (now != states.get(states.size() - 1)) {
                states.add(now);
            }
        }
    }
}
