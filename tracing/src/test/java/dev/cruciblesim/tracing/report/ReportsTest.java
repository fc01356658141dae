package dev.cruciblesim.tracing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportsTest {

    @Test
    void shouldListTheScriptsInSeedOrder() {
        assertEquals(List.of("perfgw", "perfdw", "perf-upstairs-rw", "tracegw", "upstairs_info"), Reports.NAMES);
    }

    @Test
    void shouldOfferTheHarnesssOwnScriptsBesideCruciblesButNotByDefault() {
        assertEquals(List.of("perfgw", "perfdw", "perf-upstairs-rw", "tracegw", "upstairs_info", "perfjob",
                "perffault"), Reports.ALL_NAMES);
        assertFalse(Reports.NAMES.contains("perfjob"));
        assertFalse(Reports.NAMES.contains("perffault"));
    }

    @Test
    void shouldCreateEachScriptByName() {
        for (String name : Reports.ALL_NAMES) {
            DTraceReport report = Reports.create(name);
            assertEquals(name, report.name());
            assertEquals(name + ".d", report.scriptName());
            assertEquals(name.equals("tracegw") || name.equals("upstairs_info"), report.quiet(), name);
        }
        assertEquals("perfdw", Reports.create("perfdw.d").name());
        assertEquals("perffault", Reports.create("perffault.d").name());
    }

    @Test
    void shouldListValidNamesForAnUnknownOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reports.create("perfxx"));

        assertTrue(e.getMessage().contains("'perfxx'"), e.getMessage());
        assertTrue(e.getMessage().contains(
                "perfgw, perfdw, perf-upstairs-rw, tracegw, upstairs_info, perfjob, perffault"), e.getMessage());
    }

    @Test
    void shouldUseTheSingularForOneProbe() {
        DTraceReport report = Reports.create("perfdw");

        assertEquals("dtrace: script 'perfdw.d' matched 0 probes", report.matchedNotice(0));
        assertEquals("dtrace: script 'perfdw.d' matched 1 probe", report.matchedNotice(1));
        assertEquals("dtrace: script 'perfdw.d' matched 2 probes", report.matchedNotice(2));
    }

    @Test
    void shouldRefuseToFinishTwice() {
        DTraceReport report = Reports.create("perfgw");
        report.finish();

        assertThrows(IllegalStateException.class, report::finish);
    }
}
