package dev.cruciblesim.bench.compare;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two hand-written JMH -rf json files: benchmark, params and mode pair up; raw data decides the verdict. */
class JmhCompareTest {
    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(JmhCompareTest.class.getResource(name).toURI());
    }

    private static Comparison compare() throws Exception {
        return Comparison.of(Inputs.load(fixture("jmh-old.json")), Inputs.load(fixture("jmh-new.json")),
                Comparison.Options.DEFAULTS);
    }

    @Test
    void benchmarksPairByNameParamsAndMode() throws Exception {
        Map<String, Row> rows = compare().rows().stream().collect(Collectors.toMap(r -> r.metric().name(), r -> r));
        assertEquals(List.of("RingBench.offer thrpt", "RunBench.run[ios=1000] avgt", "RunBench.run[ios=10000] avgt",
                "OldBench.gone avgt", "NewBench.added avgt"), compare().rows().stream().map(r -> r.metric().name())
                        .toList());

        Row slower = rows.get("RingBench.offer thrpt");
        assertEquals(Verdict.CHANGED, slower.verdict());
        assertEquals(-20.0, slower.changePct(), 1e-9);
        assertTrue(slower.worse(), "lower throughput is worse");
        assertTrue(slower.p() < 0.001);
        assertEquals(10, slower.oldSide().n());

        Row same = rows.get("RunBench.run[ios=1000] avgt");
        assertEquals(Verdict.NOT_SIGNIFICANT, same.verdict());

        // Without raw data there is no sample to test: a 20 % change in score is reported, not called.
        Row noRaw = rows.get("RunBench.run[ios=10000] avgt");
        assertEquals(Verdict.TOO_FEW_RUNS, noRaw.verdict());
        assertEquals(20.0, noRaw.changePct(), 1e-9);

        assertEquals(Verdict.REMOVED, rows.get("OldBench.gone avgt").verdict());
        assertEquals(Verdict.ADDED, rows.get("NewBench.added avgt").verdict());
    }

    @Test
    void theGateSelectsBenchmarksByName() throws Exception {
        Comparison comparison = compare();
        Gate gate = Gate.parse(List.of("RingBench.*<-10%"));
        gate.checkSelectors(comparison);
        assertEquals(1, gate.evaluate(comparison).size());
        assertTrue(Gate.parse(List.of("RunBench.*>10%")).evaluate(comparison).isEmpty(),
                "a change without raw data to test it does not trip the gate");
    }

    @Test
    void textShowsScoresWithTheirErrorAndBenchstatsDelta() throws Exception {
        Comparison comparison = compare();
        Gate gate = Gate.parse(List.of());
        String text = new Output(comparison, List.of(), gate, gate.evaluate(comparison)).render(Output.Format.TEXT);
        String words = text.replaceAll(" {2,}", " | ");
        assertTrue(words.contains("RingBench.offer thrpt | score | 100 ops/us ± 2% | 80 ops/us ± 2% | -20.0% (p=0.000 "
                + "n=10+10) | worse"), text);
        assertTrue(words.contains("RunBench.run[ios=1000] avgt | score | 5 ms/op ± 4% | 5.02 ms/op ± 4% | ~ (p=0.734 "
                + "n=5+5)"), text);
        assertTrue(text.contains("too few iterations to tell (n=0+0)"), text);
        assertFalse(text.contains("no change"), text);
    }
}
