package dev.cruciblesim.tracing.d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.tracing.dtrace.RunEnd;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Probe descriptions, clause structure, comments, pragmas and timers; and how matches are counted. */
class ClausesTest {
    private final Components upstairs = new Components(1);

    private int matched(String source) {
        return DScript.compile(source, "x.d", Scripts.QUIET).enable(upstairs.registry);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", value = {
        "crucible_upstairs*:::gw-read-start => 1",
        "crucible_upstairs1:::gw-read-start => 1",
        "crucible_upstairs?:::gw-read-* => 2",
        "crucible_upstairs*:::gw-*-start => 3",
        "crucible_upstairs*:crucible-sim:submit_read:gw-read-start => 1",
        ":::gw-read-start => 1",
        "gw-read-start => 1",
        "submit_read:gw-read-start => 1",
        "crucible_upstairs*:::ds-[rw]*-io-done => 2",
        "crucible_upstairs*:::ds-[!r]*-io-done => 2",
        "crucible_sim_fault*::: => 2",
        "BEGIN => 1",
        "dtrace:::END => 1",
        "tick-1s => 1",
    })
    void shouldCountTheProbesEachDescriptionMatches(String description, int expected) {
        assertEquals(expected, matched(description + " { }"));
    }

    @Test
    void shouldSumMatchesOverDescriptionListsAndClauses() {
        assertEquals(2 + 3 + 1 + 1, matched("crucible_upstairs*:::gw-read-start,\n crucible_upstairs*:::gw-read-done\n"
                + "{ @a = count(); }\n crucible_upstairs*:::gw-*-done { @b = count(); }\nBEGIN, END { }"));
    }

    @Test
    void shouldNameADescriptionMatchingNothingAndSuggestTheClosestProbes() {
        DScript script = DScript.compile("BEGIN { }\n\ncrucible_upstairs*:::gw-reed-start { }", "x.d", Scripts.QUIET);

        DCompileException e = assertThrows(DCompileException.class, () -> script.enable(upstairs.registry));

        assertEquals("dtrace: failed to compile script x.d: line 3: probe description crucible_upstairs*:::gw-reed-start"
                + " does not match any probes", e.getMessage());
        assertTrue(e.detail().startsWith("closest probe names: gw-read-start"), e.detail());
        assertEquals("", script.stdout(), "nothing ran: BEGIN waits for every description to match");
    }

    @Test
    void shouldAttachToProbesCreatedLaterWithZ() {
        ProbeRegistry registry = new ProbeRegistry();
        DScript script = DScript.compile("crucible_upstairs*:::gw-read-start { @n = count(); }", "x.d",
                DScript.Options.DEFAULT.withAllowZeroMatches(true));
        assertEquals("dtrace: script 'x.d' matched 0 probes", script.matchedNotice(script.enable(registry)));

        Components late = new Components(registry, 3);
        late.fire("gw-read-start", 1);
        late.fire("gw-read-start", 2);
        script.finish(RunEnd.EXIT);

        assertEquals("\n                2\n", script.stdout());
    }

    @Test
    void shouldTakeZFromThePragmaToo() {
        assertEquals(0, DScript.compile("#pragma D option zdefs\nnosuch:::probe { }", "x.d", Scripts.QUIET)
                .enable(new ProbeRegistry()));
    }

    @Test
    void shouldSkipCommentsAndAnInterpreterLine() {
        DScript script = Scripts.begin("#!/usr/sbin/dtrace -s\n/* a\n * block */\n// a line\nBEGIN // the start\n"
                + "/* before the body */ { printf(\"%d\", 1 /* inline */ + 2); // trailing\n}\n");

        assertEquals("3", script.stdout());
    }

    @Test
    void shouldEndAPredicateAtItsSlashAndAllowDivisionInParentheses() {
        assertEquals("yes", Scripts.begin("BEGIN /(10 / 2) == 5/ { printf(\"yes\"); } BEGIN /0/ { printf(\"no\"); }")
                .stdout());
    }

    @Test
    void shouldGiveXorItsPlaceBetweenOrAndAnd() {
        assertEquals("1", Scripts.d("1 ^^ 1 && 0"));
        assertEquals("3", Scripts.d("1 | 2 ^ 3 & 1"));
        assertEquals("1", Scripts.d("1 || 0 ^^ 1"));
    }

    @Test
    void shouldSubstituteMacroArgumentsInExpressionsAndDescriptions() {
        DScript.Options options = Scripts.QUIET.withMacroArguments(List.of("1", "gw-read-start", "0x10"));
        DScript script = DScript.compile("crucible_upstairs$1:::$2 /pid == $1/ { printf(\"%s %s %d %s\\n\", $$2, $$0,"
                + " $3 + 1, probename); }", "args.d", options);

        assertEquals(1, script.enable(upstairs.registry));
        upstairs.fire("gw-read-start", 1);

        assertEquals("gw-read-start args.d 17 gw-read-start\n", script.stdout());
        assertEquals("dtrace: failed to compile script x.d: line 1: macro argument $4 is not defined",
                Scripts.compileError("BEGIN { x = $4; }").getMessage());
        assertEquals("dtrace: failed to compile script x.d: line 1: macro variable $target is not defined",
                Scripts.compileError("BEGIN { x = $target; }").getMessage());
    }

    @Test
    void shouldExpandInlinesWithAndWithoutParameters() {
        DScript script = Scripts.begin("inline int LIMIT = 3 * 4;\n"
                + "inline string short_state[string ss] =\n  ss == \"Active\" ? \"ACT\" :\n  ss == \"Faulted\" ? \"FLT\" : ss;\n"
                + "inline uint8_t low[int v, int w] = v + w;\n"
                + "BEGIN { printf(\"%d %s %s %s %d\", LIMIT + 1, short_state[\"Active\"], short_state[\"Faulted\"],"
                + " short_state[\"New\"], low[250, 10]); }");

        assertEquals("13 ACT FLT New 4", script.stdout());
        assertEquals("dtrace: failed to compile script x.d: line 1: operator = can only be applied to a writable variable",
                Scripts.compileError("inline int N = 1; BEGIN { N = 2; }").getMessage());
        assertEquals("dtrace: failed to compile script x.d: line 1: inline f takes 1 argument, used with 2",
                Scripts.compileError("inline int f[int a] = a; BEGIN { x = f[1, 2]; }").getMessage());
        assertEquals("dtrace: failed to compile script x.d: line 1: inline N definition uses incompatible types:"
                + " \"int\" = \"string\"", Scripts.compileError("inline int N = \"a\"; BEGIN { x = N; }").getMessage());
    }

    @Test
    void shouldRunIfAndElseBranchesBracedOrNot() {
        DScript script = DScript.compile("gw-read-start { if (arg0 > 5) { printf(\"big \"); n++; } else if (arg0 == 5)"
                + " printf(\"five \"); else { printf(\"small \"); } if (arg0 == 1) printf(\"one \"); printf(\"| \"); }",
                "x.d", Scripts.QUIET);
        script.enable(upstairs.registry);

        for (long gwId : new long[] {9, 5, 1}) {
            upstairs.fire("gw-read-start", gwId);
        }

        assertEquals("big | five | small one | ", script.stdout());
    }

    @Test
    void shouldAcceptEmptyStatementsAndAFinalStatementWithoutSemicolon() {
        assertEquals("12", Scripts.begin("BEGIN { ; printf(\"1\");; printf(\"2\") }").stdout());
    }

    @Test
    void shouldBeQuietFromThePragmaOrTheOption() {
        DScript pragma = DScript.compile("#pragma D option quiet\nBEGIN { }", "q.d", DScript.Options.DEFAULT);
        DScript option = DScript.compile("BEGIN { }", "q.d", DScript.Options.DEFAULT.withQuiet(true));
        DScript loud = DScript.compile("BEGIN { }", "dir/loud.d", DScript.Options.DEFAULT);

        assertNull(pragma.matchedNotice(1));
        assertNull(option.matchedNotice(1));
        assertEquals("dtrace: script 'dir/loud.d' matched 1 probe", loud.matchedNotice(1));
        assertEquals("loud", loud.name());
    }

    @Test
    void shouldAcceptDescriptionsWithoutABodyAsDtraceNDoes() {
        DScript script = DScript.compileDescription("crucible_upstairs*:::gw-read-start", DScript.Options.DEFAULT);

        assertEquals("dtrace: description 'crucible_upstairs*:::gw-read-start' matched 1 probe",
                script.matchedNotice(script.enable(upstairs.registry)));
        assertEquals(2, matched("BEGIN\nEND"));
        assertEquals("dtrace: failed to compile script x.d: line 1: syntax error near end of input",
                Scripts.compileError("BEGIN /1/").getMessage());
    }

    @Test
    void shouldCutAOneLinersNoticeAtItsBody() {
        DScript script = DScript.compileDescription("crucible_upstairs*:::gw-read-start { @ = count(); }",
                DScript.Options.DEFAULT);

        assertEquals("dtrace: description 'crucible_upstairs*:::gw-read-start ' matched 1 probe",
                script.matchedNotice(script.enable(upstairs.registry)));
    }

    @Test
    void shouldListTimersWithTheirIntervalsAndFireThemOnTheCallersClock() {
        DScript script = DScript.compile("tick-1s, tick-10ms { printf(\"%s %s %d\\n\", probeprov, probename, timestamp); }"
                + " profile-97 { } tick-5 { } profile-2us, tick-1s { }", "x.d", Scripts.QUIET);
        script.enable(upstairs.registry);

        assertEquals(List.of(new DScript.Timer("tick-1s", 1_000_000_000L, false),
                new DScript.Timer("tick-10ms", 10_000_000L, false), new DScript.Timer("profile-97", 10_309_278L, true),
                new DScript.Timer("tick-5", 200_000_000L, false), new DScript.Timer("profile-2us", 2_000L, true)),
                script.timers());
        script.fireTimer("tick-10ms", 42);
        script.fireTimer("tick-1s", 43);
        assertEquals("profile tick-10ms 42\nprofile tick-1s 43\n", script.stdout());
    }

    @Test
    void shouldRunBeginAtEnableAndEndAtFinishInProgramOrder() {
        DScript script = DScript.compile("END { printf(\"e1 \"); } BEGIN { printf(\"b1 \"); }"
                + " BEGIN { printf(\"b2 \"); } END { printf(\"e2\"); }", "x.d", Scripts.QUIET);
        script.enable(upstairs.registry);
        assertEquals("b1 b2 ", script.stdout());

        script.finish(RunEnd.EXIT);

        assertEquals("b1 b2 e1 e2\n", script.stdout());
    }

    @Test
    void shouldRunEveryClauseAProbeMatchesInOrder() {
        DScript script = DScript.compile("gw-read-start { printf(\"a\"); } crucible_upstairs*:::gw-read-* { printf(\"b\"); }"
                + " :::gw-read-start { printf(\"c\"); }", "x.d", Scripts.QUIET);
        script.enable(upstairs.registry);

        upstairs.fire("gw-read-start", 1);
        upstairs.fire("gw-read-done", 1);

        assertEquals("abcb", script.stdout());
    }
}
