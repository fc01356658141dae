package dev.cruciblesim.tracing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cruciblesim.tracing.dtrace.SeedBlocks;
import dev.cruciblesim.tracing.json.JsonTree;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import org.junit.jupiter.api.Test;

class UpstairsInfoReportTest {
    private final ProbeRegistry registry = new ProbeRegistry();
    private final DTraceReport report = Reports.create("upstairs_info");
    private final SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);

    private static String status(int upCount, int dsCount) {
        return "{\"ok\":{\"up_count\":" + upCount + ",\"ds_count\":" + dsCount
                + ",\"ds_state\":[\"Active\",\"Active\",\"Active\"]}}";
    }

    @Test
    void shouldBeQuietAndMatchOneProbePerUpstairs() {
        int matched = report.enable(registry);

        assertEquals(1, matched);
        assertNull(report.matchedNotice(matched));
    }

    @Test
    void shouldPrintTheSeedLinesLiveAsStatusArrives() {
        report.enable(registry);

        upstairs.status(status(1, 3));
        upstairs.status(status(1, 3));
        upstairs.status(status(1, 6));
        upstairs.status(status(1, 6));

        assertEquals(String.join("\n", SeedBlocks.lines("upstairs_info-lines.txt")) + "\n", report.stdout());
        report.finish();
        assertEquals(String.join("\n", SeedBlocks.lines("upstairs_info-lines.txt")) + "\n\n", report.stdout());
    }

    @Test
    void shouldLetWideCountsPushTheLineRight() {
        report.enable(registry);

        upstairs.status("{\"ok\":{\"up_count\":12345,\"ds_count\":0,\"ds_state\":[\"New\",\"Faulted\",\"Active\"]}}");

        assertEquals("[\"New\",\"Faulted\",\"Active\"] Upstairs:12345 Downstairs:   0\n", report.stdout());
    }

    @Test
    void shouldExtractMembersLikeDsJson() throws Exception {
        var root = JsonTree.parse("{\"a\":{\"s\":\"text\",\"n\":[1,{\"x\":2}],\"z\":null}}");

        assertEquals("text", UpstairsInfoReport.json(root, "a.s"));
        assertEquals("[1,{\"x\":2}]", UpstairsInfoReport.json(root, "a.n"));
        assertEquals("2", UpstairsInfoReport.json(root, "a.n[1].x"));
        assertEquals("<null>", UpstairsInfoReport.json(root, "a.missing"));
        assertEquals("null", UpstairsInfoReport.json(root, "a.z"), "a member that is JSON's null is there");
        assertEquals("<null>", UpstairsInfoReport.json(root, "a.z.y"), "a member of null");
        assertEquals("<null>", UpstairsInfoReport.json(root, "a.n[2]"), "past the end");
        assertEquals("<null>", UpstairsInfoReport.json(root, "a.s.t"), "a member of a string");
        assertEquals("<null>", UpstairsInfoReport.json(null, "a.s"));
    }
}
