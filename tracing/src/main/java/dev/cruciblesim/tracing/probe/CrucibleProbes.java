package dev.cruciblesim.tracing.probe;

import dev.cruciblesim.sim.protocol.IoOp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The catalogue of revision-O probes: the names, arguments and firing points of Crucible's
 * {@code crucible_upstairs} and {@code crucible_downstairs} USDT providers (June 2022). Arrays
 * indexed by {@link IoOp#ordinal()} give the per-operation variants without string building.
 */
public final class CrucibleProbes {
    public static final String UPSTAIRS_PROVIDER = "crucible_upstairs";
    public static final String DOWNSTAIRS_PROVIDER = "crucible_downstairs";

    private static final List<String> GW_ID = List.of("gw_id");
    private static final List<String> DS_ID = List.of("ds_id");
    private static final List<String> DS_ID_CLIENT = List.of("ds_id", "client_id");
    private static final List<ArgType> ONE_INT = List.of(ArgType.UINT64);
    private static final List<ArgType> TWO_INTS = List.of(ArgType.UINT64, ArgType.UINT64);

    public static final ProbeDefinition UP_STATUS = new ProbeDefinition(UPSTAIRS_PROVIDER, "stat_update",
            "up-status", List.of("msg", "arg"), List.of(ArgType.STRING, ArgType.STRING),
            "when the upstairs starts and on every status tick; arg is JSON {\"ok\":{\"up_count\",\"ds_count\",\"ds_state\"}}");

    private static final ProbeDefinition[] GW_START = perOp(UPSTAIRS_PROVIDER, "submit_%s", "gw-%s-start",
            GW_ID, ONE_INT, "a guest %s got its guest id, before its job is built");
    private static final ProbeDefinition[] UP_TO_DS_START = perOp(UPSTAIRS_PROVIDER, "submit_%s",
            "up-to-ds-%s-start", GW_ID, ONE_INT,
            "the %s job is in the active map, before the downstairs clients are told");
    private static final ProbeDefinition[] DS_IO_START = perOp(UPSTAIRS_PROVIDER, "io_send", "ds-%s-io-start",
            DS_ID_CLIENT, TWO_INTS, "the %s job is marked in progress for a client, right before it is sent");
    private static final ProbeDefinition[] DS_IO_DONE = perOp(UPSTAIRS_PROVIDER, "process_message",
            "ds-%s-io-done", DS_ID_CLIENT, TWO_INTS, "a client's reply to the %s job arrived, before any processing");
    private static final ProbeDefinition[] UP_TO_DS_DONE = perOp(UPSTAIRS_PROVIDER, "process_ds_completion",
            "up-to-ds-%s-done", GW_ID, ONE_INT,
            "the %s job became ready to ack by quorum (not when only the all-terminal fallback made it so)");
    private static final ProbeDefinition[] GW_DONE = perOp(UPSTAIRS_PROVIDER, "up_ds_listen", "gw-%s-done",
            GW_ID, ONE_INT, "the guest was told its %s completed");

    private static final ProbeDefinition[] SUBMIT_START = perOp(DOWNSTAIRS_PROVIDER, "proc_frame",
            "submit-%s-start", DS_ID, ONE_INT, "the downstairs took the %s request off the connection");
    private static final ProbeDefinition[] OS_START = perOp(DOWNSTAIRS_PROVIDER, "region_%s", "os-%s-start",
            DS_ID, ONE_INT, "the %s job's dependencies are met and its region IO begins");
    private static final ProbeDefinition[] OS_DONE = perOp(DOWNSTAIRS_PROVIDER, "region_%s", "os-%s-done",
            DS_ID, ONE_INT, "the %s job's region IO ended");
    private static final ProbeDefinition[] SUBMIT_DONE = perOp(DOWNSTAIRS_PROVIDER, "complete_work_stat",
            "submit-%s-done", DS_ID, ONE_INT, "the %s job is done, just before its reply is sent");

    private static final List<ProbeDefinition> ALL;

    static {
        List<ProbeDefinition> all = new ArrayList<>();
        all.add(UP_STATUS);
        for (ProbeDefinition[] group : List.of(GW_START, UP_TO_DS_START, DS_IO_START, DS_IO_DONE, UP_TO_DS_DONE,
                GW_DONE, SUBMIT_START, OS_START, OS_DONE, SUBMIT_DONE)) {
            Collections.addAll(all, group);
        }
        ALL = List.copyOf(all);
    }

    private CrucibleProbes() {
    }

    public static ProbeDefinition gwStart(IoOp op) {
        return GW_START[op.ordinal()];
    }

    public static ProbeDefinition upToDsStart(IoOp op) {
        return UP_TO_DS_START[op.ordinal()];
    }

    public static ProbeDefinition dsIoStart(IoOp op) {
        return DS_IO_START[op.ordinal()];
    }

    public static ProbeDefinition dsIoDone(IoOp op) {
        return DS_IO_DONE[op.ordinal()];
    }

    public static ProbeDefinition upToDsDone(IoOp op) {
        return UP_TO_DS_DONE[op.ordinal()];
    }

    public static ProbeDefinition gwDone(IoOp op) {
        return GW_DONE[op.ordinal()];
    }

    public static ProbeDefinition submitStart(IoOp op) {
        return SUBMIT_START[op.ordinal()];
    }

    public static ProbeDefinition osStart(IoOp op) {
        return OS_START[op.ordinal()];
    }

    public static ProbeDefinition osDone(IoOp op) {
        return OS_DONE[op.ordinal()];
    }

    public static ProbeDefinition submitDone(IoOp op) {
        return SUBMIT_DONE[op.ordinal()];
    }

    /** @return every revision-O probe definition, upstairs first */
    public static List<ProbeDefinition> all() {
        return ALL;
    }

    private static ProbeDefinition[] perOp(String provider, String function, String name, List<String> argNames,
            List<ArgType> argTypes, String firesWhen) {
        IoOp[] ops = IoOp.values();
        ProbeDefinition[] defs = new ProbeDefinition[ops.length];
        for (IoOp op : ops) {
            String word = op.probeName();
            defs[op.ordinal()] = new ProbeDefinition(provider, String.format(function, word),
                    String.format(name, word), argNames, argTypes, String.format(firesWhen, word));
        }
        return defs;
    }
}
