package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuantizeFormatTest {
    private static final String HEADER =
            "           value  ------------- Distribution ------------- count    \n";

    private final DProgram program = new DProgram();

    private static void feed(Aggregation time, String key, long number, long[][] labelCounts) {
        for (long[] labelCount : labelCounts) {
            time.aggregate(key, number, labelCount[0], labelCount[1]);
        }
    }

    @Test
    void shouldPrintVectorV1ByteForByte() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING, KeyType.INT64);
        feed(time, "flush for downstairs client", 1, new long[][] {{524288, 19}, {1048576, 134}, {2097152, 317},
            {4194304, 502}, {8388608, 46}, {16777216, 5}, {33554432, 2}});

        String record = program.renderUnprinted();

        assertEquals(SpecVectors.V1_FLUSH_CLIENT_1, record);
        assertEquals(761, record.getBytes(StandardCharsets.UTF_8).length);
        List<String> lines = record.lines().toList();
        assertEquals(69, lines.get(0).length());
        for (int i = 1; i <= 10; i++) {
            assertEquals(68, lines.get(i).length(), "line " + i);
        }
        assertEquals("", lines.get(11));
    }

    @Test
    void shouldPrintVectorV2WithInteriorZeroRow() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING, KeyType.INT64);
        feed(time, "read for downstairs client", 2, new long[][] {{262144, 204}, {524288, 283}, {1048576, 271},
            {2097152, 442}, {4194304, 647}, {8388608, 658}, {16777216, 447}, {33554432, 46}, {134217728, 2}});

        String record = program.renderUnprinted();

        assertEquals(SpecVectors.V2_READ_CLIENT_2, record);
        assertEquals(968, record.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void shouldPrintVectorV3WithSingleStringKey() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
        time.aggregate(AggregationKey.of("flush"), 1048576, 1);
        time.aggregate(AggregationKey.of("flush"), 33554432, 353);
        time.aggregate(AggregationKey.of("flush"), 67108864, 647);

        String record = program.renderUnprinted();

        assertEquals(SpecVectors.V3_PERFGW_FLUSH, record);
        assertEquals(744, record.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(52, record.lines().findFirst().orElseThrow().length());
    }

    @Test
    void shouldBucketRealValuesIntoPowerOfTwoLabels() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        // 1048576..2097151 all land in the 1048576 bucket; 2097152 starts the next.
        time.aggregate(1048576);
        time.aggregate(2097151);
        time.aggregate(2097152);

        AggregationRecord record = time.snapshot().get(0);

        assertEquals(2, record.quantizeBucketCount(1048576));
        assertEquals(1, record.quantizeBucketCount(2097152));
        assertEquals(3, record.value());
    }

    @Test
    void shouldPlaceExtremeValuesInEdgeBuckets() {
        assertEquals(63, QuantizeFunction.bucket(0));
        assertEquals(64, QuantizeFunction.bucket(1));
        assertEquals(65, QuantizeFunction.bucket(3));
        assertEquals(126, QuantizeFunction.bucket(1L << 62));
        assertEquals(126, QuantizeFunction.bucket(Long.MAX_VALUE));
        assertEquals(62, QuantizeFunction.bucket(-1));
        assertEquals(60, QuantizeFunction.bucket(-4));
        assertEquals(60, QuantizeFunction.bucket(-7));
        assertEquals(0, QuantizeFunction.bucket(-(1L << 62)));
        assertEquals(0, QuantizeFunction.bucket(Long.MIN_VALUE));
        assertEquals(-4611686018427387904L, QuantizeFunction.label(0));
        assertEquals(-1, QuantizeFunction.label(62));
        assertEquals(4611686018427387904L, QuantizeFunction.label(126));
    }

    @Test
    void shouldPrintRowsMinusOneZeroOneWhenAllCountsCancel() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.aggregate(AggregationKey.EMPTY, 5, 3);
        time.aggregate(AggregationKey.EMPTY, 5, -3);

        String empty = "|" + " ".repeat(40) + " 0        \n";
        assertEquals("\n" + HEADER
                + "              -1 " + empty
                + "               0 " + empty
                + "               1 " + empty
                + "\n", program.renderUnprinted());
    }

    @Test
    void shouldDrawNegativeOnlyBarsToTheLeft() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.aggregate(AggregationKey.EMPTY, 1, -123);

        List<String> rows = program.renderUnprinted().lines().toList();

        assertEquals("               0                                         | 0        ", rows.get(2));
        assertEquals("               1 @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@| -123     ", rows.get(3));
        assertEquals("               2                                         | 0        ", rows.get(4));
    }

    @Test
    void shouldSplitBarsAroundTheAxisForMixedSigns() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.aggregate(AggregationKey.EMPTY, 0, -123);
        time.aggregate(AggregationKey.EMPTY, -1, -123);
        time.aggregate(AggregationKey.EMPTY, 1, 246);

        List<String> rows = program.renderUnprinted().lines().toList();

        assertEquals("              -2                     |                     0        ", rows.get(2));
        assertEquals("              -1                @@@@@|                     -123     ", rows.get(3));
        assertEquals("               0                @@@@@|                     -123     ", rows.get(4));
        assertEquals("               1                     |@@@@@@@@@@           246      ", rows.get(5));
        assertEquals("               2                     |                     0        ", rows.get(6));
        for (int i = 2; i <= 6; i++) {
            assertEquals(68, rows.get(i).length());
        }
    }

    @Test
    void shouldKeepHeaderAndRowsAt68ColumnsAndLetWideCountsOverflow() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.aggregate(AggregationKey.EMPTY, 8, 12345678901L);

        List<String> lines = program.renderUnprinted().lines().toList();

        assertEquals("", lines.get(0));
        assertEquals(68, lines.get(1).length());
        assertEquals(68, lines.get(2).length());
        assertEquals("               8 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 12345678901", lines.get(3));
        assertEquals(70, lines.get(3).length());
    }

    @Test
    void shouldNotStepBelowTheLowestOrAboveTheHighestBucket() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.aggregate(Long.MIN_VALUE);
        time.aggregate(Long.MAX_VALUE);

        List<String> lines = program.renderUnprinted().lines().toList();

        assertTrue(lines.get(2).startsWith("-4611686018427387904 |@@@@@@@@@@@@@@@@@@@@"), lines.get(2));
        assertTrue(lines.get(3).startsWith("-2305843009213693952 |"), lines.get(3));
        assertTrue(lines.get(lines.size() - 2).startsWith("4611686018427387904 |@@@@@"), lines.get(lines.size() - 2));
        assertEquals(127 + 3, lines.size(), "every bucket from the first to the last is printed");
    }
}
