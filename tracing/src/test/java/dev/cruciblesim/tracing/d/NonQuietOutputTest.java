package dev.cruciblesim.tracing.d;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cruciblesim.tracing.dtrace.RunEnd;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without quiet, DTrace frames every firing that records data (spec §1.3): the
 * {@code CPU ID FUNCTION:NAME} heading once, before the run's first such firing, then per firing
 * {@code R3(cpu) R6(id) R32(function:name) } before its records and a newline after them. The
 * expected rows are written with DTrace's own format string, {@code "%3d %6d %32s "}.
 */
class NonQuietOutputTest {
    static final String HEADING = "CPU     ID                    FUNCTION:NAME\n";
    /** dtrace:::BEGIN is probe 1; the engine reports CPU 0. */
    static final String BEGIN_ROW = row(1, ":BEGIN");
    /** dtrace:::END is probe 2. */
    static final String END_ROW = row(2, ":END");
    /** In {@link Components}' registry gw-read-start is the second probe created: id 5 (the error lines agree). */
    private static final String READ_ROW = row(5, "submit_read:gw-read-start");

    private final Components upstairs = new Components(1);

    static String row(long probeId, String functionAndName) {
        return String.format("%3d %6d %32s ", 0, probeId, functionAndName);
    }

    @Test
    void shouldKnowTheRowsLayoutFromTheSpec() {
        // R3, R6, R32 and a space: 3 + 1 + 6 + 1 + 32 + 1 columns.
        assertEquals("  0      1                           :BEGIN ", BEGIN_ROW);
        assertEquals(5, upstairs.probe("gw-read-start").id());
    }

    @Test
    void shouldFrameAPrintfClausesFiringsUnderOneHeading() {
        DScript script = upstairs.run("gw-read-start { printf(\"id=%d\", arg0); printf(\";\"); }");

        upstairs.fire("gw-read-start", 7);
        upstairs.fire("gw-read-start", 8);

        assertEquals(HEADING + READ_ROW + "id=7;\n" + READ_ROW + "id=8;\n", script.stdout());
    }

    @Test
    void shouldPrintTheRowAloneForAnEmptyClauseAndNothingForAnAggregatingOne() {
        DScript script = upstairs.run("gw-read-start { } gw-write-start { @n = count(); x = 1; }");

        upstairs.fire("gw-write-start", 1);
        assertEquals("", script.stdout(), "a clause of aggregations and assignments records no data");
        upstairs.fire("gw-read-start", 1);
        upstairs.fire("gw-read-start", 2);
        script.finish(RunEnd.EXIT);

        assertEquals(HEADING + READ_ROW + "\n" + READ_ROW + "\n" + "\n" + "                1\n", script.stdout());
    }

    @Test
    void shouldFrameBeginAndEndWithDtracesProbeIds() {
        DScript script = upstairs.run("BEGIN { printf(\"hi\"); } END { printf(\"bye\"); }");
        script.finish(RunEnd.EXIT);

        assertEquals(HEADING + BEGIN_ROW + "hi\n" + END_ROW + "bye\n" + "\n", script.stdout());
    }

    /** Each clause is its own enabled probe, so a firing that runs two clauses with data prints two rows. */
    @Test
    void shouldPrintARowPerClauseThatRecordsData() {
        DScript script = upstairs.run("gw-read-start { printf(\"a\"); } gw-read-start { @n = count(); }"
                + " gw-read-start { trace(\"b\"); }");

        upstairs.fire("gw-read-start", 1);

        assertEquals(HEADING + READ_ROW + "a\n" + READ_ROW + "  b" + " ".repeat(32) + "\n", script.stdout());
    }

    /** {@code dtrace -n 'gw-read-start'}: a description without a body takes the default action. */
    @Test
    void shouldPrintTheDefaultActionsRowForAOneLinerWithoutABody() {
        DScript script = DScript.compileDescription("gw-read-start", DScript.Options.DEFAULT);
        script.enable(upstairs.registry);

        upstairs.fire("gw-read-start", 1);

        assertEquals(HEADING + READ_ROW + "\n", script.stdout());
    }

