package dev.cruciblesim.bench.workload;

import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.workload.gen.RandomDistribution;
import dev.cruciblesim.bench.workload.gen.RangePicker;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.random.SeedStreams;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's schedule and choices, on a virtual clock with an in-memory device in place of the upstairs, so every
 * issued IO and its exact intended and submission times can be checked.
 */
class WorkloadEngineTest {
    private static final int BLOCK = 4096;
    /** 16 extents of 1024 blocks: 16384 blocks, 64 MiB. */
    private static final long VOLUME_BLOCKS = 16 * 1024;
    private static final long START_NS = 1_000_000_000L;

    static Scenario scenario(String workloadYaml) {
        String yaml = "name: engine-test\nclock: virtual\nvolume: {block_size: 4096, extent_size: 1024, extent_count: 16}\n"
                + "workload:\n" + workloadYaml.indent(2);
        return ScenarioLoader.loadText(yaml, "engine-test.yaml", Path.of("."), List.of());
    }

    static FakeDevicePort run(Scenario scenario, ToLongFunction<GuestIo> serviceNs) {
        return run(scenario, new FakeDevicePort(BLOCK, serviceNs), null, () -> { });
    }

    /** Runs {@code scenario}'s workload on {@code port} to its end, with its iologs to {@code sink} (or none). */
    static FakeDevicePort run(Scenario scenario, FakeDevicePort port, IologSink sink, Runnable onFinished) {
        port.engine = new WorkloadEngine(scenario.workload(), scenario.volume(), new SeedStreams(scenario.seed()), port,
                null, sink, onFinished);
        port.engine.start();
        port.runToEnd();
        return port;
    }

    @Test
    void shouldIssueAPoissonJobAtItsRateWithExponentialGaps() {
        double rateIops = 50_000;
        long runtimeNs = 2_000_000_000L;
        FakeDevicePort port = run(scenario("rw: randread\nrate_iops: 50000\nrate_process: poisson\niodepth: 64\n"
                + "runtime: 2s\nverify: false"), io -> 10_000);

        long n = port.issued.size();
        double expected = rateIops * runtimeNs / 1e9;
        // The count of a Poisson process over a fixed time is Poisson(rate x time).
        assertTrue(Math.abs(n - expected) < 5 * Math.sqrt(expected), () -> n + " IOs, expected about " + expected);

        double meanGapNs = 1e9 / rateIops;
        double[] gaps = new double[(int) n - 1];
        for (int i = 1; i < n; i++) {
            gaps[i - 1] = port.issued.get(i).intendedNs() - port.issued.get(i - 1).intendedNs();
        }
        Arrays.sort(gaps);
        double d = 0;
        for (int i = 0; i < gaps.length; i++) {
            double cdf = 1 - Math.exp(-gaps[i] / meanGapNs);
            d = Math.max(d, Math.max(cdf - (double) i / gaps.length, (double) (i + 1) / gaps.length - cdf));
        }
        // Kolmogorov-Smirnov at alpha = 1e-4; gaps are whole nanoseconds, 20 us on average, so rounding is negligible.
        double critical = Math.sqrt(-0.5 * Math.log(1e-4 / 2)) / Math.sqrt(gaps.length);
        double statistic = d;
        assertTrue(statistic < critical, () -> "KS distance " + statistic + " >= " + critical);
        // As in fio, the first IO goes out at the start.
        assertEquals(START_NS, port.issued.get(0).intendedNs());
        // The device keeps up at this depth: every IO went out at its intended time.
        for (FakeDevicePort.Issued io : port.issued) {
            assertEquals(io.intendedNs(), io.submittedNs());
        }
    }

    @Test
    void shouldSpaceLinearArrivalsExactlyOneIntervalApart() {
        FakeDevicePort port = run(scenario("rw: randread\nrate_iops: 50000\nrate_process: linear\niodepth: 64\n"
                + "number_ios: 1000\nverify: false"), io -> 10_000);
        long first = port.issued.get(1).intendedNs() - port.issued.get(0).intendedNs();
        for (int i = 1; i < port.issued.size(); i++) {
            assertEquals(first, port.issued.get(i).intendedNs() - port.issued.get(i - 1).intendedNs());
        }
        assertEquals(20_000, first);
    }

