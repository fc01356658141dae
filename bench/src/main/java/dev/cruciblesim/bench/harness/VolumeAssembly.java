package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.fault.FaultInjector;
import dev.cruciblesim.bench.fault.FaultKind;
import dev.cruciblesim.bench.fault.FaultTarget;
import dev.cruciblesim.bench.fault.FaultTimer;
import dev.cruciblesim.bench.scenario.DownstairsModel;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.workload.JobProbes;
import dev.cruciblesim.bench.workload.Payload;
import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.DownstairsFaults;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.ExtentStore;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.region.SparseMemoryExtentStore;
import dev.cruciblesim.downstairs.region.SparseStampExtentStore;
import dev.cruciblesim.downstairs.repair.InJvmRepairSource;
import dev.cruciblesim.downstairs.repair.RepairSource;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.random.SeedStreamNames;
import dev.cruciblesim.sim.random.SeedStreams;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.FaultProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.core.UpstairsCore;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds a run's volume from a {@link Scenario}, the same way for every runtime: one upstairs,
 * three downstairs with their regions and service times, both directions of each link with their
 * delay models, every seed stream (named by {@link SeedStreamNames}) and the probe registry. The
 * {@link VolumeRuntime} given decides how each part runs; nothing here knows whether that is on
 * threads or in virtual time.
 *
 * <pre>
 *   upstairs ◀── link c to upstairs ◀── downstairs c ◀── link c to downstairs ◀── upstairs (c = 0, 1, 2)
 * </pre>
 */
public final class VolumeAssembly {
    /** Instance ids play DTrace's pid: the upstairs is 1, downstairs client c is 10 + c. */
    public static final long UPSTAIRS_INSTANCE_ID = 1;
    public static final long DOWNSTAIRS_INSTANCE_ID_BASE = 10;

    private VolumeAssembly() {
    }

    /**
     * Builds the volume and connects it: on return the upstairs has its clients and the runtime's
     * parts run (in real time: threads started, and {@code UpstairsRuntime.start} has already
     * published the connect) or wait for their first event (in virtual time: the caller delivers
     * connect and activate). Activation is the caller's to ask for in both.
     */
    public static <U, D> Volume<U, D> assemble(Scenario scenario, VolumeRuntime<U, D> runtime) {
        return assemble(scenario, runtime, Stores.inMemoryFor(runtime));
    }

