package dev.cruciblesim.tracing.probe;

/** The D type of a probe argument, which decides how DTrace prints it as an aggregation key. */
public enum ArgType {
    /** {@code uint64_t}: job ids and client ids in Crucible's probes; printed as an 8-byte integer. */
    UINT64("uint64_t"),
    /** {@code string}. */
    STRING("string");

    private final String dTypeName;

    ArgType(String dTypeName) {
        this.dTypeName = dTypeName;
    }

    /** @return the type as D names it and {@code dtrace -lv} lists it, e.g. {@code uint64_t} */
    public String dTypeName() {
        return dTypeName;
    }
}