    @Test
    void shouldSpaceLinearArrivalsWithoutDrift() {
        // 3000 IOPS: 333333.33 ns apart, so a rounded fixed step would drift by 1/3 ns per IO.
        FakeDevicePort port = run(scenario("rw: randread\nrate_iops: 3000\niodepth: 4\nnumber_ios: 30000\n"
                + "runtime: 0\nverify: false"), io -> 1_000);
        assertEquals(30_000, port.issued.size());
        long startNs = port.issued.get(0).intendedNs();
        for (int i = 0; i < port.issued.size(); i++) {
            assertEquals(startNs + Math.round(i * 1e9 / 3000), port.issued.get(i).intendedNs(), "arrival " + i);
        }
    }

    @Test
    void shouldMeasureAnOpenLoopFromTheIntendedStartWhenTheDeviceFallsBehind() {
        // 1000 IOPS at iodepth 1 on a device taking 1.5 ms: IO k is meant for k ms but goes out at 1.5k ms.
        FakeDevicePort port = run(scenario("rw: randread\nrate_iops: 1000\niodepth: 1\nnumber_ios: 100\n"
                + "verify: false"), io -> 1_500_000);
        WorkloadResult result = port.engine.result();
        JobResult job = result.jobs().get(0);
        assertEquals(100, job.reads());
        assertEquals(0, job.unissued());
        for (int k = 0; k < 100; k++) {
            FakeDevicePort.Issued io = port.issued.get(k);
            assertEquals(START_NS + k * 1_000_000L, io.intendedNs());
            assertEquals(START_NS + k * 1_500_000L, io.submittedNs());
        }
        assertEquals(1_500_000, job.service().of(IoOp.READ).maxNs());
        // The last IO waited 49.5 ms for its turn: response = 51 ms, lag = 49.5 ms.
        assertEquals(51_000_000, job.response().of(IoOp.READ).maxNs());
        assertEquals(49_500_000, job.lag().of(IoOp.READ).maxNs());
        // A closed loop would have hidden that: every IO would show 1.5 ms, where IO k's response is 1.5 + k/2 ms.
        assertEquals(1_500_000.0, job.service().of(IoOp.READ).meanNs());
        assertEquals(26_250_000.0, job.response().of(IoOp.READ).meanNs());
    }

    @Test
    void shouldCountWhatAnOpenLoopCouldNotIssueBeforeItsRuntimeEnded() {
        FakeDevicePort port = run(scenario("rw: randread\nrate_iops: 1000\niodepth: 1\nruntime: 100ms\n"
                + "verify: false"), io -> 1_500_000);
        JobResult job = port.engine.result().jobs().get(0);
        // 100 arrivals (0 .. 99 ms); one IO per 1.5 ms goes out until the runtime ends.
        assertEquals(67, job.reads());
        assertEquals(100 - 67, job.unissued());
    }

    @Test
    void shouldConcentrateZipfAccessesAsTheDistributionSays() {
        int ios = 200_000;
        FakeDevicePort port = run(scenario("rw: randread\nrandom_distribution: zipf:1.2\niodepth: 1\nnumber_ios: "
                + ios + "\nverify: false"), io -> 1_000);
        Map<Long, Integer> counts = new HashMap<>();
        for (FakeDevicePort.Issued io : port.issued) {
            counts.merge(io.firstBlock(), 1, Integer::sum);
        }
        // One range per 4 KiB block; the picker's ranking says which blocks are the hottest.
        RangePicker zipf = RandomDistribution.parse("zipf:1.2").picker(VOLUME_BLOCKS);
        long observedTop = 0;
        int top = 0;
        for (int limit : new int[] {1, 10, 100, 1000}) {
            for (; top < limit; top++) {
                observedTop += counts.getOrDefault(zipf.rangeOfRank(top), 0);
            }
            double expectedShare = zipf.shareOfTopRanks(limit);
            double share = (double) observedTop / ios;
            double standardError = Math.sqrt(expectedShare * (1 - expectedShare) / ios);
            assertTrue(Math.abs(share - expectedShare) < 5 * standardError,
                    () -> "top " + limit + " ranks: observed share " + share + ", zipf:1.2 says " + expectedShare);
        }
        // Uniform offsets would give the 10 hottest blocks about 10/16384 of the IO; zipf:1.2 gives them over a third.
        assertTrue(zipf.shareOfTopRanks(10) > 1.0 / 3);
    }

