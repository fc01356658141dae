package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** llquantize (spec §5, illumos/macOS form): buckets, rows, argument checks, sorting, printa. */
class LogLinearQuantizeTest {
    private final DProgram program = new DProgram();

    private static List<String> labels(String histogram) {
        return histogram.lines().filter(line -> line.contains("|")).map(line -> line.substring(0, 16).strip())
                .toList();
    }

    @Test
    void shouldReproduceTheTestSuitesBasicOutputByteForByte() {
        // llquantize/tst.basic.d: i++ <= 100 in the predicate, so the clause sees i = 1 .. 101.
        Aggregation a = program.aggregation("", AggregationFunction.llquantize(10, 0, 10, 10));
        for (int i = 1; i <= 101; i++) {
            a.aggregate(i);
        }

        program.end(RunEnd.EXIT, null);

        StringBuilder expected = new StringBuilder("\n\n" + HistogramFormat.HEADER);
        expected.append("             < 1 |                                         0        \n");
        for (int v = 1; v <= 9; v++) {
            expected.append("               ").append(v).append(" |                                         1        \n");
        }
        for (int v = 10; v <= 90; v += 10) {
            expected.append("              ").append(v).append(" |@@@@                                     10       \n");
        }
        expected.append("             100 |@                                        2        \n");
        expected.append("             200 |                                         0        \n");
        expected.append("\n");
        assertEquals(expected.toString(), program.stdout());
    }

    @Test
    void shouldReproduceTheTestSuitesRangeOutputWithStringKeysAndNegativeWeights() {
        // llquantize/tst.range.d: five keys, each one weighted value, printa(@) then exit(0).
        Aggregation a = program.aggregation("", AggregationFunction.llquantize(10, 1, 2, 20), KeyType.STRING);
        a.aggregate(AggregationKey.of("Screven"), 0, 25);
        a.aggregate(AggregationKey.of("Katz"), 1, -100);
        a.aggregate(AggregationKey.of("Kurian"), 7, 15);
        a.aggregate(AggregationKey.of("Rozwat"), 49, 15);
        a.aggregate(AggregationKey.of("Fowler"), 343, 150);

        program.printa(a);
        program.end(RunEnd.EXIT, null);

        assertEquals("\n"
                + "  Katz                                              \n" + HistogramFormat.HEADER
                + "            < 10 @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@| -100     \n"
                + "              10                                         | 0        \n"
                + "\n"
                + "  Kurian                                            \n" + HistogramFormat.HEADER
                + "            < 10 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 15       \n"
                + "              10 |                                         0        \n"
                + "\n"
                + "  Screven                                           \n" + HistogramFormat.HEADER
                + "            < 10 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 25       \n"
                + "              10 |                                         0        \n"
                + "\n"
                + "  Rozwat                                            \n" + HistogramFormat.HEADER
                + "              40 |                                         0        \n"
                + "              45 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 15       \n"
                + "              50 |                                         0        \n"
                + "\n"
                + "  Fowler                                            \n" + HistogramFormat.HEADER
                + "             250 |                                         0        \n"
                + "             300 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 150      \n"
                + "             350 |                                         0        \n"
                + "\n"
                + "\n", program.stdout());
    }