    @Test
    void shouldPrintTheRowForExit() {
        DScript script = upstairs.run("BEGIN { exit(0); }");
        script.finish(RunEnd.EXIT);

        assertEquals(HEADING + BEGIN_ROW + "\n" + "\n", script.stdout());
    }

    @Test
    void shouldTraceIntegersInTheirTypesWidthAndStringsIn33Columns() {
        DScript script = upstairs.run("gw-read-start { trace((int64_t)-5); trace((int)-5); trace((short)-2);"
                + " trace((char)65); trace(\"abc\"); trace(arg0); }");

        upstairs.fire("gw-read-start", 42);

        assertEquals(HEADING + READ_ROW + "               -5       -5 65534  65  abc" + " ".repeat(30)
                + "               42\n", script.stdout());
    }

    @Test
    void shouldPrintaAfterTheRowOfTheFiringThatPrintsIt() {
        DScript script = upstairs.run("gw-read-start { @c[arg0] = count(); } END { printa(@c); }");
        upstairs.fire("gw-read-start", 3);
        script.finish(RunEnd.EXIT);

        assertEquals(HEADING + END_ROW + "\n" + String.format("%17d%17d\n", 3, 1) + "\n" + "\n", script.stdout());
    }

    @Test
    void shouldPrintARowForClearAndTruncWhichRecordData() {
        DScript script = upstairs.run("gw-read-start { @c = count(); clear(@c); }");
        upstairs.fire("gw-read-start", 3);

        assertEquals(HEADING + READ_ROW + "\n", script.stdout());
    }

    @Test
    void shouldDropAFaultedFiringsRecordsRowAndAll() {
        DScript script = upstairs.run("gw-read-start { printf(\"<\"); x = 10 / (arg0 - 2); printf(\"%d>\", x); }");

        upstairs.fire("gw-read-start", 2);
        assertEquals("", script.stdout(), "DTrace discards the record of a firing that faulted");
        upstairs.fire("gw-read-start", 7);

        assertEquals(HEADING + READ_ROW + "<2>\n", script.stdout());
        assertEquals(List.of("dtrace: error on enabled probe ID 1 (ID 5: crucible_upstairs1:crucible-sim:submit_read:"
                + "gw-read-start): divide-by-zero in action #2"), script.stderrLines());
    }

    @Test
    void shouldNumberATimersRowAfterTheRegistrysLastProbe() {
        DScript script = upstairs.run("tick-1s { printf(\"t\"); } profile-99hz { trace(1); }");
        long firstTimerId = 4 + upstairs.registry.probes().size();

        script.fireTimer("tick-1s", 5);
        script.fireTimer("profile-99hz", 6);

        assertEquals(HEADING + row(firstTimerId, ":tick-1s") + "t\n" + row(firstTimerId + 1, ":profile-99hz")
                + "        1\n", script.stdout());
    }

    @Test
    void shouldNeverPrintTheHeadingWhenTheRunsFirstFiringWasQuiet() {
        DScript script = upstairs.run("#pragma D option quiet\nBEGIN { printf(\"q\"); setopt(\"quiet\", \"0\"); }"
                + " gw-read-start { printf(\"x\"); }");
        upstairs.fire("gw-read-start", 1);

        assertEquals("q" + READ_ROW + "x\n", script.stdout());
    }

    @Test
    void shouldLeaveQuietOutputUnframed() {
        DScript script = upstairs.run("BEGIN { printf(\"a\"); trace(1); trace(\"b\"); } gw-read-start { }",
                Scripts.QUIET);
        upstairs.fire("gw-read-start", 1);
        script.finish(RunEnd.EXIT);

        assertEquals("a1b\n", script.stdout());
    }
}
