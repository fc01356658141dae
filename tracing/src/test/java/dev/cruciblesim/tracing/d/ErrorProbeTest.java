package dev.cruciblesim.tracing.d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cruciblesim.sim.time.ManualClock;
import dev.cruciblesim.tracing.probe.CrucibleProbes;
import dev.cruciblesim.tracing.probe.Probe;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dtrace:::ERROR firing on runtime faults, with DTrace's arguments, and the probe ids of dtrace's own probes. */
class ErrorProbeTest {
    private final Components upstairs = new Components(1);

    @Test
    void shouldFireErrorWithTheFaultsEnabledProbeActionAndType() {
        DScript script = upstairs.run("gw-read-start { y = 1; x = 1 / arg0; }\n"
                + "ERROR { printf(\"%s:%s epid=%d action=%d offset=%d fault=%d value=%d\\n\", probeprov, probename,"
                + " arg1, arg2, arg3, arg4, arg5); }", Scripts.QUIET);
        upstairs.fire("gw-read-start", 0);
        upstairs.fire("gw-read-start", 4);

        assertEquals("dtrace:ERROR epid=1 action=2 offset=-1 fault=4 value=0\n", script.stdout());
        // The error line is still printed: dtrace's own ERROR enabling prints it beside the script's clause.
        assertEquals(List.of("dtrace: error on enabled probe ID 1 (ID 5: crucible_upstairs1:crucible-sim:submit_read:"
                + "gw-read-start): divide-by-zero in action #2"), script.stderrLines());
    }

    @Test
    void shouldGiveTheBadAddressAsArg5() {
        DScript script = upstairs.run("ERROR { printf(\"%d %d %x\", arg2, arg4, arg5); }\n"
                + "BEGIN { printf(\"%s\", copyinstr(4096)); }", Scripts.QUIET);

        assertEquals("1 1 1000", script.stdout());
    }

    @Test
    void shouldNotFireErrorAgainForAFaultInAnErrorClause() {
        DScript script = upstairs.run("ERROR { printf(\"E\"); x = 1 / arg0; }\nBEGIN { y = 1 / 0 * x; }",
                Scripts.QUIET);

        // The faulted ERROR firing's record is dropped, and it fires no ERROR of its own.
        assertEquals("", script.stdout());
        assertEquals(1, script.stderrLines().size());
    }

    @Test
    void shouldKeepTheFaultedFiringsArgumentsAndLocalsForItsLaterClauses() {
        DScript script = upstairs.run("gw-read-start { this->v = arg0 * 10; }\n"
                + "gw-read-start { x = 1 / (arg0 - 3); }\n"
                + "gw-read-start { printf(\"%d/%d \", arg0, this->v); }\n"
                + "ERROR { this->v = 99; }", Scripts.QUIET);
        upstairs.fire("gw-read-start", 3);
        upstairs.fire("gw-read-start", 4);

        assertEquals("3/30 4/40 ", script.stdout());
    }

    @Test
    void shouldPrintNothingOfAQuietFiringThatFaults() {
        DScript script = upstairs.run("gw-read-start { printf(\"[%d\", arg0); printf(\"%d]\", 1 / (arg0 - 3)); }",
                Scripts.QUIET);
        upstairs.fire("gw-read-start", 4);
        upstairs.fire("gw-read-start", 3);
        upstairs.fire("gw-read-start", 5);

        assertEquals("[41][50]", script.stdout());
    }

    @Test
    void shouldKeepTheTimersIdsFromProbesCreatedAfterEnable() {
        DScript script = DScript.compile("tick-1s, tick-2s { }", "x.d", DScript.Options.DEFAULT.withAllowZeroMatches(true));
        int existing = upstairs.registry.size();
        script.enable(upstairs.registry);
        Probe later = upstairs.registry.create(CrucibleProbes.all().get(0), 9, new ManualClock(0));

        long tick1 = script.builtinProbeId("tick-1s");
        long tick2 = script.builtinProbeId("tick-2s");
        assertEquals(existing + 4, tick1);
        assertEquals(tick1 + 1, tick2);
        assertNotEquals(tick1, later.id());
        assertNotEquals(tick2, later.id());
        assertEquals(tick2 + 1, later.id());
    }
}