    @Test
    void shouldReproduceTheTestSuitesTwentyAndHundredStepSections() {
        // llquantize/tst.steps.d: i = 1 .. 101 into @ (20 steps) and i * 10 into @hunid (100 steps).
        Aggregation twenty = program.aggregation("", AggregationFunction.llquantize(10, 0, 10, 20));
        Aggregation hundred = program.aggregation("hunid", AggregationFunction.llquantize(10, 0, 10, 100));
        for (int i = 1; i <= 101; i++) {
            twenty.aggregate(i);
            hundred.aggregate(i * 10L);
        }

        program.end(RunEnd.EXIT, () -> {
            program.printf(PrintFormat.compile("20 steps:\n"));
            program.printa(twenty);
            program.printf(PrintFormat.compile("100 steps:\n"));
            program.printa(hundred);
        });

        String zero = "|                                         0        \n";
        String one = "|                                         1        \n";
        StringBuilder expected = new StringBuilder("20 steps:\n\n\n" + HistogramFormat.HEADER);
        expected.append("             < 1 ").append(zero);
        for (int v = 1; v <= 9; v++) {
            expected.append(String.format("%16d ", v)).append(one);
        }
        for (int v = 10; v <= 95; v += 5) {
            expected.append(String.format("%16d ", v)).append("|@@                                       5        \n");
        }
        expected.append("             100 |@                                        2        \n");
        expected.append("             150 ").append(zero).append("\n");
        expected.append("100 steps:\n\n\n").append(HistogramFormat.HEADER);
        expected.append("               9 ").append(zero);
        for (int v = 10; v <= 99; v++) {
            expected.append(String.format("%16d ", v)).append(v % 10 == 0 ? one : zero);
        }
        for (int v = 100; v <= 990; v += 10) {
            expected.append(String.format("%16d ", v)).append(one);
        }
        expected.append("            1000 |@                                        2        \n");
        expected.append("            1100 ").append(zero).append("\n");
        expected.append("\n");
        assertEquals(expected.toString(), program.stdout());
    }

    @Test
    void shouldStepByFactorPowerOverNstepsWithinEachOrder() {
        LogLinearQuantizeFunction twenty = new LogLinearQuantizeFunction(10, 0, 10, 20);

        // Order 0: 1..9 by 1 (buckets 1..9); order 1: 10..95 by 5; order 2: 100..950 by 50.
        assertEquals(0, twenty.bucket(0));
        assertEquals(0, twenty.bucket(-5), "negative values land below factor^low");
        assertEquals(1, twenty.bucket(1));
        assertEquals(9, twenty.bucket(9));
        assertEquals(10, twenty.bucket(10));
        assertEquals(10, twenty.bucket(14));
        assertEquals(11, twenty.bucket(15));
        assertEquals(27, twenty.bucket(95));
        assertEquals(27, twenty.bucket(99));
        assertEquals(28, twenty.bucket(100));
        assertEquals(29, twenty.bucket(150));
        assertEquals(9 + 18 * 10, twenty.bucket(95_000_000_000L), "the last bucket below 10^11");
        assertEquals(9 + 18 * 10 + 1, twenty.bucket(100_000_000_000L), "10^11 = factor^(high+1) overflows");
        assertEquals(9 + 18 * 10 + 2, twenty.stateLength());
    }

    @Test
    void shouldLabelOneHundredStepsAsUnitStepsUntilTheOrderExceedsThem() {
        Aggregation a = program.aggregation("a", AggregationFunction.llquantize(10, 1, 3, 100));
        a.aggregate(10);
        a.aggregate(99);
        a.aggregate(100);
        a.aggregate(990);
        a.aggregate(999);

        List<String> labels = labels(program.renderUnprinted());

        // 10..99 by 1 (10^2 = 100 is not above 100 steps), then 100..990 by 10. The data starts in the
        // first bucket, so the "< 10" row shows; it ends in 990, so one zero row follows, 1000.
        assertEquals("< 10", labels.get(0));
        assertEquals("10", labels.get(1));
        assertEquals("11", labels.get(2));
        assertEquals("99", labels.get(90));
        assertEquals("100", labels.get(91));
        assertEquals("110", labels.get(92));
        assertEquals("990", labels.get(90 + 90));
        assertEquals("1000", labels.get(90 + 91));
        assertEquals(90 + 92, labels.size());
    }

    @Test
    void shouldPrintTheEdgeRowsOnlyWhenTheDataReachesThem() {
        Aggregation a = program.aggregation("a", AggregationFunction.llquantize(10, 0, 2, 10));
        a.aggregate(50);

        assertEquals(List.of("40", "50", "60"), labels(program.renderUnprinted()));

        a.aggregate(5000);
        a.aggregate(0);
        List<String> labels = labels(program.renderUnprinted());

        assertEquals("< 1", labels.get(0));
        assertEquals("1", labels.get(1));
        assertEquals("900", labels.get(labels.size() - 2));
        assertEquals(">= 1000", labels.get(labels.size() - 1));
        assertEquals(1 + 9 + 9 + 9 + 1, labels.size());
    }

