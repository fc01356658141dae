package dev.cruciblesim.bench.workload.trace;

/**
 * What one trace record asks of the volume. fio's {@code sync} and {@code datasync} both become {@link #FLUSH}:
 * a Crucible volume has a single flush that makes every acknowledged write durable, so the difference between
 * fsync and fdatasync (file metadata) has nothing to act on.
 */
public enum TraceOp {
    READ,
    WRITE,
    FLUSH,
    TRIM;

    /** Indexed by ordinal; {@link Trace} stores ops as bytes and maps them back without allocating. */
    static final TraceOp[] BY_ORDINAL = values();

    /** The word fio's iolog uses for this op; a flush is written as {@code sync}, which fio replays as fsync. */
    String iologAction() {
        return switch (this) {
            case READ -> "read";
            case WRITE -> "write";
            case FLUSH -> "sync";
            case TRIM -> "trim";
        };
    }

    /** The lower-case name used in messages. */
    String word() {
        return switch (this) {
            case READ -> "read";
            case WRITE -> "write";
            case FLUSH -> "flush";
            case TRIM -> "trim";
        };
    }
}
