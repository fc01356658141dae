package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.virtual.SimulatedRuntime;
import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.repair.RepairSource;
import dev.cruciblesim.downstairs.runtime.SimulatedDownstairs;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.random.SeedStreams;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.core.UpstairsInput;
import dev.cruciblesim.upstairs.core.UpstairsListener;
import dev.cruciblesim.upstairs.runtime.SimulatedUpstairs;
import dev.cruciblesim.upstairs.runtime.UpstairsRuntime;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both runtimes are built by the one assembly from one scenario: the same parts, configurations,
 * models, seed streams and probes, in the same order; and each volume so built serves IO.
 */
class VolumeAssemblyTest {
    private static final long SEED = 7;
    /** Every kind of model the assembly hands out: processing, both link directions, per-op service times. */
    private static final Scenario SCENARIO = ScenarioLoader.loadText(String.join("\n",
            "seed: " + SEED,
            "volume: {block_size: 4096, extent_size: 64, extent_count: 4}",
            "upstairs: {processing: {kind: constant, delay: 2us}, max_in_flight: 50}",
            "downstairs:",
            "  all:",
            "    link:",
            "      to_downstairs: {kind: lognormal, median: 20us, sigma: 0.2}",
            "      to_upstairs: {kind: lognormal, median: 20us, sigma: 0.2}",
            "    service:",
            "      write: {fixed: {kind: uniform, min: 5us, max: 10us}}",
            "  1:",
            "    link:",
            "      to_upstairs: {kind: constant, delay: 30us}",
            "workload: {number_ios: 10}",
            ""), "assembly.yaml", Path.of("."), List.of());

    @Test
    void shouldBuildTheSameVolumeOnEveryRuntime() {
        Recording<UpstairsRuntime, RealTimeDownstairs> threaded = new Recording<>(new ThreadedRuntime());
        List<String> threadedProbes;
        try {
            threadedProbes = probeNames(VolumeAssembly.assemble(SCENARIO, threaded).registry());
        } finally {
            ((ThreadedRuntime) threaded.runtime).close(1_000);
        }
        EventScheduler scheduler = new EventScheduler(1_000_000_000L);
        Recording<SimulatedUpstairs, SimulatedDownstairs> simulated = new Recording<>(
                new SimulatedRuntime(scheduler, UpstairsListener.NONE));
        List<String> simulatedProbes = probeNames(VolumeAssembly.assemble(SCENARIO, simulated).registry());

        assertEquals(threaded.calls, simulated.calls);
        assertEquals(threadedProbes, simulatedProbes);
        // The order dtrace's "matched N probes" and the reports see: each downstairs' four probes per
        // op, then the upstairs' up-status and six per op, then the workload's two per op.
        assertEquals(List.of("crucible_downstairs10 x12", "crucible_downstairs11 x12", "crucible_downstairs12 x12",
                "crucible_upstairs1 x19", "crucible_sim_workload1 x6"), runs(simulatedProbes));
    }

    @Test
    void shouldGiveEachPartTheScenariosModelsAndTheNamedSeedStreams() {
        EventScheduler scheduler = new EventScheduler(1_000_000_000L);
        Recording<SimulatedUpstairs, SimulatedDownstairs> simulated = new Recording<>(
                new SimulatedRuntime(scheduler, UpstairsListener.NONE));
        VolumeAssembly.assemble(SCENARIO, simulated);

        // The names spelled out, not taken from SeedStreamNames: renaming a stream changes every
        // baseline, so it must fail here too.
        SeedStreams streams = new SeedStreams(SEED);
        List<String> expected = new ArrayList<>();
        List<UUID> regionUuids = List.of(VolumeAssembly.inMemoryRegionUuid(0), VolumeAssembly.inMemoryRegionUuid(1),
                VolumeAssembly.inMemoryRegionUuid(2));
        expected.add("upstairs " + VolumeAssembly.upstairsConfig(SCENARIO).withRegionUuids(regionUuids)
                + " processing "
                + SCENARIO.upstairs().processing() + " draws " + streams.stream("upstairs.processing").nextLong());
        for (int c = 0; c < 3; c++) {
            expected.add("reply sink " + c);
            expected.add("link downstairs " + c + " to upstairs delay " + SCENARIO.downstairs().get(c).toUpstairs()
                    + " draws " + streams.stream("link." + c + ".to-upstairs").nextLong());
            long writeServiceNs = SCENARIO.downstairs().get(c).write().fixed()
                    .sampleNs(streams.stream("downstairs." + c + ".service"));
            expected.add("downstairs " + (10 + c) + " region " + SCENARIO.volume() + " first write takes "
                    + writeServiceNs + " ns");
            expected.add("inbox");
            expected.add("link upstairs to downstairs " + c + " delay " + SCENARIO.downstairs().get(c).toDownstairs()
                    + " draws " + streams.stream("link." + c + ".to-downstairs").nextLong());
        }
        expected.add("connect 3 clients");
        assertEquals(expected, simulated.calls);
        assertEquals("o", VolumeAssembly.upstairsConfig(SCENARIO).policy().name());
        assertEquals(50, VolumeAssembly.upstairsConfig(SCENARIO).maxInFlightPerClient());
    }