    @Test
    void shouldPrintTheUnderflowAndFirstBucketWhenEveryCountIsZero() {
        Aggregation a = program.aggregation("a", AggregationFunction.llquantize(10, 2, 4, 10));
        a.aggregate(AggregationKey.EMPTY, 5000, 0);

        String empty = "|" + " ".repeat(40) + " 0        \n";
        assertEquals("\n" + HistogramFormat.HEADER
                + "           < 100 " + empty
                + "             100 " + empty
                + "\n", program.renderUnprinted());
    }

    @Test
    void shouldPrintTheHistogramForAnyAtConversionInPrintaAndSortByWeightedSum() {
        Aggregation a = program.aggregation("a", AggregationFunction.llquantize(10, 0, 2, 10), KeyType.STRING);
        a.aggregate("slow", 500);
        a.aggregate("fast", 3);
        a.aggregate("fast", 3);

        program.printa("%s%@d", a);

        String out = program.stdout();
        assertEquals(0, out.indexOf("fast\n" + HistogramFormat.HEADER), out);
        int slow = out.indexOf("slow\n" + HistogramFormat.HEADER);
        assertEquals(true, slow > 0, "3 + 3 weighs less than 500, so fast prints first: " + out);
        assertEquals(true, out.contains("               3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 2        \n"));
    }

    @Test
    void shouldMergeThreadsBucketByBucket() throws Exception {
        Aggregation a = program.aggregation("a", AggregationFunction.llquantize(10, 0, 3, 10));
        Thread other = new Thread(() -> a.aggregate(AggregationKey.EMPTY, 42, 5));
        other.start();
        other.join();
        a.aggregate(AggregationKey.EMPTY, 47, 2);

        long[] state = a.snapshot().get(0).state();

        assertEquals(7, state[new LogLinearQuantizeFunction(10, 0, 3, 10).bucket(40)]);
    }

    @Test
    void shouldRejectArgumentsWithDTracesMessages() {
        assertMessage("llquantize( ) argument #1 (factor) must be an unsigned 16-bit quantity", 65536, 0, 6, 20);
        assertMessage("llquantize( ) argument #2 (low magnitude) must be an unsigned 16-bit quantity", 10, -1, 6, 20);
        assertMessage("llquantize( ) argument #4 (linear steps per magnitude) must be an unsigned 16-bit quantity",
                10, 0, 6, 70000);
        assertMessage("llquantize( ) factor (argument #1) must be two or more", 1, 0, 6, 20);
        assertMessage("llquantize( ) high magnitude (argument #3) must be greater than low magnitude (argument #2)",
                10, 6, 6, 20);
        assertMessage("llquantize( ) factor (argument #1) must be less than or equal to the number of linear steps "
                + "per magnitude (argument #4)", 10, 0, 6, 5);
        assertMessage("llquantize( ) factor (argument #1) must evenly divide the number of steps per magnitude "
                + "(argument #4), and the number of steps per magnitude must evenly divide a power of the factor",
                10, 0, 6, 25);
        assertMessage("llquantize( ) factor (argument #1) must evenly divide the number of steps per magnitude "
                + "(argument #4), and the number of steps per magnitude must evenly divide a power of the factor",
                10, 0, 6, 30);
        assertMessage("llquantize( ) factor (10) raised to power of high magnitude (18) plus 1 overflows 64-bits",
                10, 0, 18, 10);
        // 10^19 still fits in 64 unsigned bits; 10^20 does not.
        AggregationFunction.llquantize(10, 0, 17, 10);
    }

    private static void assertMessage(String expected, long factor, long low, long high, long nsteps) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AggregationFunction.llquantize(factor, low, high, nsteps));
        assertEquals(expected, e.getMessage());
    }
}
