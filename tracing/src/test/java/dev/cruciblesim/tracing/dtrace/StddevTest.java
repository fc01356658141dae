package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** stddev: DTrace's integer arithmetic (truncating averages, 128-bit squares, floor square root). */
class StddevTest {
    private final DProgram program = new DProgram();

    private Aggregation stddevOf(long... values) {
        Aggregation a = program.aggregation("sd", AggregationFunction.stddev());
        for (long v : values) {
            a.aggregate(v);
        }
        return a;
    }

    @Test
    void shouldReproduceTheTestSuitesStddevOutput() {
        // aggs/tst.stddev.d: Σx² of these ten values is about 2.5e20, past 64 bits.
        Aggregation a = program.aggregation("a", AggregationFunction.stddev());
        Aggregation b = program.aggregation("b", AggregationFunction.stddev());
        for (long k = 0; k < 10; k++) {
            a.aggregate(5_000_000_000L + 100 * k);
            b.aggregate(-5_000_000_000L - 100 * k);
        }

        program.printa("%@d\n", a);
        program.end(RunEnd.EXIT, null);

        assertEquals("287\n" + "\n" + "              287\n", program.stdout());
    }

    @Test
    void shouldTruncateBothAveragesBeforeTheSquareRoot() {
        // avg(x²) = 30 / 4 = 7, avg(x) = 10 / 4 = 2: sqrt(7 - 4) = 1, where the real stddev is 1.118.
        stddevOf(1, 2, 3, 4);

        assertEquals("                1\n", program.renderUnprinted());
    }

    @Test
    void shouldGiveTheSameForNegativeValues() {
        // 1400 / 3 = 466, 20² = 400, sqrt(66) = 8.
        Aggregation a = stddevOf(-10, -20, -30);

        assertEquals(8, a.snapshot().get(0).value());
    }

    @Test
    void shouldSquareIn128BitsSoExtremeValuesDoNotOverflow() {
        // Σx² ≈ 2^127 does not fit in 64 bits; the mean truncates to 0 and the result is 2^63 - 1.
        stddevOf(Long.MAX_VALUE, Long.MIN_VALUE);

        assertEquals(" 9223372036854775807\n", program.renderUnprinted());
    }

    @Test
    void shouldPrintZeroForAConstantStream() {
        stddevOf(7, 7, 7);

        assertEquals("                0\n", program.renderUnprinted());
    }

    @Test
    void shouldDivideSquaresByTheFactorTwiceWhenNormalized() {
        // 140000 / 10 / 10 / 3 = 466, 600 / 10 / 3 = 20: sqrt(66) = 8.
        Aggregation a = stddevOf(100, 200, 300);
        program.normalize(a, 10);

        assertEquals("                8\n", program.renderUnprinted());
    }

    @Test
    void shouldMergeThreadsAndSortByTheComputedValue() throws Exception {
        Aggregation a = program.aggregation("sd", AggregationFunction.stddev(), KeyType.STRING);
        Thread other = new Thread(() -> {
            a.aggregate("wide", 0);
            a.aggregate("narrow", 10);
        });
        other.start();
        other.join();
        a.aggregate("wide", 100);
        a.aggregate("narrow", 12);

        program.printa("%s=%@d\n", a);

        // wide: 10000 / 2 - 50² = 2500 → 50; narrow: 244 / 2 - 11² = 1 → 1.
        assertEquals("narrow=1\nwide=50\n", program.stdout());
    }
}
