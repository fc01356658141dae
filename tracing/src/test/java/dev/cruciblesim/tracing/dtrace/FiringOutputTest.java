package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The non-quiet CPU/ID/FUNCTION:NAME framing of probe output and trace() (spec §1.3). */
class FiringOutputTest {
    private static final String HEADING = "CPU     ID                    FUNCTION:NAME\n";
    /** R3(0) R6(1) R32(":BEGIN") and the space before the records. */
    private static final String BEGIN_PREFIX = "  0      1                           :BEGIN ";

    private final DProgram program = new DProgram();

    @Test
    void shouldFrameTracedValuesUnderTheHeadingAsDTraceDoes() {
        program.firing(0, 1, "", "BEGIN").trace(1, 4).trace("hi").end();

        assertEquals(HEADING + BEGIN_PREFIX + "        1" + "  hi" + " ".repeat(31) + "\n", program.stdout());
        assertEquals(3 + 1 + 6 + 1 + 32, HEADING.length() - 1, "the heading is R3, R6 and R32 apart by spaces");
    }

    @Test
    void shouldPrintTheHeadingOnceAndAPrefixPerFiring() {
        program.firing(1, 57, "submit_write", "gw-write-start").trace(4096, 8).end();
        program.firing(0, 2, "", "END").printf(PrintFormat.compile("done %d"), 3).end();

        assertEquals(HEADING
                + String.format("%3d %6d %32s ", 1, 57, "submit_write:gw-write-start") + String.format(" %16d", 4096)
                + "\n"
                + "  0      2                             :END done 3\n", program.stdout());
    }

    @Test
    void shouldLetALongFunctionNamePushTheLineRight() {
        program.firing(0, 123456789, "a_function_name_of_thirty_chars", "probe-name").end();

        assertEquals(HEADING + "  0 123456789 a_function_name_of_thirty_chars:probe-name \n", program.stdout());
    }

    @Test
    void shouldPrintBareValuesWithoutHeadingOrNewlineWhenQuiet() {
        program.setQuiet(true);

        program.firing(0, 1, "", "BEGIN").trace(-7, 8).trace("x").printf(PrintFormat.compile("|%s\n"), "y").end();

        assertEquals("-7x|y\n", program.stdout());
    }

    @Test
    void shouldDecideTheHeadingAtTheFirstFiringEvenIfItIsQuiet() {
        program.setQuiet(true);
        program.firing(0, 1, "", "BEGIN").trace("q").end();
        program.setQuiet(false);

        program.firing(0, 2, "", "END").end();

        assertEquals("q" + "  0      2                             :END \n", program.stdout());
    }

    @Test
    void shouldTraceEachIntegerSizeAtItsWidthAndSignedness() {
        program.firing(0, 1, "", "BEGIN")
                .trace(0x1_0000_0005L, 4)
                .trace(-2, 2)
                .trace(-2, 1)
                .trace(Long.MIN_VALUE, 8)
                .end();

        assertEquals(HEADING + BEGIN_PREFIX + "        5" + " 65534" + " 254" + " -9223372036854775808" + "\n",
                program.stdout());
        assertThrows(IllegalArgumentException.class, () -> program.firing(0, 1, "", "BEGIN").trace(1, 3));
    }

    @Test
    void shouldPutAFormatlessPrintaBetweenThePrefixAndTheClosingNewline() {
        Aggregation calls = program.aggregation("calls", AggregationFunction.count());
        calls.increment();

        program.firing(0, 3, "", "tick-1s").printa(calls).end();

        assertEquals(HEADING + String.format("%3d %6d %32s \n", 0, 3, ":tick-1s") + "                1\n" + "\n",
                program.stdout());
        assertTrue(calls.isPrinted());
    }

    @Test
    void shouldRefuseASecondEnd() {
        FiringOutput firing = program.firing(0, 1, "", "BEGIN");
        firing.end();

        assertThrows(IllegalStateException.class, firing::end);
    }

    @Test
    void shouldKeepTheHeadingFirstAndEveryFiringWholeAcrossThreads() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            final int cpu = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    program.firing(cpu, 10 + cpu, "f", "n").trace(i, 8).end();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        List<String> lines = program.stdout().lines().toList();
        assertEquals(HEADING.strip(), lines.get(0));
        assertEquals(1 + 4 * 500, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            assertEquals(3 + 1 + 6 + 1 + 32 + 1 + 17, line.length(), line);
        }
    }
}