    @Test
    void shouldFlushAfterEveryNWritesAndMixReadsAsAsked() {
        FakeDevicePort port = run(scenario("rw: randrw\nrwmixread: 70\nfsync: 4\niodepth: 8\nnumber_ios: 20000"),
                io -> 5_000);
        int writesSinceFlush = 0;
        long reads = 0;
        long writes = 0;
        for (FakeDevicePort.Issued io : port.issued) {
            switch (io.op()) {
                case READ -> reads++;
                case WRITE -> {
                    writes++;
                    writesSinceFlush++;
                    assertTrue(writesSinceFlush <= 4);
                }
                default -> {
                    assertEquals(4, writesSinceFlush);
                    writesSinceFlush = 0;
                }
            }
        }
        double readShare = (double) reads / (reads + writes);
        double standardError = Math.sqrt(0.7 * 0.3 / (reads + writes));
        assertTrue(Math.abs(readShare - 0.7) < 5 * standardError, () -> "read share " + readShare);
        WorkloadResult result = port.engine.result();
        assertEquals(reads, result.verifiedReads());
        assertTrue(result.succeeded(), () -> String.valueOf(result.failures()));
    }

    @Test
    void shouldMakeEachIoAFlushWithTheFlushMixProbability() {
        int ios = 20_000;
        FakeDevicePort port = run(scenario("flush_mix: 0.1\nfsync: 0\niodepth: 4\nnumber_ios: " + ios), io -> 5_000);
        long flushes = port.issued.stream().filter(io -> io.op() == IoOp.FLUSH).count();
        double standardError = Math.sqrt(0.1 * 0.9 / ios);
        assertTrue(Math.abs((double) flushes / ios - 0.1) < 5 * standardError, () -> flushes + " flushes");
    }

    @Test
    void shouldWalkASequentialRegionAndWrapToItsStart() {
        FakeDevicePort port = run(scenario("rw: read\nbs: 16k\noffset: 1m\nsize: 64k\niodepth: 1\nnumber_ios: 9\n"
                + "fsync: 0"), io -> 1_000);
        long[] firstBlocks = port.issued.stream().mapToLong(FakeDevicePort.Issued::firstBlock).toArray();
        assertEquals(List.of(256L, 260L, 264L, 268L, 256L, 260L, 264L, 268L, 256L),
                Arrays.stream(firstBlocks).boxed().toList());
    }

    @Test
    void shouldKeepRandomIoInsideTheJobsRegion() {
        FakeDevicePort port = run(scenario("rw: randrw\nbsrange: 4k-64k\noffset: 25%\nsize: 50%\nnumber_ios: 5000"),
                io -> 1_000);
        long first = VOLUME_BLOCKS / 4;
        long end = first + VOLUME_BLOCKS / 2;
        for (FakeDevicePort.Issued io : port.issued) {
            if (io.op() != IoOp.FLUSH) {
                assertTrue(io.firstBlock() >= first && io.firstBlock() + io.blockCount() <= end, io::toString);
                assertTrue(io.blockCount() >= 1 && io.blockCount() <= 16, io::toString);
            }
        }
        assertTrue(port.issued.stream().mapToInt(FakeDevicePort.Issued::blockCount).distinct().count() > 8);
    }

