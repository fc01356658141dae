package dev.cruciblesim.tracing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.dtrace.RunEnd;
import dev.cruciblesim.tracing.dtrace.SpecVectors;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerfGwReportTest {
    private final ProbeRegistry registry = new ProbeRegistry();
    private final DTraceReport report = Reports.create("perfgw");

    /** Replays the seed's perfgw run: every latency is its bucket's label, count times per bucket. */
    private static void replaySeedRun(SimulatedUpstairs upstairs) {
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
    }

    @Test
    void shouldMatchTheSixGuestProbesLikeTheSeed() {
        new SimulatedUpstairs(registry, 1);

        int matched = report.enable(registry);

        assertEquals(6, matched);
        assertEquals("dtrace: script 'perfgw.d' matched 6 probes", report.matchedNotice(matched));
    }

    @Test
    void shouldReproduceTheSeedRunByteForByteAfterInterrupt() {
        SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);
        report.enable(registry);
        replaySeedRun(upstairs);

        report.finish(RunEnd.INTERRUPT);

        assertEquals("\n\n" + SpecVectors.BONUS_WRITE + SpecVectors.BONUS_READ + SpecVectors.V3_PERFGW_FLUSH,
                report.stdout());
        assertEquals(1544, report.stdout().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void shouldStartWithTheSingleDumpNewlineWhenTheRunExits() {
        SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);
        report.enable(registry);
        replaySeedRun(upstairs);

        report.finish();

        assertEquals("\n" + SpecVectors.BONUS_WRITE + SpecVectors.BONUS_READ + SpecVectors.V3_PERFGW_FLUSH,
                report.stdout());
    }

    @Test
    void shouldPairStartsAndDonesByGuestIdWhenIosOverlap() {
        SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);
        report.enable(registry);
        upstairs.fire("gw-read-start", 1);
        upstairs.clock.advance(100);
        upstairs.fire("gw-read-start", 2);
        upstairs.clock.advance(1000);
        upstairs.fire("gw-read-done", 2); // 1000 ns -> bucket 512
        upstairs.clock.advance(2000);
        upstairs.fire("gw-read-done", 1); // 3100 ns -> bucket 2048
        upstairs.fire("gw-read-done", 1); // no start left: ignored, as /start[arg0]/ is false

        report.finish();

        assertEquals("\n"
                + "  read                                              \n"
                + "           value  ------------- Distribution ------------- count    \n"
                + "             256 |                                         0        \n"
                + "             512 |@@@@@@@@@@@@@@@@@@@@                     1        \n"
                + "            1024 |                                         0        \n"
                + "            2048 |@@@@@@@@@@@@@@@@@@@@                     1        \n"
                + "            4096 |                                         0        \n"
                + "\n", report.stdout());
    }

    @Test
    void shouldAttachToProbesCreatedAfterEnablingAndIgnoreFiringsAfterFinish() {
        assertEquals(0, report.enable(registry), "nothing to match yet, as with dtrace -Z");
        SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);
        upstairs.guestIo(IoOp.WRITE, 9, 1);

        report.finish();
        String finished = report.stdout();
        upstairs.guestIo(IoOp.WRITE, 10, 1);

        assertEquals(finished, report.stdout());
        assertTrue(finished.startsWith("\n  write"), finished);
        assertTrue(finished.contains("               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n"), finished);
    }

    @Test
    void shouldMergeGuestIosFiredFromManyThreads() throws Exception {
        int threads = 4;
        int iosPerThread = 20_000;
        List<SimulatedUpstairs> instances = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            instances.add(new SimulatedUpstairs(registry, t + 1));
        }
        report.enable(registry);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int id = t;
            Thread worker = new Thread(() -> {
                SimulatedUpstairs upstairs = instances.get(id);
                for (long i = 0; i < iosPerThread; i++) {
                    // Guest ids are global in the script (start[arg0]), so keep them apart per thread.
                    upstairs.guestIo(IoOp.WRITE, i * threads + id, i % 2 == 0 ? 1_500 : 40_000);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }

        report.finish();

        int half = threads * iosPerThread / 2;
        String halfBar = " |@@@@@@@@@@@@@@@@@@@@                     ";
        assertTrue(report.stdout().contains(String.format("%16d%s%-9d\n", 1024, halfBar, half)), report.stdout());
        assertTrue(report.stdout().contains(String.format("%16d%s%-9d\n", 32768, halfBar, half)), report.stdout());
    }
}
