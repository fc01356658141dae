package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SortOrderTest {
    private final DProgram program = new DProgram();

    private static List<String> keyLines(String dump) {
        return dump.lines().filter(line -> !line.isEmpty()).map(String::strip).toList();
    }

    @Test
    void shouldSortCountsByValueThenKey() {
        Aggregation calls = program.aggregation("calls", AggregationFunction.count(), KeyType.STRING);
        for (int i = 0; i < 3; i++) {
            calls.aggregate("zebra", 0);
        }
        calls.aggregate("beta", 0);
        calls.aggregate("alpha", 0);

        assertEquals(List.of("alpha                                                             1",
                "beta                                                              1",
                "zebra                                                             3"),
                keyLines(program.renderUnprinted()));
    }

    @Test
    void shouldSortQuantizeByWeightedSumThenZeroBucket() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
        time.aggregate("big", 1024);
        time.aggregate("small", 2);
        time.aggregate("small", 4);
        // Equal weighted sums (0): the one with fewer values in the zero bucket comes first.
        time.aggregate("zeros2", 0);
        time.aggregate("zeros2", 0);
        time.aggregate("zeros1", 0);

        List<String> keys = program.renderUnprinted().lines()
                .filter(line -> line.startsWith("  ") && !line.contains("|") && !line.contains("Distribution"))
                .map(String::strip).toList();

        assertEquals(List.of("zeros1", "zeros2", "small", "big"), keys);
    }

    @Test
    void shouldCompareIntegerKeysUnsigned() {
        Aggregation calls = program.aggregation("calls", AggregationFunction.count(), KeyType.INT64);
        calls.aggregate(-1L, 0);
        calls.aggregate(2L, 0);
        calls.aggregate(1L, 0);

        assertEquals(record(1) + record(2) + record(-1), program.renderUnprinted());
    }

    @Test
    void shouldOrderAggregationsByFirstMentionNotByName() {
        Aggregation zz = program.aggregation("zz", AggregationFunction.sum());
        Aggregation aa = program.aggregation("aa", AggregationFunction.sum());
        aa.aggregate(1);
        zz.aggregate(1000);

        assertEquals(1, zz.variableId());
        assertEquals(2, aa.variableId());
        assertEquals("             1000\n" + "                1\n", program.renderUnprinted());
    }

    /** A count of 1 under one 8-byte key: two "␠"+R16 fields. */
    private static String record(long key) {
        return String.format(" %16d %16d\n", key, 1);
    }

    @Test
    void shouldSortByKeyWithAggsortkeyAndReverseWithAggsortrev() {
        Aggregation calls = program.aggregation("calls", AggregationFunction.count(), KeyType.STRING);
        calls.aggregate("b", 0);
        calls.aggregate("a", 0);
        calls.aggregate("a", 0);
        calls.aggregate("c", 0);
        calls.aggregate("c", 0);
        calls.aggregate("c", 0);

        program.setSortOptions(new SortOptions(true, false, 0, 0));
        assertEquals(List.of("a", "b", "c"), firstWords(program.renderUnprinted()));
        program.setSortOptions(new SortOptions(true, true, 0, 0));
        assertEquals(List.of("c", "b", "a"), firstWords(program.renderUnprinted()));
        program.setSortOptions(new SortOptions(false, true, 0, 0));
        assertEquals(List.of("c", "a", "b"), firstWords(program.renderUnprinted()));
    }

    @Test
    void shouldStartKeyComparisonAtAggsortkeypos() {
        Aggregation calls = program.aggregation("calls", AggregationFunction.count(), KeyType.STRING, KeyType.INT64);
        calls.aggregate("a", 2, 0);
        calls.aggregate("b", 1, 0);
        program.setSortOptions(new SortOptions(true, false, 1, 0));

        assertEquals(List.of("b", "a"), firstWords(program.renderUnprinted()));
    }

    private static List<String> firstWords(String dump) {
        return dump.lines().map(String::strip).map(line -> line.split(" ")[0]).toList();
    }
}
