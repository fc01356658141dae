package dev.cruciblesim.tracing.probe;

/** The D type of a probe argument, which decides how DTrace prints it as an aggregation key. */
public enum ArgType {
    /** {@code uint64_t}: job ids and client ids in Crucible's probes; printed as an 8-byte integer. */
    UINT64,
    /** {@code string}. */
    STRING
}
