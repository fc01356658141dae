package dev.cruciblesim.tracing.d;

/**
 * A D runtime fault in one firing (divide-by-zero, an invalid address): the firing stops, dtrace
 * prints its {@code error on enabled probe ID} line, and the run goes on. No stack trace is filled
 * in: it is a control-flow signal on a path that can repeat every firing.
 */
final class DRuntimeException extends RuntimeException {
    /** DTrace's fault types, as the ERROR probe's arg4 gives them ({@code DTRACEFLT_*}). */
    static final int FAULT_BAD_ADDRESS = 1;
    static final int FAULT_ILLEGAL_OPERATION = 3;
    static final int FAULT_DIVIDE_BY_ZERO = 4;

    private final int faultType;
    private final long value;

    /**
     * @param faultType one of the {@code FAULT_} types
     * @param value     what ERROR's arg5 gives: the bad address, or 0
     */
    private DRuntimeException(String reason, int faultType, long value) {
        super(reason, null, false, false);
        this.faultType = faultType;
        this.value = value;
    }

    static DRuntimeException invalidAddress(long address) {
        return new DRuntimeException("invalid address (0x" + Long.toHexString(address) + ")", FAULT_BAD_ADDRESS,
                address);
    }

    static DRuntimeException divideByZero() {
        return new DRuntimeException("divide-by-zero", FAULT_DIVIDE_BY_ZERO, 0);
    }

    static DRuntimeException illegalOperation(String what) {
        return new DRuntimeException("illegal operation (" + what + ")", FAULT_ILLEGAL_OPERATION, 0);
    }

    int faultType() {
        return faultType;
    }

    long value() {
        return value;
    }
}
