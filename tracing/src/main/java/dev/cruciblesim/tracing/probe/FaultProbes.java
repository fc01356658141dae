package dev.cruciblesim.tracing.probe;

import java.util.List;

/**
 * The harness's own probes, provider {@code crucible_sim_fault}: Crucible has none for faults,
 * since they are injected by the harness, so these are ours. They bracket every injected fault on
 * a downstairs client, so a script can tell the IOs that ran while a fault was active from those
 * that did not (the {@code perffault} report).
 *
 * <p>Both probes take the same three arguments, in this order, and fire with
 * {@link Probe#fire(long, long, String)}:
 * <ol>
 * <li>{@code fault_id} (uint64): the fault's number, from 0 in the order the faults are declared,
 *     so a start and its end carry the same id;
 * <li>{@code client} (uint64): the downstairs client id, 0 to 2;
 * <li>{@code kind} (string): one of {@link #KINDS}.
 * </ol>
 */
public final class FaultProbes {
    public static final String PROVIDER = "crucible_sim_fault";

    /** Every value of the {@code kind} argument. */
    public static final List<String> KINDS = List.of("disconnect", "stall", "slow", "errors", "corrupt", "kill",
            "restart");

    private static final List<String> ARG_NAMES = List.of("fault_id", "client", "kind");
    private static final List<ArgType> ARG_TYPES = List.of(ArgType.UINT64, ArgType.UINT64, ArgType.STRING);

    private static final ProbeDefinition FAULT_START = new ProbeDefinition(PROVIDER, "inject", "fault-start",
            ARG_NAMES, ARG_TYPES, "the fault fault_id of the given kind begins on downstairs client client");
    private static final ProbeDefinition FAULT_END = new ProbeDefinition(PROVIDER, "revert", "fault-end",
            ARG_NAMES, ARG_TYPES, "the fault fault_id on downstairs client client is over");
    private static final List<ProbeDefinition> ALL = List.of(FAULT_START, FAULT_END);

    private FaultProbes() {
    }

    /** @return {@code fault-start}: the fault begins */
    public static ProbeDefinition faultStart() {
        return FAULT_START;
    }

    /** @return {@code fault-end}: the fault is over */
    public static ProbeDefinition faultEnd() {
        return FAULT_END;
    }

    /** @return every fault probe definition, start first */
    public static List<ProbeDefinition> all() {
        return ALL;
    }
}
