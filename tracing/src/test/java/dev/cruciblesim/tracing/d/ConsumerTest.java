package dev.cruciblesim.tracing.d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.tracing.dtrace.RunEnd;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Several {@code -s} and {@code -n} programs as one consumer, as {@code dtrace -s a.d -n '...'} runs them: each
 * compiles on its own and has its own notice, but they share variables, aggregations, options, one heading and one
 * stdout in firing order.
 */
class ConsumerTest {
    private final Components upstairs = new Components(1);

    private DScript consumer(DScript.Options options, DScript.Source... sources) {
        DScript script = DScript.compile(List.of(sources), options);
        script.enable(upstairs.registry);
        return script;
    }

    @Test
    void shouldShareGlobalsBetweenPrograms() {
        DScript script = consumer(Scripts.QUIET, DScript.Source.script("a.d", "BEGIN { x = 5; name = \"a\"; }"),
                DScript.Source.description("gw-read-start { printf(\"%s%d;\", name, x + arg0); }"));
        upstairs.fire("gw-read-start", 2);

        assertEquals("a7;", script.stdout());
    }

    @Test
    void shouldRunTheProgramsClausesInCommandLineOrderOnEachFiring() {
        DScript script = consumer(Scripts.QUIET,
                DScript.Source.script("a.d", "gw-read-start { printf(\"a%d \", arg0); }"),
                DScript.Source.script("b.d", "gw-read-start { printf(\"b%d \", arg0); }"));
        upstairs.fire("gw-read-start", 1);
        upstairs.fire("gw-read-start", 2);

        // Two consumers would print "a1 a2 " and "b1 b2 " each on its own stdout.
        assertEquals("a1 b1 a2 b2 ", script.stdout());
    }

    @Test
    void shouldPrintOneHeadingForAllPrograms() {
        DScript script = consumer(DScript.Options.DEFAULT, DScript.Source.script("a.d", "BEGIN { trace(1); }"),
                DScript.Source.description("BEGIN { trace(2); }"));

        // trace() of an int: a space and 8 columns.

        String begin = NonQuietOutputTest.row(1, ":BEGIN");
        assertEquals(NonQuietOutputTest.HEADING + begin + "        1\n" + begin + "        2\n",
                script.stdout());
    }

    @Test
    void shouldShareAnAggregationAndDumpItOnce() {
        DScript script = consumer(Scripts.QUIET, DScript.Source.script("a.d", "gw-read-start { @reads = count(); }"),
                DScript.Source.description("gw-read-start { @reads = count(); }"));
        upstairs.fire("gw-read-start", 1);
        script.finish(RunEnd.EXIT);

        Components other = new Components(1);
        DScript alone = other.run("gw-read-start { @reads = count(); }", Scripts.QUIET);
        other.fire("gw-read-start", 1);
        other.fire("gw-read-start", 2);
        alone.finish(RunEnd.EXIT);
        assertEquals(alone.stdout(), script.stdout());
        assertTrue(script.stdout().contains(" 2\n"), script.stdout());
    }

    @Test
    void shouldGiveEachProgramItsOwnNotice() {
        DScript script = consumer(DScript.Options.DEFAULT,
                DScript.Source.script("a.d", "gw-read-start, gw-write-start { } BEGIN { }"),
                DScript.Source.description("gw-read-done { @ = count(); }"));

        assertEquals(List.of("dtrace: script 'a.d' matched 3 probes", "dtrace: description 'gw-read-done ' matched 1 probe"),
                script.matchedNotices());
        assertEquals("a.d, -n", script.scriptName());
        assertThrows(IllegalStateException.class, () -> script.matchedNotice(4));
    }

    @Test
    void shouldQuietEveryNoticeWhenOneProgramIsQuiet() {
        DScript script = consumer(DScript.Options.DEFAULT, DScript.Source.script("a.d", "BEGIN { }"),
                DScript.Source.script("b.d", "#pragma D option quiet\nBEGIN { printf(\"b\"); }"));

        // dtrace reads the quiet option once every program compiled: a.d's notice is quiet too, and its BEGIN.
        assertEquals(List.of(), script.matchedNotices());
        assertEquals("b", script.stdout());
    }

    @Test
    void shouldNameTheProgramThatDoesNotCompile() {
        DCompileException second = assertThrows(DCompileException.class, () -> DScript.compile(List.of(
                DScript.Source.script("a.d", "BEGIN { x = 1; }"), DScript.Source.script("b.d", "BEGIN { x = \"s\"; }")),
                Scripts.QUIET));
        assertTrue(second.getMessage().startsWith("dtrace: failed to compile script b.d: line 1: "), second.getMessage());

        DCompileException description = assertThrows(DCompileException.class, () -> DScript.compile(List.of(
                DScript.Source.script("a.d", "BEGIN { }"), DScript.Source.description("BEGIN { x = ; }")),
                Scripts.QUIET));
        assertTrue(description.getMessage().startsWith("dtrace: invalid probe specifier BEGIN { x = ; }: "),
                description.getMessage());
    }

    @Test
    void shouldNameTheProgramWhoseDescriptionMatchesNothing() {
        DCompileException noMatch = assertThrows(DCompileException.class, () -> consumer(Scripts.QUIET,
                DScript.Source.script("a.d", "BEGIN { }"), DScript.Source.script("b.d", "\ngw-nothing-here { }")));
        assertEquals("dtrace: failed to compile script b.d: line 2: probe description :::gw-nothing-here does not "
                + "match any probes", noMatch.getMessage());
    }

    @Test
    void shouldNameTheProgramThatCalledExit() {
        DScript script = consumer(Scripts.QUIET, DScript.Source.script("a.d", "gw-read-start { }"),
                DScript.Source.script("b.d", "gw-read-start { exit(3); }"));
        assertNull(script.exitedProgramName());
        upstairs.fire("gw-read-start", 1);

        assertEquals("b.d", script.exitedProgramName());
        assertEquals(3, script.exitStatus());
    }
}
