package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.fault.FaultKind;
import dev.cruciblesim.bench.fault.FaultSpec;
import dev.cruciblesim.bench.workload.HarnessLimits;
import dev.cruciblesim.bench.workload.JobSpec;
import dev.cruciblesim.bench.workload.Payload;
import dev.cruciblesim.bench.workload.WorkloadSpec;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.tracing.report.Reports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One run, fully resolved and validated: what {@link ScenarioLoader} makes of a scenario file and the command line,
 * and what {@link #describe()} writes into every report as "the scenario". Immutable.
 *
 * <p>The constructor repeats the binder's checks without locations, so a scenario built in code (a test, the CLI
 * without a file) cannot be one that a file would be refused for.
 *
 * @param name           names the run and its result folder; {@value #NAME_PATTERN_TEXT}
 * @param seed           the root seed every component's random stream is split from
 * @param clock          real or virtual time
 * @param transport      how the upstairs reaches the downstairs in real time: {@value #TRANSPORT_IN_PROCESS} (threads),
 *                       {@value #TRANSPORT_TCP} (servers in this JVM on loopback) or {@value #TRANSPORT_PROCESSES}
 *                       (servers in child processes the harness starts); virtual time simulates its links
 * @param runtime        real time's hand-off policy (the inboxes' wait strategy); recorded, and ignored, in virtual
 *                       time
 * @param volume         the region's geometry, at most {@value HarnessLimits#MAX_VOLUME_BLOCKS} blocks
 * @param payload        what reads and writes carry: stamps (virtual time only) or bytes
 * @param upstairs       the upstairs' settings
 * @param downstairs     exactly three models, indexed by downstairs client id
 * @param workload       what the guest does
 * @param faults         what goes wrong, and when: each fault's id is its index here
 * @param reports        the DTrace reports to print, in this order, each one of {@link Reports#ALL_NAMES} at most once
 * @param output         what the run writes besides the reports
 * @param drainTimeoutNs the longest the harness waits for an IO before declaring the run hung, {@code > 0}
 */
public record Scenario(String name, long seed, ClockKind clock, String transport, RuntimeSettings runtime,
        RegionDefinition volume, Payload payload, UpstairsSettings upstairs, List<DownstairsModel> downstairs,
        WorkloadSpec workload, List<FaultSpec> faults, List<String> reports, OutputSettings output,
        long drainTimeoutNs) {
    /** Scenario names become folder names: the rule for job names, which become file names, serves them too. */
    public static final String NAME_PATTERN_TEXT = JobSpec.NAME_PATTERN_TEXT;
    public static final Pattern NAME_PATTERN = JobSpec.NAME_PATTERN;
    public static final String TRANSPORT_IN_PROCESS = "in-process";
    public static final String TRANSPORT_TCP = "tcp";
    /** Three {@code downstairs run} processes the harness starts, on regions on disk, reached over loopback TCP. */
    public static final String TRANSPORT_PROCESSES = "processes";
    static final List<String> TRANSPORTS = List.of(TRANSPORT_IN_PROCESS, TRANSPORT_TCP, TRANSPORT_PROCESSES);
    static final String PROCESSES_NEED_REAL_TIME = "processes run in real time: virtual time simulates its "
            + "downstairs; use clock real, or transport in-process";
    static final String TCP_NEEDS_REAL_TIME = "tcp runs in real time: virtual time simulates its links; use clock real, "
            + "or transport in-process";
    public static final int DOWNSTAIRS_COUNT = 3;
    static final String STAMPS_NEED_VIRTUAL_TIME = "stamps stand for bytes in virtual time only: real time measures "
            + "this implementation moving real bytes; use payload bytes, or clock virtual";

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(upstairs, "upstairs");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(output, "output");
        downstairs = List.copyOf(downstairs);
        reports = List.copyOf(reports);
        faults = List.copyOf(faults);
        for (int i = 0; i < faults.size(); i++) {
            FaultSpec fault = faults.get(i);
            if (fault.id() != i) {
                throw new IllegalArgumentException("fault " + i + " has id " + fault.id() + "; ids are list indexes");
            }
            if (fault.kind().reach() == FaultKind.Reach.CORE && transport.equals(TRANSPORT_PROCESSES)) {
                throw new IllegalArgumentException("fault " + i + ": " + fault.kind().yamlName() + " acts inside the "
                        + "downstairs, which transport " + TRANSPORT_PROCESSES + " runs in other processes");
            }
            if (fault.kind().reach() == FaultKind.Reach.PROCESS && !transport.equals(TRANSPORT_PROCESSES)) {
                throw new IllegalArgumentException("fault " + i + ": " + fault.kind().yamlName() + " needs downstairs "
                        + "processes of their own (transport " + TRANSPORT_PROCESSES + ")");
            }
        }
        if (!NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("scenario name must match " + NAME_PATTERN_TEXT + ", got '" + name + "'");
        }
        if (!TRANSPORTS.contains(transport)) {
            throw new IllegalArgumentException("transport must be one of " + String.join(", ", TRANSPORTS) + ", got "
                    + transport);
        }
        if (!transport.equals(TRANSPORT_IN_PROCESS) && clock == ClockKind.VIRTUAL) {
            throw new IllegalArgumentException(transport.equals(TRANSPORT_TCP) ? TCP_NEEDS_REAL_TIME
                    : PROCESSES_NEED_REAL_TIME);
        }
        if (downstairs.size() != DOWNSTAIRS_COUNT) {
            throw new IllegalArgumentException("a scenario has exactly " + DOWNSTAIRS_COUNT + " downstairs, got "
                    + downstairs.size());
        }
        if (drainTimeoutNs <= 0) {
            throw new IllegalArgumentException("drain timeout must be > 0 ns, got " + drainTimeoutNs);
        }
        if (volume.totalBlocks() > HarnessLimits.MAX_VOLUME_BLOCKS) {
            throw new IllegalArgumentException("volume of " + volume.totalBlocks() + " blocks exceeds the "
                    + HarnessLimits.MAX_VOLUME_BLOCKS + " the harness tracks");
        }
        if (payload == Payload.STAMPS && clock == ClockKind.REAL) {
            throw new IllegalArgumentException(STAMPS_NEED_VIRTUAL_TIME);
        }
        for (JobSpec job : workload.jobs()) {
            if (job.blockSizes().minBytes() % volume.blockSizeBytes() != 0
                    || job.blockSizes().maxBytes() % volume.blockSizeBytes() != 0) {
                throw new IllegalArgumentException("job " + job.name() + ": IO sizes " + job.blockSizes().describe()
                        + " are not multiples of the block size " + volume.blockSizeBytes());
            }
            if (job.offsetBytes() % volume.blockSizeBytes() != 0 || job.sizeBytes() % volume.blockSizeBytes() != 0
                    || job.offsetBytes() + job.sizeBytes() > volume.totalBytes()) {
                throw new IllegalArgumentException("job " + job.name() + ": region at " + job.offsetBytes() + " of "
                        + job.sizeBytes() + " bytes is not whole blocks inside the volume of " + volume.totalBytes()
                        + " bytes");
            }
        }
        if (!Reports.ALL_NAMES.containsAll(reports) || new HashSet<>(reports).size() != reports.size()) {
            throw new IllegalArgumentException("reports must be distinct names from " + String.join(", ", Reports.ALL_NAMES)
                    + ", got " + reports);
        }
    }

    /** @param clientId 0, 1 or 2 */
    public DownstairsModel downstairs(int clientId) {
        return downstairs.get(clientId);
    }

    /**
     * The fully resolved scenario, as written into report.json: every setting, defaults included, in a fixed key
     * order, durations in nanoseconds under {@code _ns} names, sizes under {@code _bytes} names, latency models as
     * their {@link LatencyModel#describe()} and absent models as null. Values are Strings, Longs, Integers, Doubles,
     * Booleans, Lists and Maps only, so any JSON or YAML writer prints it the same way every time.
     */
    public Map<String, Object> describe() {
        Map<String, Object> volumeDescription = new LinkedHashMap<>();
        volumeDescription.put("block_size_bytes", volume.blockSizeBytes());
        volumeDescription.put("extent_size_blocks", volume.extentSizeBlocks());
        volumeDescription.put("extent_count", volume.extentCount());
        volumeDescription.put("total_blocks", volume.totalBlocks());
        volumeDescription.put("total_bytes", volume.totalBytes());
        volumeDescription.put("payload", payload.yamlName());

        List<Object> downstairsDescription = new ArrayList<>(downstairs.size());
        for (int clientId = 0; clientId < downstairs.size(); clientId++) {
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("client", clientId);
            client.putAll(downstairs.get(clientId).describe());
            downstairsDescription.add(client);
        }

        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", name);
        description.put("seed", seed);
        description.put("clock", clock.yamlName());
        description.put("transport", transport);
        description.put("runtime", runtime.describe());
        description.put("volume", volumeDescription);
        description.put("upstairs", upstairs.describe());
        description.put("downstairs", Collections.unmodifiableList(downstairsDescription));
        description.put("workload", workload.describe());
        description.put("faults", faults.stream().map(FaultSpec::describe).toList());
        description.put("reports", reports);
        description.put("output", output.describe());
        description.put("drain_timeout_ns", drainTimeoutNs);
        return Collections.unmodifiableMap(description);
    }

    /**
     * @return this scenario with another root seed: what resolving it with {@code seed: newSeed} gives, since the seed
     *         is read at run time only (each component's stream is split from it then) and decides nothing the
     *         binder checks; a set of runs over seeds ({@code run --seeds}) resolves once and runs each seed this way
     */
    public Scenario withSeed(long newSeed) {
        return new Scenario(name, newSeed, clock, transport, runtime, volume, payload, upstairs, downstairs,
                workload, faults, reports, output, drainTimeoutNs);
    }

    /** @return the model's description, or null for no model (no delay) */
    static Map<String, Object> describe(LatencyModel model) {
        return model == null ? null : model.describe();
    }
}
