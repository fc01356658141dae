package dev.cruciblesim.tracing.d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.AggregationKey;
import dev.cruciblesim.tracing.dtrace.DProgram;
import dev.cruciblesim.tracing.dtrace.KeyType;
import dev.cruciblesim.tracing.dtrace.RunEnd;
import dev.cruciblesim.tracing.dtrace.SortOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Aggregations, printf, printa, trace, exit, setopt and the sort pragmas. Where the output is a
 * dump, the expectation is the same data put through {@link DProgram} by hand: these tests check
 * what the compiler hands the printing layer (functions, key types, variable ids, sort options),
 * which DProgram's own tests check byte by byte against the spec.
 */
class ActionsTest {
    private final Components upstairs = new Components(1);

    private void fireReads(long... gwIds) {
        for (long gwId : gwIds) {
            upstairs.fire("gw-read-start", gwId);
        }
    }

    @Test
    void shouldDumpAKeylessCountAfterExitAsTheTestSuiteShows() {
        DScript script = upstairs.run("BEGIN { @a = count(); @a = count(); exit(0); }", Scripts.QUIET);

        assertTrue(script.isExitRequested());
        assertEquals(0, script.exitStatus());
        script.finish(RunEnd.EXIT);
        assertEquals("\n                2\n", script.stdout());
    }

    @Test
    void shouldStopTracingAtExitAndTellListenersOnce() {
        AtomicInteger told = new AtomicInteger();
        DScript script = DScript.compile("gw-read-start { @n = count(); } gw-read-start /arg0 == 2/ { exit(3); }",
                "x.d", Scripts.QUIET);
        script.onExit(told::incrementAndGet);
        script.enable(upstairs.registry);
        fireReads(1, 2, 3, 4);

        assertEquals(3, script.exitStatus());
        assertEquals(1, told.get());
        script.finish(RunEnd.EXIT);
        assertEquals("\n                2\n", script.stdout(), "the firings after exit() were not traced");
    }

    @Test
    void shouldAggregateEveryFunctionWithTheKeyTypesOfItsKeys() {
        DScript script = upstairs.run("gw-read-start { @c[probename, arg0 % 3] = count(); @s[pid] = sum(arg0);"
                + " @a[1] = avg(arg0); @mn[arg0 > 3] = min(arg0); @mx = max(arg0); @q[\"q\"] = quantize(arg0, 3);"
                + " @l = lquantize(arg0, 0, 10, 2); }");
        fireReads(1, 2, 3, 4, 5, 6, 7, 12);
        script.finish(RunEnd.EXIT);

        DProgram reference = new DProgram();
        Aggregation c = reference.aggregation("c", AggregationFunction.count(), KeyType.STRING, KeyType.INT64);
        Aggregation s = reference.aggregation("s", AggregationFunction.sum(), KeyType.INT32);
        Aggregation a = reference.aggregation("a", AggregationFunction.avg(), KeyType.INT32);
        Aggregation mn = reference.aggregation("mn", AggregationFunction.min(), KeyType.INT32);
        Aggregation mx = reference.aggregation("mx", AggregationFunction.max());
        Aggregation q = reference.aggregation("q", AggregationFunction.quantize(), KeyType.STRING);
        Aggregation l = reference.aggregation("l", AggregationFunction.lquantize(0, 10, 2));
        for (long v : new long[] {1, 2, 3, 4, 5, 6, 7, 12}) {
            c.aggregate(AggregationKey.of("gw-read-start", v % 3), 0, 1);
            s.aggregate(AggregationKey.of(1L), v, 1);
            a.aggregate(AggregationKey.of(1L), v, 1);
            mn.aggregate(AggregationKey.of(v > 3 ? 1L : 0L), v, 1);
            mx.aggregate(v);
            q.aggregate(AggregationKey.of("q"), v, 3);
            l.aggregate(AggregationKey.EMPTY, v, 1);
        }
        reference.end(RunEnd.EXIT, null);
        assertEquals(reference.stdout(), script.stdout());
        assertEquals(List.of(KeyType.STRING, KeyType.INT64), script.aggregations().get(0).keyTypes());
        assertEquals(List.of(KeyType.INT32), script.aggregations().get(1).keyTypes());
    }