    /** As {@link #assemble(Scenario, VolumeRuntime)}, with each downstairs' store made by {@code stores}. */
    public static <U, D> Volume<U, D> assemble(Scenario scenario, VolumeRuntime<U, D> runtime, Stores stores) {
        SeedStreams streams = new SeedStreams(scenario.seed());
        ProbeRegistry registry = new ProbeRegistry();
        RegionDefinition region = scenario.volume();
        List<Region> regions = new ArrayList<>();
        List<UUID> regionUuids = new ArrayList<>();
        for (int c = 0; c < UpstairsCore.CLIENT_COUNT; c++) {
            Region storage = new Region(stores.store(c, region, scenario.payload()));
            regions.add(storage);
            regionUuids.add(storage.uuid());
        }
        // Each client asks for its own region by UUID, so that a downstairs serving another is refused.
        U upstairs = runtime.upstairs(upstairsConfig(scenario).withRegionUuids(regionUuids),
                scenario.upstairs().processing(), streams.stream(SeedStreamNames.UPSTAIRS_PROCESSING), registry);
        // In one JVM a downstairs repairing an extent at start-up reads the source's region directly.
        RepairSource peers = new InJvmRepairSource(regions);
        List<D> downstairs = new ArrayList<>();
        List<MessageSink<Message.ToDownstairs>> clients = new ArrayList<>();
        // Switches only where faults are injected: a core without them checks nothing per job.
        List<DownstairsFaults> faultSwitches = new ArrayList<>();
        boolean switched = scenario.faults().stream().anyMatch(f -> f.kind().reach() == FaultKind.Reach.CORE);
        for (int c = 0; c < UpstairsCore.CLIENT_COUNT && switched; c++) {
            faultSwitches.add(new DownstairsFaults(streams.stream(SeedStreamNames.downstairsFaults(c))));
        }
        for (int c = 0; c < UpstairsCore.CLIENT_COUNT; c++) {
            DownstairsModel model = scenario.downstairs().get(c);
            MessageSink<Message.ToUpstairs> replies = runtime.link(toUpstairsLinkName(c),
                    model.toUpstairs(), streams.stream(SeedStreamNames.linkToUpstairs(c)),
                    runtime.replySink(upstairs, c));
            DownstairsConfig config = downstairsConfig(c, region)
                    .withInboxWaitStrategy(scenario.runtime().waitStrategy())
                    .withFaults(faultSwitches.isEmpty() ? null : faultSwitches.get(c));
            D ds = runtime.downstairs(config, regions.get(c), registry, replies,
                    serviceTime(model, streams, c), peers);
            downstairs.add(ds);
            clients.add(runtime.link(toDownstairsLinkName(c), model.toDownstairs(),
                    streams.stream(SeedStreamNames.linkToDownstairs(c)), runtime.inbox(ds)));
        }
        runtime.connect(upstairs, List.copyOf(clients));
        JobProbes jobProbes = new JobProbes(registry, UPSTAIRS_INSTANCE_ID, runtime.clock());
        Probe faultStart = null;
        Probe faultEnd = null;
        if (!scenario.faults().isEmpty()) {
            // Before the reports are enabled, so that dtrace's "matched N probes" counts them.
            List<Probe> faultProbes = createFaultProbes(registry, runtime.clock());
            faultStart = faultProbes.get(0);
            faultEnd = faultProbes.get(1);
        }
        return new Volume<>(scenario, runtime.singleThreaded(), streams, registry, jobProbes, upstairs,
                List.copyOf(downstairs), List.copyOf(faultSwitches), faultStart, faultEnd);
    }

    /**
     * Creates the {@code crucible_sim_fault} probes, start then end, as a volume whose scenario has
     * faults does, last of all its probes; {@code crucible-sim probes} lists them the same way.
     */
    public static List<Probe> createFaultProbes(ProbeRegistry registry, NanoClock clock) {
        return List.of(registry.create(FaultProbes.faultStart(), UPSTAIRS_INSTANCE_ID, clock),
                registry.create(FaultProbes.faultEnd(), UPSTAIRS_INSTANCE_ID, clock));
    }

    /** @return the name of the link that carries client {@code clientId}'s messages to its downstairs */
    public static String toDownstairsLinkName(int clientId) {
        return "upstairs to downstairs " + clientId;
    }

    /** @return the name of the link that carries downstairs {@code clientId}'s replies to the upstairs */
    public static String toUpstairsLinkName(int clientId) {
        return "downstairs " + clientId + " to upstairs";
    }

    /** @return the upstairs' configuration: the scenario's settings and policy */
    public static UpstairsConfig upstairsConfig(Scenario scenario) {
        return UpstairsConfig.revisionO(UPSTAIRS_INSTANCE_ID)
                .withStatusIntervalNs(scenario.upstairs().statusIntervalNs())
                .withFlushTimeoutNs(scenario.upstairs().flushTimeoutNs())
                .withMaxInFlightPerClient(scenario.upstairs().maxInFlightPerClient())
                .withPolicy(scenario.upstairs().policy());
    }

    /** @return downstairs client {@code clientId}'s configuration; a runtime may size its own queues */
    public static DownstairsConfig downstairsConfig(int clientId, RegionDefinition region) {
        return DownstairsConfig.of(DOWNSTAIRS_INSTANCE_ID_BASE + clientId, region);
    }

