package dev.cruciblesim.tracing.dtrace;

/**
 * {@code normalize()}'s divisor as DTrace's consumer applies it. DTrace keeps the factor as an
 * unsigned 64-bit integer and divides a signed 64-bit count or sum by it in C, where the signed
 * operand converts to unsigned: a negative value divided by a factor above 1 prints as a large
 * positive number. We keep that, since the output must match; a factor of 1 changes nothing.
 */
final class Normal {
    /** No normalization. */
    static final long NONE = 1;

    private Normal() {
    }

    /** @return {@code value / normal} with both read as unsigned 64-bit integers, as C does */
    static long divide(long value, long normal) {
        return normal == NONE ? value : Long.divideUnsigned(value, normal);
    }
}
