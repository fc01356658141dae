package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** sum, min, max, avg and lquantize: values, printing and the 4-byte key column. */
class FunctionsTest {
    private final DProgram program = new DProgram();

    @Test
    void shouldPrintScalarsAsSignedR16() {
        Aggregation sum = program.aggregation("sum", AggregationFunction.sum());
        Aggregation min = program.aggregation("min", AggregationFunction.min());
        Aggregation max = program.aggregation("max", AggregationFunction.max());
        Aggregation avg = program.aggregation("avg", AggregationFunction.avg());
        for (long v : new long[] {5, -8, 2}) {
            sum.aggregate(v);
            min.aggregate(v);
            max.aggregate(v);
            avg.aggregate(v);
        }

        // sum -1, min -8, max 5, avg -1/3 truncates toward zero to 0
        assertEquals("               -1\n" + "               -8\n" + "                5\n" + "                0\n",
                program.renderUnprinted());
    }

    @Test
    void shouldPrintA4ByteKeyInAnR8Column() {
        Aggregation calls = program.aggregation("calls", AggregationFunction.count(), KeyType.INT32);
        calls.aggregate(0x1_0000_0005L, 0);

        assertEquals("        5                1\n", program.renderUnprinted());
    }

    @Test
    void shouldPrintLquantizeWithLessAndAtLeastLabels() {
        Aggregation lin = program.aggregation("lin", AggregationFunction.lquantize(0, 1000, 100));
        for (int v = 0; v < 1000; v += 100) {
            lin.aggregate(v);
        }

        List<String> lines = program.renderUnprinted().lines().toList();

        assertEquals("             < 0 |                                         0        ", lines.get(2));
        assertEquals("               0 |@@@@                                     1        ", lines.get(3));
        assertEquals("             900 |@@@@                                     1        ", lines.get(12));
        assertEquals("         >= 1000 |                                         0        ", lines.get(13));
        assertEquals(15, lines.size());
    }

    @Test
    void shouldPrintLquantizeZeroRowsAsTheFirstThreeBuckets() {
        Aggregation lin = program.aggregation("lin", AggregationFunction.lquantize(10, 20, 5));
        lin.aggregate(AggregationKey.EMPTY, 12, 0);

        List<String> labels = program.renderUnprinted().lines().skip(2).filter(l -> !l.isEmpty())
                .map(l -> l.substring(0, 16).strip()).toList();

        assertEquals(List.of("< 10", "10", "15"), labels);
    }

    @Test
    void shouldBucketLquantizeOnTheTruncatedIntValue() {
        LinearQuantizeFunction lin = new LinearQuantizeFunction(0, 10, 3);

        assertEquals(0, lin.bucket(-1));
        assertEquals(1, lin.bucket(2));
        assertEquals(2, lin.bucket(3));
        assertEquals(3, lin.bucket(8));
        assertEquals(4, lin.bucket(9), "three levels of 3 end at 9, not at the limit 10");
        assertEquals(0, lin.bucket(0x1_FFFF_FFFFL), "cut to int the value is -1");
    }

    @Test
    void shouldRejectLquantizeWithoutLevels() {
        assertThrows(IllegalArgumentException.class, () -> AggregationFunction.lquantize(10, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> AggregationFunction.lquantize(0, 10, 0));
    }
}
