package dev.cruciblesim.sim.protocol;

/** The three guest-visible operations; {@link #probeName()} is the word used inside probe names. */
public enum IoOp {
    READ("read"),
    WRITE("write"),
    FLUSH("flush");

    private static final IoOp[] VALUES = values();

    private final String probeName;

    IoOp(String probeName) {
        this.probeName = probeName;
    }

    /** @return the lower-case word used in probe names such as {@code gw-read-start} */
    public String probeName() {
        return probeName;
    }

    /** @return the operation with the given ordinal, without allocating */
    public static IoOp ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
