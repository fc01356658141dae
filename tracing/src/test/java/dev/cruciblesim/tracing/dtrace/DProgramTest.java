package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DProgramTest {
    private final DProgram program = new DProgram();

    @Test
    void shouldEndAnExitedRunWithNewlineThenTheDump() {
        Aggregation a = program.aggregation("a", AggregationFunction.count());
        a.increment();
        a.increment();

        program.end(RunEnd.EXIT, null);

        assertEquals("\n" + "                2\n", program.stdout());
    }

    @Test
    void shouldWriteTheInterruptNewlineBeforeTheEndClause() {
        program.aggregation("a", AggregationFunction.count()).increment();

        program.end(RunEnd.INTERRUPT, () -> program.printf(PrintFormat.compile("END\n")));

        assertEquals("\n" + "END\n" + "\n" + "                1\n", program.stdout());
    }

    @Test
    void shouldReproduceTheBonusPerfgwRunOf1544Bytes() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
        time.aggregate(AggregationKey.of("flush"), 1048576, 1);
        time.aggregate(AggregationKey.of("flush"), 33554432, 353);
        time.aggregate(AggregationKey.of("flush"), 67108864, 647);
        time.aggregate(AggregationKey.of("read"), 33554432, 353);
        time.aggregate(AggregationKey.of("read"), 67108864, 647);
        time.aggregate(AggregationKey.of("write"), 33554432, 355);
        time.aggregate(AggregationKey.of("write"), 67108864, 645);

        program.end(RunEnd.INTERRUPT, null);

        String expected = "\n\n" + SpecVectors.BONUS_WRITE + SpecVectors.BONUS_READ + SpecVectors.V3_PERFGW_FLUSH;
        assertEquals(expected, program.stdout());
        assertEquals(1544, program.stdout().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void shouldPutABlankLineBeforeAKeylessHistogram() {
        program.aggregation("t", AggregationFunction.quantize()).aggregate(1);

        program.end(RunEnd.EXIT, null);

        assertEquals("\n\n           value  ------------- Distribution ------------- count    \n"
                + "               0 |                                         0        \n"
                + "               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n"
                + "               2 |                                         0        \n"
                + "\n", program.stdout());
    }

    @Test
    void shouldPrintNothingForAggregationsThatNeverFired() {
        program.aggregation("never", AggregationFunction.quantize(), KeyType.STRING);

        program.end(RunEnd.EXIT, null);

        assertEquals("\n", program.stdout());
    }

    @Test
    void shouldStopTracingAndRefuseASecondEnd() {
        program.end(RunEnd.EXIT, null);

        assertFalse(program.isTracing());
        assertThrows(IllegalStateException.class, () -> program.end(RunEnd.EXIT, null));
    }

    @Test
    void shouldRejectADuplicateName() {
        program.aggregation("a", AggregationFunction.count());

        assertThrows(IllegalArgumentException.class, () -> program.aggregation("a", AggregationFunction.sum()));
    }

    @Test
    void shouldRejectAKeyOfTheWrongShape() {
        Aggregation a = program.aggregation("a", AggregationFunction.count(), KeyType.STRING, KeyType.INT64);

        assertThrows(IllegalArgumentException.class, () -> a.aggregate("only one field", 0));
        assertThrows(IllegalArgumentException.class, () -> a.aggregate(AggregationKey.of(1L, "swapped"), 0));
    }
}