    @Test
    void shouldNumberAggregationsInFirstMentionOrderNotFiringOrder() {
        DScript script = upstairs.run("gw-read-done { @b = count(); } gw-read-start { @a = count(); }");
        upstairs.fire("gw-read-start", 1);
        upstairs.fire("gw-read-done", 1);
        upstairs.fire("gw-read-done", 2);
        script.finish(RunEnd.EXIT);

        assertEquals("\n                2\n                1\n", script.stdout());
        assertEquals(List.of("b", "a"), script.aggregations().stream().map(Aggregation::name).toList());
    }

    @Test
    void shouldPrintaWithAFormatInValueOrderAndLeaveItOutOfTheDump() {
        DScript script = upstairs.run("gw-read-start { @c[probename, arg0] = count(); @n = count(); }"
                + " END { printa(\"%s %d=%@d\\n\", @c); }", Scripts.QUIET);
        fireReads(5, 9, 9, 5, 9, 1);
        script.finish(RunEnd.INTERRUPT);

        assertEquals("\ngw-read-start 1=1\ngw-read-start 5=2\ngw-read-start 9=3\n\n                6\n",
                script.stdout());
    }

    @Test
    void shouldPrintaSeveralAggregationsWithoutAFormatJoinedByKey() {
        DScript script = upstairs.run("gw-read-start { @c[arg0] = count(); @s[arg0] = sum(arg0); }"
                + " gw-read-done { @s[arg0] = sum(arg0); } END { printa(@c, @s); }", Scripts.QUIET);
        fireReads(2, 2, 3);
        upstairs.fire("gw-read-done", 8);
        script.finish(RunEnd.EXIT);

        DProgram reference = new DProgram();
        Aggregation c = reference.aggregation("c", AggregationFunction.count(), KeyType.INT64);
        Aggregation s = reference.aggregation("s", AggregationFunction.sum(), KeyType.INT64);
        for (long v : new long[] {2, 2, 3}) {
            c.aggregate(AggregationKey.of(v), 0, 1);
            s.aggregate(AggregationKey.of(v), v, 1);
        }
        s.aggregate(AggregationKey.of(8L), 8, 1);
        reference.end(RunEnd.EXIT, () -> reference.printa(c, s));
        assertEquals(reference.stdout(), script.stdout());
        assertTrue(script.stdout().contains("               8                0                8\n"), script.stdout());
    }

    @Test
    void shouldSortByTheOptionsThePragmasSet() {
        String clauses = "gw-read-start { @s[arg0, probename] = sum(1000 - arg0); }";
        for (String[] pragmas : new String[][] {{}, {"aggsortkey"}, {"aggsortrev"}, {"aggsortkey", "aggsortrev"},
            {"aggsortkey", "aggsortkeypos=1"}}) {
            StringBuilder source = new StringBuilder();
            boolean byKey = false;
            boolean reverse = false;
            int keyPos = 0;
            for (String pragma : pragmas) {
                source.append("#pragma D option ").append(pragma).append('\n');
                byKey |= pragma.equals("aggsortkey");
                reverse |= pragma.equals("aggsortrev");
                keyPos = pragma.startsWith("aggsortkeypos=") ? 1 : keyPos;
            }
            Components components = new Components(1);
            DScript script = components.run(source + clauses);
            for (long gwId : new long[] {3, 1, 2, 900}) {
                components.fire("gw-read-start", gwId);
            }
            script.finish(RunEnd.EXIT);

            DProgram reference = new DProgram();
            reference.setSortOptions(new SortOptions(byKey, reverse, keyPos, 0));
            Aggregation s = reference.aggregation("s", AggregationFunction.sum(), KeyType.INT64, KeyType.STRING);
            for (long gwId : new long[] {3, 1, 2, 900}) {
                s.aggregate(AggregationKey.of(gwId, "gw-read-start"), 1000 - gwId, 1);
            }
            reference.end(RunEnd.EXIT, null);
            assertEquals(reference.stdout(), script.stdout(), String.join(",", pragmas));
        }
    }

    @Test
    void shouldChangeTheSortOrderWithSetoptWhileRunning() {
        DScript script = upstairs.run("gw-read-start { @s[arg0] = sum(10 - arg0); } END { setopt(\"aggsortkey\"); }",
                Scripts.QUIET);
        fireReads(1, 2, 3);
        script.finish(RunEnd.EXIT);

        assertEquals("\n" + String.format("%17d%17d\n%17d%17d\n%17d%17d\n", 1, 9, 2, 8, 3, 7), script.stdout());
    }

