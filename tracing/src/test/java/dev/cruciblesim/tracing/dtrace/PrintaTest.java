package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrintaTest {
    private final DProgram program = new DProgram();

    private Aggregation keylessCount(String name, int times) {
        Aggregation count = program.aggregation(name, AggregationFunction.count());
        for (int i = 0; i < times; i++) {
            count.increment();
        }
        return count;
    }

    @Test
    void shouldPrintTracegwLinesWithOnlyTheFirstIndented() {
        Aggregation readStart = keylessCount("read_start", 1000);
        Aggregation readDone = keylessCount("read_done", 1000);
        Aggregation writeStart = keylessCount("write_start", 1000);
        Aggregation writeDone = keylessCount("write_done", 999);

        program.printa(" read_start:%@d    read_end:%@d\n", readStart, readDone);
        program.printa("write_start:%@d   write_end:%@d\n", writeStart, writeDone);

        assertEquals(" read_start:1000    read_end:1000\nwrite_start:1000   write_end:999\n", program.stdout());
    }

    @Test
    void shouldPrintZeroForAKeyMissingFromOneAggregation() {
        Aggregation starts = keylessCount("starts", 3);
        Aggregation dones = program.aggregation("dones", AggregationFunction.count());

        program.printa("%@d/%@d\n", starts, dones);

        assertEquals("3/0\n", program.stdout());
    }

    @Test
    void shouldPrintNothingWhenNoAggregationHasData() {
        Aggregation starts = program.aggregation("starts", AggregationFunction.count());
        Aggregation dones = program.aggregation("dones", AggregationFunction.count());

        program.printa("%@d/%@d\n", starts, dones);

        assertEquals("", program.stdout());
        assertTrue(starts.isPrinted());
    }

    @Test
    void shouldConsumeKeysWithPlainConversionsAndValuesWithAt() {
        Aggregation bytes = program.aggregation("bytes", AggregationFunction.sum(), KeyType.STRING, KeyType.INT32);
        bytes.aggregate("Amsterdam", 17, -3);
        bytes.aggregate("Berlin", 8, 40);

        program.printa("%20s %8d %8@d\n", bytes);

        assertEquals("           Amsterdam       17       -3\n"
                + "              Berlin        8       40\n", program.stdout());
    }

    @Test
    void shouldRepeatTheLastAggregationForExtraValueConversions() {
        Aggregation a = program.aggregation("a", AggregationFunction.sum());
        Aggregation b = program.aggregation("b", AggregationFunction.sum());
        a.aggregate(1);
        b.aggregate(2);

        program.printa("%@d %@d %@d|x|\n", a, b);

        assertEquals("1 2 2|x|\n", program.stdout());
    }

    @Test
    void shouldPrintTheWholeHistogramForAnyAtConversion() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
        time.aggregate("flush", 1048576);

        program.printa("op %s:%8@d<end>\n", time);

        String out = program.stdout();
        assertTrue(out.startsWith("op flush:\n           value  ---"), out);
        assertTrue(out.endsWith("         2097152 |                                         0        \n<end>\n"), out);
    }

    @Test
    void shouldLeaveAggregationsPrintedByPrintaOutOfTheEndDump() {
        Aggregation shown = keylessCount("shown", 1);
        keylessCount("dumped", 2);
        program.printa("%@d\n", shown);

        program.end(RunEnd.EXIT, null);

        assertEquals("1\n" + "\n" + "                2\n", program.stdout());
    }

    @Test
    void shouldPrintKeysOnceAndEachValueInFormatlessMultiPrinta() {
        Aggregation a = program.aggregation("a", AggregationFunction.count(), KeyType.STRING);
        Aggregation b = program.aggregation("b", AggregationFunction.max(), KeyType.STRING);
        a.aggregate("x", 0);
        b.aggregate("x", 7);
        b.aggregate("y", -7);

        program.printa(a, b);

        assertEquals("\n"
                + "  y" + " ".repeat(49) + "                0               -7\n"
                + "  x" + " ".repeat(49) + "                1                7\n", program.stdout());
    }

    @Test
    void shouldRejectMoreKeyConversionsThanKeys() {
        Aggregation a = keylessCount("a", 1);

        assertThrows(IllegalArgumentException.class, () -> program.printa("%s %@d\n", a));
    }

    @Test
    void shouldRejectJoiningAggregationsWithDifferentKeys() {
        Aggregation a = program.aggregation("a", AggregationFunction.count(), KeyType.STRING);
        Aggregation b = program.aggregation("b", AggregationFunction.count(), KeyType.INT64);

        assertThrows(IllegalArgumentException.class, () -> program.printa(a, b));
    }
}
