package dev.cruciblesim.tracing.d;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.DProgram;
import dev.cruciblesim.tracing.dtrace.RunEnd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * stddev, llquantize and lquantize through the D engine, printa formats, the sort pragmas, and the
 * aggregation actions clear, trunc, normalize and denormalize. Expectations are written from the
 * spec's rules (histogram rows §3 to §5, order §6, formats §7); the histograms are also checked
 * against the dtrace package's own rendering of the same values.
 */
class AggregationActionsTest {
    private static final String PREFIX = "dtrace: failed to compile script x.d: ";
    /** §3.3: "\n", R16("value"), the Distribution title in R41, L9("count"). */
    private static final String HEADER = "\n" + String.format("%16s %41s %-9s\n", "value",
            "------------- Distribution -------------", "count");

    private final Components upstairs = new Components(1);

    private void fireReads(long... arg0s) {
        for (long arg0 : arg0s) {
            upstairs.fire("gw-read-start", arg0);
        }
    }

    /** §3.4: R16(label) |, D '@' in 40 columns, a space, L9(count); D = floor(count * 40 / total + 0.5). */
    private static String row(String label, long count, long total) {
        int bars = (int) Math.floor(count * 40.0 / total + 0.5);
        return String.format("%16s |%-40s %-9d\n", label, "@".repeat(bars), count);
    }

    /** @return the rows of the histogram {@code counts} (label to count, in row order) with the given total */
    private static String rows(List<String> labels, Map<String, Long> counts, long total) {
        StringBuilder out = new StringBuilder();
        for (String label : labels) {
            out.append(row(label, counts.getOrDefault(label, 0L), total));
        }
        return out.toString();
    }

    /** The END dump of one keyless aggregation fed {@code values}, as the dtrace package prints it. */
    private static String referenceDump(AggregationFunction function, long... values) {
        DProgram reference = new DProgram();
        Aggregation aggregation = reference.aggregation("l", function);
        for (long value : values) {
            aggregation.aggregate(value);
        }
        reference.end(RunEnd.EXIT, null);
        return reference.stdout();
    }

    /** Runs {@code source} quietly on fresh components, fires gw-read-start with {@code arg0s}, ends the run. */
    private static String endDump(String source, long... arg0s) {
        Components components = new Components(1);
        DScript script = components.run(source, Scripts.QUIET);
        for (long arg0 : arg0s) {
            components.fire("gw-read-start", arg0);
        }
        script.finish(RunEnd.EXIT);
        return script.stdout();
    }

    // ---- llquantize, lquantize, stddev -------------------------------------------------------------

    /** §5.1: factor 10, magnitudes 0 to 2, 10 steps: < 1, 1..9 by 1, 10..90 by 10, 100..900 by 100, >= 1000. */
    @Test
    void shouldPrintEveryLlquantizeBucketBetweenTheUnderflowAndOverflowRows() {
        String dump = endDump("gw-read-start { @l = llquantize(arg0, 10, 0, 2, 10); }", 0, 5, 25, 250, 5_000);

        List<String> labels = new ArrayList<>(List.of("< 1"));
        for (long order = 1; order <= 100; order *= 10) {
            for (long bucket = order; bucket < order * 10; bucket += order) {
                labels.add(Long.toString(bucket));
            }
        }
        labels.add(">= 1000");
        Map<String, Long> counts = Map.of("< 1", 1L, "5", 1L, "20", 1L, "200", 1L, ">= 1000", 1L);
        // Keyless: the pre-dump newline, then the histogram's own leading newline, then the record's.
        assertEquals("\n" + HEADER + rows(labels, counts, 5) + "\n", dump);
        assertEquals(referenceDump(AggregationFunction.llquantize(10, 0, 2, 10), 0, 5, 25, 250, 5_000), dump);
    }

    /** §5.2: one zero row each side of the data; no "< 1" or ">= N" row when the data stays inside. */
    @Test
    void shouldPrintOneZeroLlquantizeRowEachSideOfTheData() {
        String dump = endDump("gw-read-start { @l = llquantize(arg0, 10, 0, 2, 10); }", 15, 35, 35);

        assertEquals("\n" + HEADER + rows(List.of("9", "10", "20", "30", "40"), Map.of("10", 1L, "30", 2L), 3)
                + "\n", dump);
        assertEquals(referenceDump(AggregationFunction.llquantize(10, 0, 2, 10), 15, 35, 35), dump);
    }