    private static ServiceTimeModel serviceTime(DownstairsModel model, SeedStreams streams, int clientId) {
        return ModelServiceTime.takesTime(model)
                ? new ModelServiceTime(model, streams.stream(SeedStreamNames.downstairsService(clientId)))
                : ServiceTimeModel.ZERO;
    }

    /**
     * @return the UUID of client {@code clientId}'s region in memory: the same in every run, since each run's region
     *         is new and a random UUID would be the only thing in a virtual-time run that its seed does not decide
     */
    public static UUID inMemoryRegionUuid(int clientId) {
        return UUID.nameUUIDFromBytes(("crucible-sim in-memory region " + clientId).getBytes(StandardCharsets.UTF_8));
    }

    /** Makes the store behind each downstairs' region. */
    @FunctionalInterface
    public interface Stores {
        /**
         * In memory, sparse, holding what the scenario's payload says: bytes or stamps. Bytes are held in shared,
         * copy-on-write blocks (virtual time: three downstairs in one thread share a write's payload).
         */
        Stores IN_MEMORY = (clientId, region, payload) -> payload == Payload.STAMPS
                ? new SparseStampExtentStore(region, inMemoryRegionUuid(clientId))
                : new SparseMemoryExtentStore(region, inMemoryRegionUuid(clientId));

        /**
         * In memory, for real time: each downstairs' blocks are its own arrays, overwritten in place, so a write
         * allocates nothing and the upstairs may reuse its write payloads ({@code WritePayloadPool}).
         */
        Stores IN_MEMORY_OWN_BLOCKS = (clientId, region, payload) -> payload == Payload.STAMPS
                ? new SparseStampExtentStore(region, inMemoryRegionUuid(clientId))
                : new SparseMemoryExtentStore(region, inMemoryRegionUuid(clientId),
                        SparseMemoryExtentStore.Blocks.OWN);

        /** @return the in-memory stores that suit {@code runtime}: shared blocks in one thread, own blocks in many */
        static Stores inMemoryFor(VolumeRuntime<?, ?> runtime) {
            return runtime.singleThreaded() ? IN_MEMORY : IN_MEMORY_OWN_BLOCKS;
        }

        /** @return an empty store for downstairs client {@code clientId}, holding {@code payload} */
        ExtentStore store(int clientId, RegionDefinition region, Payload payload);
    }

    /**
     * An assembled volume.
     *
     * @param streams   the run's seed streams; the workload draws its own from them
     * @param jobProbes the harness's own {@code crucible_sim_workload} probes
     * @param downstairsFaults each client's fault switches, by client id; empty when no fault of the scenario acts
     *                         inside a downstairs
     * @param faultStart the {@code crucible_sim_fault} probes, or null when the scenario has no faults
     */
    public record Volume<U, D>(Scenario scenario, boolean singleThreaded, SeedStreams streams, ProbeRegistry registry,
            JobProbes jobProbes, U upstairs, List<D> downstairs, List<DownstairsFaults> downstairsFaults,
            Probe faultStart, Probe faultEnd) {
        /**
         * @return an injector of the scenario's faults acting through {@code target} on {@code timer}, or null when
         *         the scenario has none
         */
        public FaultInjector faultInjector(FaultTarget target, FaultTimer timer) {
            return scenario.faults().isEmpty() ? null
                    : new FaultInjector(scenario.faults(), target, timer, faultStart, faultEnd);
        }

        /**
         * Enables the scenario's reports on this volume's probes and prints dtrace's notices. Call it
         * once the parts exist, so that "matched N probes" counts theirs.
         */
        public RunSetup.EnabledReports enableReports(PrintWriter err) {
            return enableReports(err, RunScripts.NONE);
        }

        /** As {@link #enableReports(PrintWriter)}, and the user's D scripts after the reports. */
        public RunSetup.EnabledReports enableReports(PrintWriter err, RunScripts scripts) {
            return RunSetup.enableReports(scenario, registry, err, singleThreaded, scripts);
        }
    }
}
