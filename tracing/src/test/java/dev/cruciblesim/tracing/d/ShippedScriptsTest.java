package dev.cruciblesim.tracing.d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.dtrace.RunEnd;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.tracing.report.Reports;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Each shipped D script runs beside its built-in Java report, both enabled on the same registry
 * and fed the same firings: stdout, the matched notice and the aggregations must be identical.
 */
class ShippedScriptsTest {
    private final ProbeRegistry registry = new ProbeRegistry();
    private final Components upstairs = new Components(registry, 1);
    private final Components second = new Components(registry, 2);

    /** A mixed, seeded workload over every upstairs probe the scripts use, overlapping IOs included. */
    private void workload(long seed) {
        Random random = new Random(seed);
        long gwId = 1;
        for (int i = 0; i < 3000; i++) {
            Components component = random.nextInt(4) == 0 ? second : upstairs;
            IoOp op = IoOp.values()[random.nextInt(IoOp.values().length)];
            String word = op.probeName();
            long id = gwId++;
            component.fire("gw-" + word + "-start", id);
            component.clock.advance(1 + random.nextInt(50_000));
            component.fire("up-to-ds-" + word + "-start", id);
            for (int client = 0; client < 3; client++) {
                component.fire("ds-" + word + "-io-start", id, client);
            }
            for (int client = 0; client < 3; client++) {
                component.clock.advance(1 + random.nextInt(1 << (10 + random.nextInt(14))));
                component.fire("ds-" + word + "-io-done", id, client);
            }
            component.fire("up-to-ds-" + word + "-done", id);
            component.clock.advance(1 + random.nextInt(3_000));
            if (random.nextInt(50) != 0) {
                component.fire("gw-" + word + "-done", id);
            }
            if (i % 500 == 0) {
                component.status("{\"ok\":{\"up_count\":" + random.nextInt(20) + ",\"ds_count\":" + random.nextInt(200)
                        + ",\"ds_state\":[\"Active\",\"Active\",\"" + (i == 1000 ? "Faulted" : "Active") + "\"]}}");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"perfgw", "perfdw", "perf-upstairs-rw", "tracegw", "upstairs_info"})
    void shouldPrintWhatTheBuiltInReportPrints(String name) {
        DTraceReport builtIn = Reports.create(name);
        DScript script = ShippedScripts.compile(name, DScript.Options.DEFAULT);
        int builtInMatched = builtIn.enable(registry);
        int scriptMatched = script.enable(registry);

        workload(name.hashCode());
        String liveBuiltIn = builtIn.stdout();
        String liveScript = script.stdout();
        builtIn.finish(RunEnd.INTERRUPT);
        script.finish(RunEnd.INTERRUPT);

        assertEquals(builtInMatched, scriptMatched);
        assertEquals(builtIn.matchedNotice(builtInMatched), script.matchedNotice(scriptMatched));
        assertEquals(builtIn.quiet(), script.quiet());
        assertEquals(liveBuiltIn, liveScript);
        assertEquals(builtIn.stdout(), script.stdout());
        assertTrue(script.stdout().length() > 2, "the workload reached the script: " + script.stdout());
        assertEquals(builtIn.aggregations().size(), script.aggregations().size());
        for (int i = 0; i < builtIn.aggregations().size(); i++) {
            assertEquals(builtIn.aggregations().get(i).keyTypes(), script.aggregations().get(i).keyTypes());
        }
        assertTrue(script.stderrLines().isEmpty(), script.stderrLines().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"perfgw", "perfdw", "perf-upstairs-rw", "tracegw", "upstairs_info"})
    void shouldEndLikeTheBuiltInReportWhenTheRunExits(String name) {
        DTraceReport builtIn = Reports.create(name);
        DScript script = ShippedScripts.compile(name, DScript.Options.DEFAULT);
        builtIn.enable(registry);
        script.enable(registry);
        workload(7);

        builtIn.finish(RunEnd.EXIT);
        script.finish(RunEnd.EXIT);

        assertEquals(builtIn.stdout(), script.stdout());
    }

    /** The seed's perfgw run (spec §10 bonus): the D script alone gives the 1544 bytes. */
    @Test
    void shouldReproduceTheSeedPerfgwRunByteForByte() {
        Components upstairs = new Components(1);
        DScript script = ShippedScripts.compile("perfgw", DScript.Options.DEFAULT);
        assertEquals("dtrace: script 'perfgw.d' matched 6 probes",
                script.matchedNotice(script.enable(upstairs.registry)));
        long gwId = 1;
        long[][] write = {{33554432, 355}, {67108864, 645}};
        long[][] read = {{33554432, 353}, {67108864, 647}};
        long[][] flush = {{1048576, 1}, {33554432, 353}, {67108864, 647}};
        for (int i = 0; i < 2; i++) {
            for (int n = 0; n < write[i][1]; n++) {
                upstairs.guestIo(IoOp.WRITE, gwId++, write[i][0]);
            }
            for (int n = 0; n < read[i][1]; n++) {
                upstairs.guestIo(IoOp.READ, gwId++, read[i][0]);
            }
        }
        for (long[] bucket : flush) {
            for (int n = 0; n < bucket[1]; n++) {
                upstairs.guestIo(IoOp.FLUSH, gwId++, bucket[0]);
            }
        }

        script.finish(RunEnd.INTERRUPT);

        assertEquals("\n\n" + dev.cruciblesim.tracing.dtrace.SpecVectors.BONUS_WRITE
                + dev.cruciblesim.tracing.dtrace.SpecVectors.BONUS_READ
                + dev.cruciblesim.tracing.dtrace.SpecVectors.V3_PERFGW_FLUSH, script.stdout());
        assertEquals(1544, script.stdout().length());
    }
}