    @Test
    void shouldWeighLlquantizeByItsIncrement() {
        String dump = endDump("gw-read-start { @l = llquantize(arg0, 2, 0, 4, 2, 3); }", 5);

        // factor 2, 2 steps: order 2 is [4, 8) in steps of 8 / 2 = 4; 5 lands in bucket 4 with weight 3.
        assertEquals("\n" + HEADER + rows(List.of("2", "4", "8"), Map.of("4", 3L), 3) + "\n", dump);
    }

    /** §4: levels = 5, buckets < 0, 0, 2, 4, 6, 8, >= 10; one zero row each side of the data. */
    @Test
    void shouldPrintLquantizeRowsWithZeroRowsBetweenAndAround() {
        String dump = endDump("gw-read-start { @q[\"r\"] = lquantize(arg0, 0, 10, 2); }", 3, 3, 7);

        String key = String.format("  %-50s", "r");
        assertEquals("\n" + key + HEADER + rows(List.of("0", "2", "4", "6", "8"), Map.of("2", 2L, "6", 1L), 3)
                + "\n", dump);
    }

    @Test
    void shouldPrintLquantizesUnderflowAndOverflowRows() {
        String dump = endDump("gw-read-start { @q = lquantize((int64_t)arg0 - 5, 0, 10, 5); }", 1, 100);

        assertEquals("\n" + HEADER + rows(List.of("< 0", "0", "5", ">= 10"), Map.of("< 0", 1L, ">= 10", 1L), 2)
                + "\n", dump);
    }

    /**
     * DTrace computes stddev in integers: sqrt(sumsq / n - (sum / n)^2). For 2, 4, 4, 4, 5, 5, 7, 9 that
     * is sqrt(29 - 25) = 2; for 1 and 2 it is sqrt(5 / 2 - 1) = sqrt(1) = 1, not the real 0.5.
     */
    @Test
    void shouldPrintStddevAsATruncatedInteger() {
        String dump = endDump("gw-read-start { @s[arg0 < 10 ? \"a\" : \"b\"] = stddev(arg0 % 100); }", 2, 4, 4, 4,
                5, 5, 7, 9, 101, 102);

        // Value order: b (1) before a (2).
        assertEquals("\n" + String.format("  %-50s %16d\n", "b", 1) + String.format("  %-50s %16d\n", "a", 2), dump);
    }

    // ---- printa formats ---------------------------------------------------------------------------------

    @Test
    void shouldPrintaSeveralAggregationsThroughAtConversionsInTheFirstsValueOrder() {
        DScript script = upstairs.run("gw-read-start, gw-write-start { @a[probename] = count(); }"
                + " gw-read-start { @b[probename] = sum(arg0); }"
                + " END { printa(\"%-16s|%@4d|%@-3d|\\n\", @a, @b); }", Scripts.QUIET);
        fireReads(10, 20);
        upstairs.fire("gw-write-start", 1);
        script.finish(RunEnd.EXIT);

        // gw-write-start has no @b entry: it prints @b's zero. Nothing is dumped again.
        assertEquals("gw-write-start  |   1|0  |\n" + "gw-read-start   |   2|30 |\n" + "\n", script.stdout());
    }

    @Test
    void shouldPrintAWholeHistogramForAnAtConversionAndRepeatTheLastAggregation() {
        DScript script = upstairs.run("gw-read-start { @q = quantize(arg0); @n = count(); }"
                + " END { printa(\"n=%@d q=%@d n=%@d.\\n\", @n, @q); }", Scripts.QUIET);
        fireReads(1);
        script.finish(RunEnd.EXIT);

        String histogram = HEADER + rows(List.of("0", "1", "2"), Map.of("1", 1L), 1);
        assertEquals("n=1 q=" + histogram + " n=" + histogram + ".\n" + "\n", script.stdout());
    }

    // ---- sort pragmas -----------------------------------------------------------------------------------