    @Test
    void shouldServeAWriteAndReadItBackInRealTime() throws Exception {
        ThreadedRuntime runtime = new ThreadedRuntime();
        try {
            UpstairsRuntime upstairs = VolumeAssembly.assemble(SCENARIO, runtime).upstairs();
            upstairs.activate().get(10, TimeUnit.SECONDS);
            byte[] data = block(0x3c);
            upstairs.guest().write(5, data).get(10, TimeUnit.SECONDS);
            byte[] read = new byte[data.length];
            upstairs.guest().read(5, read).get(10, TimeUnit.SECONDS);
            assertArrayEquals(data, read);
        } finally {
            runtime.close(1_000);
        }
        assertEquals(List.of(), runtime.failures());
    }

    @Test
    void shouldServeAWriteAndReadItBackInVirtualTime() {
        EventScheduler scheduler = new EventScheduler(1_000_000_000L);
        RegionDefinition[] active = new RegionDefinition[1];
        SimulatedUpstairs upstairs = VolumeAssembly.assemble(SCENARIO, new SimulatedRuntime(scheduler,
                new UpstairsListener() {
                    @Override
                    public void onActive(RegionDefinition region) {
                        active[0] = region;
                    }

                    @Override
                    public void onFatal(String message) {
                        throw new AssertionError(message);
                    }
                })).upstairs();
        upstairs.deliver(UpstairsInput.CONNECT);
        upstairs.deliver(UpstairsInput.ACTIVATE);
        runUntil(scheduler, () -> active[0] != null);
        assertEquals(SCENARIO.volume(), active[0]);

        byte[] data = block(0x5a);
        String[] results = {"pending", "pending"};
        scheduler.scheduleNow((payload, arg) -> upstairs.deliver(UpstairsInput.write(5, data,
                error -> results[0] = error)), null, 0);
        runUntil(scheduler, () -> !"pending".equals(results[0]));
        byte[] read = new byte[data.length];
        scheduler.scheduleNow((payload, arg) -> upstairs.deliver(UpstairsInput.read(5, read,
                error -> results[1] = error)), null, 0);
        runUntil(scheduler, () -> !"pending".equals(results[1]));

        assertNull(results[0]);
        assertNull(results[1]);
        assertArrayEquals(data, read);
        assertTrue(scheduler.nanoTime() > 1_000_000_000L + 4 * 20_000, "the link models took virtual time");
    }

    private static void runUntil(EventScheduler scheduler, java.util.function.BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            assertTrue(scheduler.runNext(), "the simulation ran out of events");
        }
    }

    private static byte[] block(int value) {
        byte[] data = new byte[SCENARIO.volume().blockSizeBytes()];
        Arrays.fill(data, (byte) value);
        return data;
    }

    /** @return "provider x count" for each run of probes of one provider instance, in order */
    private static List<String> runs(List<String> probeNames) {
        List<String> runs = new ArrayList<>();
        String current = null;
        int count = 0;
        for (String name : probeNames) {
            String provider = name.substring(0, name.indexOf(':'));
            if (!provider.equals(current)) {
                if (current != null) {
                    runs.add(current + " x" + count);
                }
                current = provider;
                count = 0;
            }
            count++;
        }
        runs.add(current + " x" + count);
        return runs;
    }

    private static List<String> probeNames(ProbeRegistry registry) {
        List<String> names = new ArrayList<>();
        for (Probe probe : registry.probes()) {
            names.add(probe.providerInstanceName() + ":::" + probe.name());
        }
        return names;
    }

    /**
     * A runtime that writes down what the assembly asks of it, then lets the real one build it. The
     * first draw of each stream names the stream (a stream's draws depend only on the seed and its
     * name); taking it shifts the volume's draws, so a recorded volume is for looking at, not running.
     */
    private static final class Recording<U, D> implements VolumeRuntime<U, D> {
        final VolumeRuntime<U, D> runtime;
        final List<String> calls = new ArrayList<>();

        Recording(VolumeRuntime<U, D> runtime) {
            this.runtime = runtime;
        }

        @Override
        public NanoClock clock() {
            return runtime.clock();
        }

        @Override
        public boolean singleThreaded() {
            return runtime.singleThreaded();
        }

        @Override
        public U upstairs(UpstairsConfig config, LatencyModel processing, SplittableRandom random,
                ProbeRegistry registry) {
            calls.add("upstairs " + config + " processing " + processing + " draws " + random.nextLong());
            return runtime.upstairs(config, processing, random, registry);
        }

        @Override
        public MessageSink<Message.ToUpstairs> replySink(U upstairs, int clientId) {
            calls.add("reply sink " + clientId);
            return runtime.replySink(upstairs, clientId);
        }

        @Override
        public D downstairs(DownstairsConfig config, Region region, ProbeRegistry registry,
                MessageSink<Message.ToUpstairs> replies, ServiceTimeModel serviceTime, RepairSource peers) {
            calls.add("downstairs " + config.instanceId() + " region " + region.definition() + " first write takes "
                    + serviceTime.serviceTimeNs(IoOp.WRITE, 1000, 0) + " ns");
            return runtime.downstairs(config, region, registry, replies, serviceTime, peers);
        }

        @Override
        public MessageSink<Message.ToDownstairs> inbox(D downstairs) {
            calls.add("inbox");
            return runtime.inbox(downstairs);
        }

        @Override
        public <M extends Message> MessageSink<M> link(String name, LatencyModel delay, SplittableRandom random,
                MessageSink<M> destination) {
            calls.add("link " + name + " delay " + delay + " draws " + random.nextLong());
            return runtime.link(name, delay, random, destination);
        }

        @Override
        public void connect(U upstairs, List<MessageSink<Message.ToDownstairs>> clients) {
            calls.add("connect " + clients.size() + " clients");
            runtime.connect(upstairs, clients);
        }
    }
}
