package dev.cruciblesim.tracing.d;

import static dev.cruciblesim.tracing.d.Scripts.d;
import static dev.cruciblesim.tracing.d.Scripts.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** D's string subroutines with their edge cases, json(), and string probe arguments. */
class SubroutinesTest {
    @ParameterizedTest(name = "{0} = [{1}]")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', emptyValue = "", value = {
        "strjoin(\"ab\", \"cd\") => abcd",
        "substr(\"hello\", 1) => ello",
        "substr(\"hello\", 1, 3) => ell",
        "substr(\"hello\", -3) => llo",
        "substr(\"hello\", -3, 2) => ll",
        "substr(\"hello\", -10, 7) => he",
        "substr(\"hello\", -10) => hello",
        "substr(\"hello\", 1, -1) => ell",
        "substr(\"hello\", 10) => ``",
        "substr(\"hello\", 0, 0) => ``",
        "substr(\"hello\", 2, -5) => ``",
        "strstr(\"hello world\", \"o w\") => o world",
        "lltostr(-42) => -42",
        "lltostr(255, 16) => ff",
        "basename(\"/usr/lib/libc.so\") => libc.so",
        "basename(\"/usr/lib/\") => lib",
        "basename(\"/\") => /",
        "basename(\"\") => .",
        "basename(\"plain\") => plain",
        "dirname(\"/usr/lib/libc.so\") => /usr/lib",
        "dirname(\"plain\") => .",
        "toupper(\"gw-Read\") => GW-READ",
        "json(\"{\\\"a\\\":{\\\"b\\\":[1,{\\\"c\\\":\\\"x\\\"}]}}\", \"a.b[1].c\") => x",
        "json(\"{\\\"a\\\":{\\\"b\\\":[1,{\\\"c\\\":\\\"x\\\"}]}}\", \"a.b\") => [1,{\"c\":\"x\"}]",
        "json(\"{\\\"a\\\":{\\\"b\\\":[1,{\\\"c\\\":\\\"x\\\"}]}}\", \"a.b[0]\") => 1",
        "json(\"{\\\"a\\\":null}\", \"a\") => null",
        "stringof(\"s\") => s",
    })
    void shouldComputeStrings(String expression, String expected) {
        assertEquals(expected, s(expression));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
        "strlen(\"hello\") => 5",
        "strlen(\"\") => 0",
        "index(\"hello\", \"l\") => 2",
        "index(\"hello\", \"l\", 3) => 3",
        "index(\"hello\", \"z\") => -1",
        "rindex(\"hello\", \"l\") => 3",
        "rindex(\"hello\", \"l\", 2) => 2",
        "strtoll(\"  -123abc\") => -123",
        "strtoll(\"ff\", 16) => 255",
        "strstr(\"abc\", \"z\") == NULL => 1",
        "json(\"{}\", \"a\") == NULL => 1",
        "json(\"not json\", \"a\") == NULL => 1",
        "json(\"[1]\", \"[3]\") == NULL => 1",
    })
    void shouldComputeIntegers(String expression, String expected) {
        assertEquals(expected, d(expression));
    }

    @Test
    void shouldTokeniseAcrossCallsWithNull() {
        assertEquals("gw read start 1", Scripts.begin("BEGIN { a = strtok(\"-gw-read--start\", \"-\");"
                + " b = strtok(NULL, \"-\"); c = strtok(NULL, \"-\"); d = strtok(NULL, \"-\") == NULL;"
                + " printf(\"%s %s %s %d\", a, b, c, d); }").stdout());
    }

    @Test
    void shouldGiveStringArgumentsAsAddressesThatCopyinstrReads() {
        Components upstairs = new Components(1);
        DScript script = upstairs.run("up-status { printf(\"%x|%s|%s|%s|%s|%.3s\\n\", arg1, copyinstr(arg1),"
                + " stringof(arg0), args[0], json(args[1], \"ok.up_count\"), copyinstr(arg1, 3)); }", Scripts.QUIET);

        upstairs.status("{\"ok\":{\"up_count\":3}}");

        assertEquals("7ff000001000|{\"ok\":{\"up_count\":3}}|stat|stat|3|{\"o\n", script.stdout());
    }

    @Test
    void shouldFaultOnAnAddressThatIsNoStringArgument() {
        Components upstairs = new Components(1);
        DScript script = upstairs.run("gw-read-start { printf(\"%s\", copyinstr(arg0)); }", Scripts.QUIET);

        upstairs.fire("gw-read-start", 0x1234);

        assertEquals(List.of("dtrace: error on enabled probe ID 1 (ID 5: crucible_upstairs1:crucible-sim:submit_read:"
                + "gw-read-start): invalid address (0x1234) in action #1"), script.stderrLines());
    }

    @Test
    void shouldGiveEachBuiltinVariableItsValue() {
        Components upstairs = new Components(7);
        DScript script = upstairs.run("gw-read-start { printf(\"%s %s %s %s %s %d %d %d %d %d %d\\n\", probeprov,"
                + " probemod, probefunc, probename, execname, pid, timestamp, vtimestamp, walltimestamp, args[0],"
                + " tid > 0); }", Scripts.QUIET.withWallClock(() -> 1_700_000_000_000_000_000L));

        upstairs.fire("gw-read-start", 42);

        assertEquals("crucible_upstairs7 crucible-sim submit_read gw-read-start crucible-sim 7 1000000000 1000000000"
                + " 1700000000000000000 42 1\n", script.stdout());
    }

    @Test
    void shouldNameDtracesOwnProbesInBeginAndEnd() {
        DScript script = Scripts.begin("BEGIN { printf(\"%s:%s:%s:%s %s\", probeprov, probemod, probefunc, probename,"
                + " execname); }");

        assertEquals("dtrace:::BEGIN dtrace", script.stdout());
    }

    /** strjoin() caches its results per frame by the two strings' identity: every pair still joins to its own text. */
    @Test
    void shouldJoinEachPairToItsOwnTextFiringAfterFiring() {
        Components upstairs = new Components(1);
        DScript script = upstairs.run("gw-*-start { this->w = strtok(probename, \"-\"); this->w = strtok(NULL, \"-\");"
                + " printf(\"%s %s %s,\", strjoin(this->w, \"!\"), strjoin(probename, \"!\"),"
                + " strjoin(lltostr(arg0), this->w)); }", Scripts.QUIET);

        upstairs.fire("gw-read-start", 1);
        upstairs.fire("gw-write-start", 2);
        upstairs.fire("gw-read-start", 3);

        assertEquals("read! gw-read-start! 1read,write! gw-write-start! 2write,read! gw-read-start! 3read,",
                script.stdout());
    }
}