    @Test
    void shouldVerifyOverlappingIoAgainstWhatWasSubmittedBeforeIt() {
        // 16 blocks, 16 IOs in flight: reads and writes overlap all the time.
        FakeDevicePort port = run(scenario("rw: randrw\nsize: 64k\niodepth: 16\nnumber_ios: 20000\nbsrange: 4k-16k"),
                io -> 3_000 + (io.firstBlock() * 7919) % 5_000);
        WorkloadResult result = port.engine.result();
        assertTrue(result.succeeded(), () -> String.valueOf(result.failures()));
        assertEquals(result.reads(), result.verifiedReads());
        assertTrue(result.reads() > 5_000);
    }

    @Test
    void shouldReportACorruptBlock() {
        FakeDevicePort port = new FakeDevicePort(BLOCK, io -> 1_000);
        Scenario scenario = scenario("rw: randrw\nsize: 64k\niodepth: 2\nnumber_ios: 2000");
        port.corruptBlock = 5;
        run(scenario, port, null, () -> { });
        WorkloadResult result = port.engine.result();
        assertEquals(1, result.failureCount());
        assertTrue(result.failures().get(0).contains("read verification failed at block 5"), result.failures()::toString);
        // The failure stopped the job: nothing was issued after the bad read completed.
        assertTrue(result.totalIos() < 2000);
    }

    @Test
    void shouldVerifyPatternAndZeroBuffers() {
        for (String buffer : List.of("buffer_pattern: 0xdeadbeef", "buffer_pattern: '\"crucible\"'", "zero_buffers: true")) {
            FakeDevicePort port = run(scenario("rw: randrw\nsize: 256k\niodepth: 8\nnumber_ios: 3000\n" + buffer),
                    io -> 2_000);
            WorkloadResult result = port.engine.result();
            assertTrue(result.succeeded(), () -> buffer + ": " + result.failures());
            assertEquals(result.reads(), result.verifiedReads(), buffer);
        }
    }

    @Test
    void shouldRunSeveralNamedJobsAtOnceAndReportEachOnItsOwn() {
        FakeDevicePort port = run(scenario("runtime: 50ms\njobs:\n  - {name: reader, rw: randread, iodepth: 1}\n"
                + "  - {name: writer, rw: randwrite, iodepth: 32, fsync: 0}"), io -> 100_000);
        WorkloadResult result = port.engine.result();
        assertEquals(List.of("reader", "writer"), result.jobs().stream().map(JobResult::name).toList());
        JobResult reader = result.jobs().get(0);
        JobResult writer = result.jobs().get(1);
        // 50 ms at 0.1 ms per IO: 500 for the reader at depth 1, 32 times that for the writer at depth 32.
        assertEquals(500, reader.reads());
        assertEquals(0, reader.writes());
        assertEquals(500 * 32, writer.writes());
        assertEquals(0, writer.reads());
        assertEquals(reader.reads() + writer.writes(), result.totalIos());
    }

    @Test
    void shouldHoldOnlyTheNextArrivalWhenTheRateFarExceedsWhatTheDeviceSustains() {
        // 10 million IOPS for 10 ms against one IO at a time taking 100 us: 100 go out, the rest are owed.
        FakeDevicePort port = run(scenario("rw: randread\nrate_iops: 10000000\niodepth: 1\nruntime: 10ms\n"
                + "verify: false"), io -> 100_000);
        JobResult job = port.engine.result().jobs().get(0);
        assertEquals(100, job.reads());
        assertEquals(100_000 - 100, job.unissued());
        // The events run are the IOs and their completions, not one per arrival.
        assertTrue(port.scheduler.eventsRun() < 1_000, () -> port.scheduler.eventsRun() + " events");
    }

    @Test
    void shouldStopAnOpenLoopAsSoonAsAFailureIsRecorded() {
        FakeDevicePort port = new FakeDevicePort(BLOCK, io -> 1_000);
        Scenario scenario = scenario("rw: randrw\nsize: 16k\nrate_iops: 1000\niodepth: 4\nruntime: 100s");
        port.corruptBlock = 2;
        run(scenario, port, null, () -> { });
        WorkloadResult result = port.engine.result();
        assertEquals(1, result.failureCount(), result.failures()::toString);
        // The failure came within the first few IOs (4 blocks); the 100 s schedule was dropped, not waited out.
        assertTrue(port.scheduler.nanoTime() - START_NS < 100_000_000L, () -> "ended at " + port.scheduler.nanoTime());
    }

