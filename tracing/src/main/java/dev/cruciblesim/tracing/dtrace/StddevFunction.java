package dev.cruciblesim.tracing.dtrace;

import java.math.BigInteger;

/**
 * stddev: per key a count, a sum and the sum of the squares as an unsigned 128-bit integer (low
 * word, high word), which is what DTrace keeps, so that squares of 64-bit values cannot overflow.
 *
 * <p>The printed value is DTrace's integer approximation: sqrt(avg(x²) − avg(x)²), where avg(x²)
 * is the 128-bit sum of squares divided (truncating, unsigned) by normal, by normal again and by
 * the count; avg(x) is the signed sum divided by normal and by the count, truncated toward zero;
 * the difference is taken modulo 2^128 and the square root rounded down. That truncation is why a
 * constant stream prints 0 and why the result can be smaller than a floating-point stddev. It
 * prints as an unsigned R16, and 0 when the count is 0.
 *
 * <p>Update cost: a multiply-high and a carry; printing uses {@link BigInteger}, off the firing path.
 * A printing thread may read the two words of the square sum between the owner's two stores and
 * see a torn value for that one print, as it may see an avg's count and sum out of step.
 */
final class StddevFunction extends AggregationFunction {
    static final StddevFunction INSTANCE = new StddevFunction();

    private static final int COUNT = 0;
    private static final int SUM = 1;
    private static final int SQUARES_LOW = 2;
    private static final int SQUARES_HIGH = 3;
    private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

    private StddevFunction() {
    }

    @Override
    public String name() {
        return "stddev";
    }

    @Override
    int stateLength() {
        return 4;
    }

    @Override
    void update(long[] state, long value, long incr) {
        // |Long.MIN_VALUE| stays Long.MIN_VALUE, which read as unsigned is 2^63: the right magnitude.
        long magnitude = value < 0 ? -value : value;
        long squareLow = magnitude * magnitude;
        long squareHigh = unsignedMultiplyHigh(magnitude, magnitude);
        long low = state[SQUARES_LOW] + squareLow;
        long carry = Long.compareUnsigned(low, squareLow) < 0 ? 1 : 0;
        Cells.set(state, SQUARES_LOW, low);
        Cells.set(state, SQUARES_HIGH, state[SQUARES_HIGH] + squareHigh + carry);
        Cells.add(state, SUM, value);
        Cells.add(state, COUNT, 1);
    }

    /** Java 17 has no Math.unsignedMultiplyHigh (18+): the signed high word, corrected for each negative operand. */
    static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    @Override
    void merge(long[] into, long[] from) {
        into[COUNT] += from[COUNT];
        into[SUM] += from[SUM];
        long low = into[SQUARES_LOW] + from[SQUARES_LOW];
        long carry = Long.compareUnsigned(low, from[SQUARES_LOW]) < 0 ? 1 : 0;
        into[SQUARES_LOW] = low;
        into[SQUARES_HIGH] += from[SQUARES_HIGH] + carry;
    }

    /** @return DTrace's stddev of the state, an unsigned 64-bit integer; 0 without values */
    static long standardDeviation(long[] state, long normal) {
        long count = state[COUNT];
        if (count == 0) {
            return 0;
        }
        BigInteger divisor = unsigned(normal);
        BigInteger squares = unsigned(state[SQUARES_HIGH]).shiftLeft(64).or(unsigned(state[SQUARES_LOW]));
        BigInteger averageOfSquares = squares.divide(divisor).divide(divisor).divide(unsigned(count));
        long average = state[SUM] / normal / count;
        BigInteger magnitude = unsigned(average < 0 ? -average : average);
        BigInteger difference = averageOfSquares.subtract(magnitude.multiply(magnitude)).mod(TWO_TO_128);
        return difference.sqrt().longValue();
    }

    private static BigInteger unsigned(long value) {
        BigInteger big = BigInteger.valueOf(value & Long.MAX_VALUE);
        return value < 0 ? big.setBit(63) : big;
    }

    @Override
    int compareValues(long[] a, long[] b) {
        return Long.compareUnsigned(standardDeviation(a, Normal.NONE), standardDeviation(b, Normal.NONE));
    }

    @Override
    void appendValue(StringBuilder out, long[] state, long normal) {
        out.append(' ');
        Columns.right(out, Long.toUnsignedString(standardDeviation(state, normal)), 16);
    }

    @Override
    void appendFormatted(StringBuilder out, PrintFormat.Conversion conversion, long[] state, long normal) {
        conversion.appendNumber(out, standardDeviation(state, normal), true);
    }
}