    /**
     * Keys 1, 2, 3 with sums 30, 10, 20 (and @b = 100 - @a), printed by {@code printa} under
     * {@code pragmas}; the END dump then prints whichever of them printa did not.
     */
    private String sorted(String pragmas, String printa) {
        DScript script = upstairs.run(pragmas + "gw-read-start { @a[arg0 % 10] = sum(arg0 / 10);"
                + " @b[arg0 % 10] = sum(100 - arg0 / 10); } END { " + printa + " }", Scripts.QUIET);
        fireReads(301, 102, 203);
        script.finish(RunEnd.EXIT);
        return script.stdout();
    }

    private static String keyValue(long... keysAndValues) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.append(String.format("%17d%17d\n", keysAndValues[i], keysAndValues[i + 1]));
        }
        return out.toString();
    }

    @Test
    void shouldSortByValueThenByTheSortPragmas() {
        assertEquals("\n" + keyValue(2, 10, 3, 20, 1, 30) + "\n" + keyValue(1, 70, 3, 80, 2, 90),
                sorted("", "printa(@a);"));
        assertEquals("\n" + keyValue(1, 30, 2, 10, 3, 20) + "\n" + keyValue(1, 70, 2, 90, 3, 80),
                sorted("#pragma D option aggsortkey\n", "printa(@a);"));
        assertEquals("\n" + keyValue(1, 30, 3, 20, 2, 10) + "\n" + keyValue(2, 90, 3, 80, 1, 70),
                sorted("#pragma D option aggsortrev\n", "printa(@a);"));
        assertEquals("\n" + keyValue(3, 20, 2, 10, 1, 30) + "\n" + keyValue(3, 80, 2, 90, 1, 70),
                sorted("#pragma D option aggsortkey\n#pragma D option aggsortrev\n", "printa(@a);"));
    }

    @Test
    void shouldSortAMultiAggregationPrintaByTheValueAggsortposNames() {
        assertEquals("2 10 90\n3 20 80\n1 30 70\n\n", sorted("", "printa(\"%d %@d %@d\\n\", @a, @b);"));
        assertEquals("1 30 70\n3 20 80\n2 10 90\n\n",
                sorted("#pragma D option aggsortpos=1\n", "printa(\"%d %@d %@d\\n\", @a, @b);"));
    }

    @Test
    void shouldCompareKeysFromAggsortkeyposOn() {
        String source = "gw-read-start { @c[arg0 % 10, arg0 / 10] = count(); } END { printa(\"%d,%d \", @c); }";

        assertEquals("1,1 1,2 2,1 \n", endDump("#pragma D option aggsortkey\n" + source, 12, 21, 11));
        assertEquals("1,1 2,1 1,2 \n", endDump("#pragma D option aggsortkey\n#pragma D option aggsortkeypos=1\n"
                + source, 12, 21, 11));
    }

    // ---- clear, trunc, normalize, denormalize -----------------------------------------------------------

    @Test
    void shouldClearValuesAndKeepKeys() {
        DScript script = upstairs.run("gw-read-start { @c[arg0] = count(); }"
                + " gw-write-start { printa(@c); clear(@c); printa(@c); }", Scripts.QUIET);
        fireReads(1, 2, 2);
        upstairs.fire("gw-write-start", 0);
        fireReads(2);
        upstairs.fire("gw-write-start", 0);

        assertEquals("\n" + keyValue(1, 1, 2, 2) + "\n" + keyValue(1, 0, 2, 0)
                + "\n" + keyValue(1, 0, 2, 1) + "\n" + keyValue(1, 0, 2, 0), script.stdout());
    }

    @Test
    void shouldTruncToTheLargestOrTheSmallestOrNothing() {
        String fill = "gw-read-start { @s[arg0 % 10] = sum(arg0 / 10); }";
        assertEquals("\n" + keyValue(4, 30, 2, 40), endDump(fill + " END { trunc(@s, 2); }", 101, 402, 203, 304));
        assertEquals("\n" + keyValue(1, 10), endDump(fill + " END { trunc(@s, -1); }", 101, 402, 203, 304));
        assertEquals("\n" + "\n", endDump(fill + " END { trunc(@s); printa(@s); }", 101, 402),
                "printa of an emptied aggregation prints its leading newline only");
    }

    @Test
    void shouldPrintTheKeysASecondTruncLeftAfterTheyFireAgain() {
        DScript script = upstairs.run("gw-read-start { @c[arg0] = count(); } gw-write-start { trunc(@c); }",
                Scripts.QUIET);
        fireReads(1, 2);
        upstairs.fire("gw-write-start", 0);
        fireReads(3);
        script.finish(RunEnd.EXIT);

        assertEquals("\n" + keyValue(3, 1), script.stdout());
    }

    @Test
    void shouldNormalizeThePrintedValuesAndDenormalizeThemBack() {
        DScript script = upstairs.run("gw-read-start { @s[arg0 % 10] = sum(arg0); }"
                + " gw-write-start { normalize(@s, 10); printa(@s); denormalize(@s); printa(\"%d:%@d \", @s); }",
                Scripts.QUIET);
        fireReads(11, 27, 13, 13, 3);
        upstairs.fire("gw-write-start", 0);

        // Sums 11, 27 and 29 print as 1, 2 and 2; the order stays the raw values' (7 before 3), as in DTrace.
        assertEquals("\n" + keyValue(1, 1, 7, 2, 3, 2) + "1:11 7:27 3:29 ", script.stdout());
    }

    @Test
    void shouldReportNormalizingByZeroAsTheFiringsFault() {
        DScript script = upstairs.run("gw-read-start { @s = sum(arg0); } gw-write-start { normalize(@s, arg0); }",
                Scripts.QUIET);
        fireReads(5);
        upstairs.fire("gw-write-start", 0);
        script.finish(RunEnd.EXIT);

        assertEquals("\n" + String.format("%17d\n", 5), script.stdout());
        assertEquals(1, script.stderrLines().size());
        assertEquals(true, script.stderrLines().get(0).endsWith("): divide-by-zero in action #1"),
                script.stderrLines().get(0));
    }

    // ---- compile errors ---------------------------------------------------------------------------------

    @Test
    void shouldRejectBadLlquantizeArgumentsWithDtracesMessages() {
        assertEquals(PREFIX + "line 2: llquantize( ) factor (argument #1) must be two or more",
                Scripts.compileError("BEGIN {\n@l = llquantize(1, 1, 0, 2, 10); }").getMessage());
        assertEquals(PREFIX + "line 1: llquantize( ) argument #3 (high magnitude) must be an integer constant",
                Scripts.compileError("BEGIN { x = 2; @l = llquantize(1, 10, 0, x, 10); }").getMessage());
        assertEquals(PREFIX + "line 1: llquantize( ) factor (argument #1) must evenly divide the number of steps "
                + "per magnitude (argument #4), and the number of steps per magnitude must evenly divide a power "
                + "of the factor", Scripts.compileError("BEGIN { @l = llquantize(1, 10, 0, 2, 15); }").getMessage());
        assertEquals(PREFIX + "line 1: llquantize( ) prototype mismatch: 4 args passed, at least 5 expected",
                Scripts.compileError("BEGIN { @l = llquantize(1, 10, 0, 2); }").getMessage());
        assertEquals(PREFIX + "line 1: @l: aggregating function redefined",
                Scripts.compileError("BEGIN { @l = llquantize(1, 10, 0, 2, 10); @l = llquantize(1, 10, 0, 3, 10); }")
                        .getMessage());
    }

    @Test
    void shouldRejectBadAggregationActionArguments() {
        assertEquals(PREFIX + "line 1: trunc( ) prototype mismatch: 3 args passed, 1 or 2 expected",
                Scripts.compileError("BEGIN { @a = count(); trunc(@a, 1, 2); }").getMessage());
        assertEquals(PREFIX + "line 1: normalize( ) argument #2 must be of scalar type",
                Scripts.compileError("BEGIN { @a = count(); normalize(@a, \"x\"); }").getMessage());
        assertEquals(PREFIX + "line 1: clear( ) argument must be an aggregation",
                Scripts.compileError("BEGIN { clear(1); }").getMessage());
        assertEquals(PREFIX + "line 1: stddev( ) prototype mismatch: 0 args passed, 1 expected",
                Scripts.compileError("BEGIN { @a = stddev(); }").getMessage());
    }
}