    @Test
    void shouldCloseEachJobsIologAtItsOwnEndEvenWhenTheRunFails() throws Exception {
        Map<String, java.io.StringWriter> logs = new java.util.TreeMap<>();
        FakeDevicePort port = new FakeDevicePort(BLOCK, io -> 10_000);
        Scenario scenario = scenario("jobs:\n  - {name: short, rw: randwrite, number_ios: 10, iodepth: 1}\n"
                + "  - {name: long, rw: randwrite, number_ios: 1000, iodepth: 1}");
        run(scenario, port, job -> logs.computeIfAbsent(job, name -> new java.io.StringWriter()), () -> { });
        String shortLog = logs.get("short").toString();
        String longLog = logs.get("long").toString();
        // 10 IOs of 10 us: the short job closes at 100 us, not when the long one ends at 10 ms.
        assertTrue(shortLog.endsWith("100 crucible-sim.vol close\n"), shortLog);
        assertTrue(longLog.endsWith("10000 crucible-sim.vol close\n"), longLog.substring(longLog.length() - 80));
    }

    @Test
    void shouldShortenAnIoDrawnAtTheRegionsEndRatherThanMoveIt() {
        FakeDevicePort port = run(scenario("rw: randread\nbsrange: 4k-64k\nsize: 128k\niodepth: 1\n"
                + "number_ios: 20000\nverify: false"), io -> 1_000);
        long[] starts = new long[32];
        for (FakeDevicePort.Issued io : port.issued) {
            assertTrue(io.firstBlock() + io.blockCount() <= 32, io::toString);
            starts[(int) io.firstBlock()]++;
        }
        // Offsets stay uniform over the 32 ranges of 4 KiB: the last one is not favoured.
        double expected = 20_000 / 32.0;
        for (long count : starts) {
            assertTrue(Math.abs(count - expected) < 5 * Math.sqrt(expected), () -> Arrays.toString(starts));
        }
    }

    @Test
    void shouldFinishExactlyOnceWhenClosingAnIologFailsAndStopsTheOtherJobs() {
        int[] finishedCalls = new int[1];
        FakeDevicePort port = new FakeDevicePort(BLOCK, io -> 1_000);
        Scenario scenario = scenario("jobs:\n  - {name: a, rw: randwrite, number_ios: 3, iodepth: 1}\n"
                + "  - {name: b, rw: randread, rate_iops: 1, runtime: 100s, verify: false}");
        run(scenario, port, job -> new java.io.Writer() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public void write(char[] buffer, int offset, int length) {
                        text.append(buffer, offset, length);
                    }

                    @Override
                    public void flush() throws java.io.IOException {
                        if (job.equals("a") && text.toString().contains("close")) {
                            throw new java.io.IOException("disk full");
                        }
                    }

                    @Override
                    public void close() {
                    }
                }, () -> finishedCalls[0]++);
        assertEquals(1, finishedCalls[0]);
        assertTrue(port.engine.result().failures().get(0).contains("disk full"), port.engine.result().failures()::toString);
    }

    @Test
    void shouldCountWhatAPoissonLoopOwesAtTheEndWithoutWalkingEveryArrival() {
        // 10 million IOPS for 20 s against one IO per second: 2e8 arrivals came due, 20 were served.
        FakeDevicePort port = run(scenario("rw: randread\nrate_iops: 10000000\nrate_process: poisson\niodepth: 1\n"
                + "runtime: 20s\nverify: false"), io -> 1_000_000_000L);
        JobResult job = port.engine.result().jobs().get(0);
        assertEquals(20, job.reads());
        assertTrue(Math.abs(job.unissued() - 2e8) < 5 * Math.sqrt(2e8), () -> job.unissued() + " unissued");
    }
}
