package dev.cruciblesim.bench.compare;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GateTest {
    private static final Metric PERFDW_WRITE_1 = new Metric("perfdw", "write for downstairs client 1",
            List.of("perfdw.write for downstairs client.1", "perfdw.write_for_downstairs_client.1",
                    "perfdw.time.write_for_downstairs_client.1"), Extraction.NS, true);
    private static final Metric THROUGHPUT_WRITE = new Metric("throughput", "write", List.of("throughput.write"),
            Extraction.IOPS_UNIT, false);

    private static Row row(Metric metric, Statistic statistic, double changePct, Verdict verdict) {
        Observation side = new Observation(new double[] {1}, 1, 1, 1);
        return new Row(metric, statistic, side, side, changePct, 0.001, verdict, true);
    }

    @Test
    void selectorsNameAStatisticAMetricOrBoth() throws CompareException {
        Gate.Rule any = Gate.parseRule("p99>10%");
        assertNull(any.metricPattern());
        assertEquals(Statistic.P99, any.statistic());
        assertTrue(any.rise());
        assertEquals(10, any.thresholdPct());

        Gate.Rule tail = Gate.parseRule("perfdw.*.p99.9>20%");
        assertEquals("perfdw.*", tail.metricPattern());
        assertEquals(Statistic.P99_9, tail.statistic());

        Gate.Rule drop = Gate.parseRule("throughput<-5%");
        assertEquals("throughput", drop.metricPattern());
        assertNull(drop.statistic());
        assertFalse(drop.rise());
        assertEquals(-5, drop.thresholdPct());
    }

    @Test
    void patternsMatchKeyWordsAsDotsOrAsTheTagShowsThem() throws CompareException {
        Row p99 = row(PERFDW_WRITE_1, Statistic.P99, 50, Verdict.CHANGED);
        for (String rule : List.of("p99>10%", "perfdw.*.p99>10%", "perfdw.write_for_downstairs_client.1.p99>10%",
                "perfdw.write for downstairs client.1.p99>10%", "perfdw.time.write_for_downstairs_client.1.p99>10%",
                "perfdw.write_for_downstairs_client.p99>10%", "perfdw>10%")) {
            assertTrue(Gate.parseRule(rule).selects(p99), rule);
        }
        assertFalse(Gate.parseRule("perfgw.*.p99>10%").selects(p99));
        assertFalse(Gate.parseRule("perfdw.*.p99.9>10%").selects(p99));
        // A selector without a statistic leaves counts alone: more IOs is neither better nor worse.
        assertFalse(Gate.parseRule("perfdw>10%").selects(row(PERFDW_WRITE_1, Statistic.COUNT, 50, Verdict.CHANGED)));
        assertTrue(Gate.parseRule("throughput<-5%").selects(row(THROUGHPUT_WRITE, Statistic.IOPS, -9,
                Verdict.CHANGED)));
    }

    @Test
    void aRuleTripsOnlyOnASignificantChangeBeyondItsThreshold() throws CompareException {
        Gate.Rule rule = Gate.parseRule("p99>10%");
        assertTrue(rule.trips(row(PERFDW_WRITE_1, Statistic.P99, 12, Verdict.CHANGED), false));
        assertFalse(rule.trips(row(PERFDW_WRITE_1, Statistic.P99, 8, Verdict.CHANGED), false));
        assertFalse(rule.trips(row(PERFDW_WRITE_1, Statistic.P99, 12, Verdict.NOT_SIGNIFICANT), false));
        assertFalse(rule.trips(row(PERFDW_WRITE_1, Statistic.P99, 12, Verdict.TOO_FEW_RUNS), false));
        assertFalse(rule.trips(row(PERFDW_WRITE_1, Statistic.P99, -30, Verdict.CHANGED), false));
        Gate.Rule drop = Gate.parseRule("throughput<-5%");
        assertTrue(drop.trips(row(THROUGHPUT_WRITE, Statistic.IOPS, -6, Verdict.CHANGED), true));
        assertFalse(drop.trips(row(THROUGHPUT_WRITE, Statistic.IOPS, -4, Verdict.CHANGED), true));
    }

    @Test
    void malformedRulesAreOneLineErrors() {
        assertEquals("--fail-on 'p99>ten%': the threshold 'ten%' is not a percentage such as 10% or -5%",
                assertThrows(CompareException.class, () -> Gate.parseRule("p99>ten%")).getMessage());
        assertTrue(assertThrows(CompareException.class, () -> Gate.parseRule("p99")).getMessage()
                .startsWith("--fail-on 'p99': expected SELECTOR>THRESHOLD%"));
        assertTrue(assertThrows(CompareException.class, () -> Gate.parseRule("p99>10")).getMessage()
                .contains("not a percentage"));
    }
}