    @Test
    void shouldTraceBareWhenQuietAndAtTheTypesWidthOtherwise() {
        assertEquals("42ab", upstairs.run("BEGIN { trace(42); trace(\"ab\"); }", Scripts.QUIET).stdout());
        assertEquals(NonQuietOutputTest.HEADING + NonQuietOutputTest.BEGIN_ROW + "               42        7  ab"
                + " ".repeat(31) + " 255\n",
                new Components(2).run("BEGIN { trace((int64_t)42); trace(7); trace(\"ab\"); trace((uint8_t)255); }")
                        .stdout());
    }

    /** The firing that sets quiet keeps the framing it started with; the next firing has none. */
    @Test
    void shouldSetQuietWithSetopt() {
        DScript script = upstairs.run("BEGIN { trace(1); setopt(\"quiet\"); trace(2); } END { trace(3); }");
        script.finish(RunEnd.EXIT);

        assertEquals(NonQuietOutputTest.HEADING + NonQuietOutputTest.BEGIN_ROW + "        1        2\n3\n",
                script.stdout());
    }

    /** Quiet as framed: DTrace drops the faulted firing's record whole, the "<" printed before the fault too. */
    @Test
    void shouldReportARuntimeErrorStopTheFiringAndGoOn() {
        DScript script = upstairs.run("gw-read-start { printf(\"<\"); x = 10 / (arg0 - 2); printf(\"%d>\", x); }",
                Scripts.QUIET);
        fireReads(1, 2, 7);

        assertEquals("<-10><2>", script.stdout());
        assertEquals(List.of("dtrace: error on enabled probe ID 1 (ID 5: crucible_upstairs1:crucible-sim:submit_read:"
                + "gw-read-start): divide-by-zero in action #2"), script.stderrLines());
    }

    @Test
    void shouldReportAFaultInAPredicate() {
        DScript script = Scripts.begin("BEGIN { x = 0; } BEGIN /1 % x/ { printf(\"no\"); }");

        assertEquals("", script.stdout());
        assertEquals(List.of("dtrace: error on enabled probe ID 2 (ID 1: dtrace:::BEGIN): divide-by-zero in predicate"),
                script.stderrLines());
    }

    @Test
    void shouldReportTheNullABadJsonPathGivesWhenPrintfUsesIt() {
        DScript script = upstairs.run("up-status { printf(\"%s\\n\", json(copyinstr(arg1), \"ok.up_count\")); }",
                Scripts.QUIET);
        upstairs.status("{\"ok\":{}}");
        upstairs.status("{\"ok\":{\"up_count\":2}}");

        assertEquals("2\n", script.stdout());
        assertEquals(List.of("dtrace: error on enabled probe ID 1 (ID 4: crucible_upstairs1:crucible-sim:stat_update:"
                + "up-status): invalid address (0x0) in action #1"), script.stderrLines());
    }

    @Test
    void shouldNumberATimersProbeAfterTheComponentProbes() {
        DScript script = upstairs.run("tick-1s { x = 0; y = 1 / x; }", Scripts.QUIET);

        script.fireTimer("tick-1s", 5);

        int probes = upstairs.registry.probes().size();
        assertEquals(List.of("dtrace: error on enabled probe ID 1 (ID " + (4 + probes)
                + ": profile:::tick-1s): divide-by-zero in action #2"), script.stderrLines());
    }

    @Test
    void shouldPrintNothingForAnEmptyClauseWhenQuiet() {
        DScript script = upstairs.run("gw-read-start { } gw-read-start /arg0 == 2/ { }", Scripts.QUIET);

        fireReads(1, 2);
        script.finish(RunEnd.EXIT);

        assertEquals("\n", script.stdout());
    }

    @Test
    void shouldIgnoreFiringsAfterFinish() {
        DScript script = upstairs.run("gw-read-start { @n = count(); }");
        fireReads(1);
        script.finish(RunEnd.EXIT);
        String finished = script.stdout();

        fireReads(2, 3);

        assertEquals(finished, script.stdout());
        assertFalse(script.isExitRequested());
    }
}
