package dev.cruciblesim.tracing.d;

/**
 * A D runtime fault in one firing (divide-by-zero, an invalid address): the firing stops, dtrace
 * prints its {@code error on enabled probe ID} line, and the run goes on. No stack trace is filled
 * in: it is a control-flow signal on a path that can repeat every firing.
 */
final class DRuntimeException extends RuntimeException {
    DRuntimeException(String reason) {
        super(reason, null, false, false);
    }

    static DRuntimeException invalidAddress(long address) {
        return new DRuntimeException("invalid address (0x" + Long.toHexString(address) + ")");
    }
}
