package dev.cruciblesim.bench.fault;

import java.util.Arrays;
import java.util.List;

/** What a fault does to its downstairs client, as a scenario's {@code faults:} list names it. */
public enum FaultKind {
    /** The connection breaks for the duration, then the client reconnects and is replayed. */
    DISCONNECT("disconnect", Reach.LINK),
    /** The downstairs stops answering for the duration; its connection stays up. */
    STALL("stall", Reach.CORE),
    /** The downstairs' service times are multiplied by the fault's factor for the duration. */
    SLOW("slow", Reach.CORE),
    /** Each read, write and flush fails with an IO error with the fault's probability, for the duration. */
    ERRORS("errors", Reach.CORE),
    /** Each read returns corrupted data with the fault's probability, for the duration; for testing the checks. */
    CORRUPT("corrupt", Reach.CORE),
    /** The downstairs process is killed (SIGKILL) and started again on its region after the duration. */
    KILL("kill", Reach.PROCESS),
    /** The downstairs process is killed (SIGKILL) and started again at once on its region: a crash and a restart. */
    RESTART("restart", Reach.PROCESS);

    /** Where a fault acts, which decides the runs it can be injected into. */
    public enum Reach {
        /** The upstairs' side of the connection: any runtime, any transport. */
        LINK,
        /** The downstairs core's switches ({@code DownstairsFaults}): a downstairs this run hosts. */
        CORE,
        /** A downstairs process of its own. */
        PROCESS
    }

    private final String yamlName;
    private final Reach reach;

    FaultKind(String yamlName, Reach reach) {
        this.yamlName = yamlName;
        this.reach = reach;
    }

    public String yamlName() {
        return yamlName;
    }

    public Reach reach() {
        return reach;
    }

    /** @return whether the fault lasts a duration and ends by itself (all but restart, which is instant) */
    public boolean needsDuration() {
        return this != RESTART;
    }

    /**
     * @return whether a fault in force when the workload is done runs to its end, because what it holds back (a
     *         client's replay, its replies, its process) is part of the run; the others only shape IO, and end then
     */
    public boolean runsToItsEnd() {
        return this == DISCONNECT || this == STALL || this == KILL;
    }

    /** @return whether the fault takes a {@code probability} */
    public boolean takesProbability() {
        return this == ERRORS || this == CORRUPT;
    }

    /** @return the kind named {@code name} in a scenario, or null */
    public static FaultKind named(String name) {
        for (FaultKind kind : values()) {
            if (kind.yamlName.equals(name)) {
                return kind;
            }
        }
        return null;
    }

    /** @return every kind's name, in declaration order */
    public static List<String> names() {
        return Arrays.stream(values()).map(FaultKind::yamlName).toList();
    }
}
