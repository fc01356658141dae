package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.workload.JobSpec;
import dev.cruciblesim.bench.workload.ReplaySpec;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;

import static dev.cruciblesim.bench.scenario.ScenarioFixtures.resource;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each section, unit and model form of a scenario file binds to. */
class ScenarioParsingTest {
    @Test
    void shouldBindEverySectionOfAFileThatSetsEveryKey() {
        Scenario scenario = ScenarioLoader.load(resource("full.yaml"), List.of());

        assertEquals("full-example", scenario.name());
        assertEquals(-7, scenario.seed());
        assertEquals(ClockKind.VIRTUAL, scenario.clock());
        assertEquals("in-process", scenario.transport());
        assertEquals(new RegionDefinition(8192, 512, 16), scenario.volume());
        assertEquals(64, scenario.upstairs().maxInFlightPerClient());
        assertEquals(2_500_000_000L, scenario.upstairs().flushTimeoutNs());
        assertEquals(250_000_000L, scenario.upstairs().statusIntervalNs());
        assertEquals(Map.of("kind", "constant", "delay_ns", 2_000L), scenario.upstairs().processing().describe());
        JobSpec job = scenario.workload().job();
        assertEquals("workload", job.name());
        assertEquals("randrw", job.rw());
        assertEquals(70, job.readPercent());
        assertEquals(16384, job.blockSizes().minBytes());
        assertEquals(16384, job.blockSizes().maxBytes());
        assertEquals(4, job.ioDepth());
        assertEquals(0, job.fsyncEveryWrites());
        assertEquals(0.01, job.flushShare());
        assertEquals(1_500_000_000L, job.runtimeNs());
        assertEquals(1000, job.numberIos());
        assertFalse(job.verify());
        assertNull(job.arrivals());
        assertNull(job.replay());
        assertEquals(0, job.offsetBytes());
        assertEquals(scenario.volume().totalBytes(), job.sizeBytes());
        assertEquals(List.of("perfdw", "tracegw"), scenario.reports(), "a trailing .d is dropped");
        assertEquals(HlogInterval.fixed(100_000_000L), scenario.output().hlogInterval());
        assertEquals(10_000_000_000L, scenario.drainTimeoutNs());

        DownstairsModel client0 = scenario.downstairs(0);
        assertEquals("lognormal", kind(client0.toDownstairs()));
        assertEquals(40_000.0, client0.toDownstairs().describe().get("median_ns"));
        assertEquals("exponential", kind(client0.toUpstairs()));
        assertEquals(Map.of("kind", "uniform", "min_ns", 10_000L, "max_ns", 30_000L), client0.read().fixed().describe());
        assertEquals(0.1, client0.read().perByteNs());
        assertEquals("normal", kind(client0.write().fixed()));
        assertEquals(0.25, client0.write().perByteNs());
        assertEquals("pareto", kind(client0.flush().fixed()));
        assertEquals(0.0, client0.flush().perByteNs());
    }

    @Test
    void shouldMergeEachClientKeyByKeyOverAll() {
        Scenario scenario = ScenarioLoader.load(resource("full.yaml"), List.of());
        DownstairsModel client1 = scenario.downstairs(1);
        DownstairsModel client2 = scenario.downstairs(2);

        assertEquals(client1, scenario.downstairs(0), "client 1 has no section of its own");
        assertNull(client2.toUpstairs(), "client 2's 'none' beats all's model");
        assertSame(client1.toDownstairs(), client2.toDownstairs(), "what client 2 leaves unset comes from all");
        assertSame(client1.flush().fixed(), client2.flush().fixed(), "flush.fixed comes from all...");
        assertEquals(0.5, client2.flush().perByteNs(), "...while flush.per_byte_ns is client 2's own");
    }

    @Test
    void shouldReplaceAModelWholeRatherThanMergeItsParameters() {
        Scenario scenario = yaml("""
                downstairs:
                  all:
                    service: {write: {fixed: {kind: lognormal, median: 40us, sigma: 0.4}, per_byte_ns: 0.25}}
                  1:
                    service: {write: {fixed: {kind: exponential, mean: 160us}}}
                """);
        assertEquals(Map.of("kind", "exponential", "mean_ns", 160_000.0), scenario.downstairs(1).write().fixed().describe());
        assertEquals(0.25, scenario.downstairs(1).write().perByteNs(), "per_byte_ns still comes from all");
        assertEquals("lognormal", kind(scenario.downstairs(0).write().fixed()));
        assertEquals("lognormal", kind(scenario.downstairs(2).write().fixed()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0          | 0",
        "100ns      | 100",
        "250us      | 250000",
        "1µs        | 1000",
        "30 us      | 30000",
        "1.5ms      | 1500000",
        "2s         | 2000000000",
        "0.5s       | 500000000",
        ".25ms      | 250000",
        "1_000ms    | 1000000000",
        "2.0000004s | 2000000400",
        "2.0000000004s | 2000000000",
        "2.0000000005s | 2000000001",
    })
    void shouldReadDurationsWithTheirUnit(String text, long expectedNs) {
        Scenario scenario = yaml("workload: {number_ios: 1, runtime: " + text + "}\n");
        assertEquals(expectedNs, scenario.workload().job().runtimeNs());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "4096   | 4096",
        "8_192  | 8192",
        "4k     | 4096",
        "4K     | 4096",
        "4KiB   | 4096",
        "64 KiB | 65536",
        "1m     | 1048576",
        "1M     | 1048576",
        "1MiB   | 1048576",
    })
    void shouldReadSizesInBytesOrPowersOf1024(String text, int expectedBytes) {
        Scenario scenario = yaml("workload: {bs: " + text + "}\nvolume: {extent_size: 4096}\n");
        assertEquals(expectedBytes, scenario.workload().job().blockSizes().minBytes());
    }

    @Test
    void shouldReadABlockSizeAsASize() {
        assertEquals(512, yaml("volume: {block_size: 512}\nworkload: {bs: 512}\n").volume().blockSizeBytes());
        assertEquals(32768, yaml("volume: {block_size: 32k}\nworkload: {bs: 32k}\n").volume().blockSizeBytes());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "none                                              | ",
        "0                                                 | {kind=constant, delay_ns=0}",
        "30us                                              | {kind=constant, delay_ns=30000}",
        "{kind: constant, delay: 1.5ms}                    | {kind=constant, delay_ns=1500000}",
        "{kind: uniform, min: 10us, max: 20us}             | {kind=uniform, min_ns=10000, max_ns=20000}",
        "{kind: exponential, mean: 50us}                   | {kind=exponential, mean_ns=50000.0}",
        "{kind: normal, mean: 50us, stddev: 5us}           | {kind=normal, mean_ns=50000.0, stddev_ns=5000.0}",
        "{kind: lognormal, median: 2ms, sigma: 0.4}        | {kind=lognormal, median_ns=2000000.0, sigma=0.4}",
        "{kind: pareto, scale: 1ms, shape: 1.5}            | {kind=pareto, scale_ns=1000000.0, shape=1.5}",
    })
    void shouldReadEveryModelForm(String text, String expectedDescription) {
        Scenario scenario = yaml("upstairs: {processing: " + text + "}\n");
        LatencyModel model = scenario.upstairs().processing();
        assertEquals(expectedDescription, model == null ? null : model.describe().toString());
    }

    @Test
    void shouldReadALognormalGivenByMeanAndStddev() {
        LatencyModel model = yaml("upstairs: {processing: {kind: lognormal, mean: 100us, stddev: 50us}}\n")
                .upstairs().processing();
        assertEquals("lognormal", kind(model));
        assertEquals(100_000.0, model.meanNs(), 1e-6);
    }

    @Test
    void shouldReadAMixtureWhoseNoneBranchIsNoDelay() {
        LatencyModel model = yaml("""
                downstairs:
                  all:
                    link:
                      to_downstairs:
                        kind: mixture
                        components:
                          - {weight: 0.99, model: none}
                          - weight: 0.01
                            model: {kind: mixture, components: [{weight: 1, model: 5ms}]}
                """).downstairs(0).toDownstairs();
        assertEquals("{kind=mixture, components=[{weight=0.99, model={kind=constant, delay_ns=0}}, "
                + "{weight=0.01, model={kind=mixture, components=[{weight=1.0, model={kind=constant, "
                + "delay_ns=5000000}}]}}]}", model.describe().toString());
        assertEquals(50_000.0, model.meanNs(), 1e-6);
    }

    @Test
    void shouldReadAnEmpiricalModelFromADTraceCaptureBesideTheFile() {
        Path dir = resource("perfdw-sample.txt").getParent();
        Scenario scenario = ScenarioLoader.loadText("""
                downstairs:
                  all:
                    service:
                      read: {fixed: {kind: empirical, dtrace: perfdw-sample.txt, key: "read   for downstairs client 0"}}
                      flush: {fixed: {kind: empirical, dtrace: perfdw-sample.txt, key: flush for downstairs client 0}}
                """, "x.yaml", dir, List.of());
        Map<String, Object> read = scenario.downstairs(0).read().fixed().describe();
        assertEquals("empirical", read.get("kind"));
        assertEquals("read for downstairs client 0", read.get("key"));
        assertEquals("flush for downstairs client 0", scenario.downstairs(2).flush().fixed().describe().get("key"));
    }

    @Test
    void shouldReadAnEmpiricalModelFromAnHdrHistogramLog(@TempDir Path dir) throws Exception {
        org.HdrHistogram.Histogram histogram = new org.HdrHistogram.Histogram(3);
        histogram.setStartTimeStamp(0);
        histogram.setEndTimeStamp(1000);
        for (int i = 0; i < 1000; i++) {
            histogram.recordValue(40_000 + i);
        }
        try (java.io.PrintStream out = new java.io.PrintStream(Files.newOutputStream(dir.resolve("link.hlog")), true,
                "UTF-8")) {
            org.HdrHistogram.HistogramLogWriter writer = new org.HdrHistogram.HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.outputLegend();
            writer.outputIntervalHistogram(histogram);
        }
        Scenario scenario = ScenarioLoader.loadText("upstairs: {processing: {kind: empirical, hdr_log: link.hlog}}\n",
                "x.yaml", dir, List.of());
        LatencyModel model = scenario.upstairs().processing();
        assertEquals("empirical", kind(model));
        assertEquals(40_500.0, model.meanNs(), 100.0);
    }

    @Test
    void shouldBuildAModelSharedByAllDownstairsOnce() {
        Scenario scenario = yaml("downstairs: {all: {link: {to_upstairs: {kind: exponential, mean: 30us}}}}\n");
        assertSame(scenario.downstairs(0).toUpstairs(), scenario.downstairs(2).toUpstairs());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "randrw    | 30 | 30",
        "randread  | 30 | 100",
        "randwrite | 30 | 0",
    })
    void shouldForceTheReadShareForReadOnlyAndWriteOnlyPatterns(String rw, int rwmixread, int expected) {
        assertEquals(expected, yaml("workload: {rw: " + rw + ", rwmixread: " + rwmixread + "}\n").workload().job().readPercent());
    }

    @ParameterizedTest
    @CsvSource({"true, true", "false, false", "yes, true", "no, false", "on, true", "off, false"})
    void shouldReadBooleans(String text, boolean expected) {
        assertEquals(expected, yaml("workload: {verify: " + text + "}\n").workload().job().verify());
    }

    @Test
    void shouldReadQuotedScalarsAsTheirText() {
        Scenario scenario = yaml("seed: \"12\"\nworkload: {iodepth: '3'}\n");
        assertEquals(12, scenario.seed());
        assertEquals(3, scenario.workload().job().ioDepth());
    }

    @Test
    void shouldNotReadLeadingZerosAsOctal() {
        assertEquals(10, yaml("workload: {iodepth: 010}\n").workload().job().ioDepth());
    }

    @Test
    void shouldAcceptReportsAsAListACommaSeparatedTextOrNone() {
        assertEquals(List.of("tracegw", "perfgw"), yaml("reports: [tracegw, perfgw]\n").reports());
        assertEquals(List.of("tracegw", "perfgw"), yaml("reports:\n  - tracegw\n  - perfgw\n").reports());
        assertEquals(List.of("tracegw", "perfgw"), yaml("reports: tracegw, perfgw\n").reports());
        assertEquals(List.of(), yaml("reports: []\n").reports());
    }

    @Test
    void shouldNameAScenarioAfterItsFile(@TempDir Path dir) throws Exception {
        Path yamlFile = Files.writeString(dir.resolve("my-run.yaml"), "seed: 3\n");
        Path ymlFile = Files.writeString(dir.resolve("other_run.v2.yml"), "seed: 3\n");
        Path named = Files.writeString(dir.resolve("whatever.yaml"), "name: chosen\n");
        assertEquals("my-run", ScenarioLoader.load(yamlFile, List.of()).name());
        assertEquals("other_run.v2", ScenarioLoader.load(ymlFile, List.of()).name());
        assertEquals("chosen", ScenarioLoader.load(named, List.of()).name());
    }

    @Test
    void shouldResolveEmpiricalPathsAgainstTheFilesDirectory(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("scenarios").resolve("data"));
        Files.copy(resource("perfdw-sample.txt"), sub.resolve("capture.txt"));
        Path file = Files.writeString(dir.resolve("scenarios").resolve("cal.yaml"),
                "upstairs: {processing: {kind: empirical, dtrace: data/capture.txt, key: read for downstairs client 0}}\n");
        assertEquals("empirical", kind(ScenarioLoader.load(file, List.of()).upstairs().processing()));
    }

    @Test
    void shouldIgnoreKeyOrderWithinSections() {
        Scenario a = yaml("workload: {iodepth: 4, bs: 8k}\nvolume: {block_size: 8k}\n");
        Scenario b = yaml("volume: {block_size: 8k}\nworkload: {bs: 8k, iodepth: 4}\n");
        assertEquals(a, b);
        assertFalse(a.describe().toString().isEmpty());
    }

    @Test
    void shouldLetEachJobInheritTheWorkloadLevelKeys() {
        Scenario scenario = yaml("workload:\n  runtime: 2s\n  bs: 8k\n  fsync: 0\n  jobs:\n"
                + "    - {name: reader, rw: randread, iodepth: 1, size: 50%}\n"
                + "    - {name: writer, rw: write, bs: 64k, iodepth: 32, offset: 50%, fsync: 32}\n");
        List<JobSpec> jobs = scenario.workload().jobs();
        assertEquals(List.of("reader", "writer"), jobs.stream().map(JobSpec::name).toList());
        JobSpec reader = jobs.get(0);
        JobSpec writer = jobs.get(1);
        assertEquals(100, reader.readPercent(), "randread forces the mix");
        assertEquals(8192, reader.blockSizes().maxBytes(), "inherited bs");
        assertEquals(0, reader.fsyncEveryWrites(), "inherited fsync");
        assertEquals(2_000_000_000L, reader.runtimeNs());
        assertEquals(0, reader.offsetBytes());
        assertEquals(scenario.volume().totalBytes() / 2, reader.sizeBytes());
        assertEquals(0, writer.readPercent());
        assertTrue(writer.sequential());
        assertEquals(65536, writer.blockSizes().minBytes(), "own bs wins");
        assertEquals(32, writer.fsyncEveryWrites(), "own fsync wins");
        assertEquals(scenario.volume().totalBytes() / 2, writer.offsetBytes());
        assertEquals(scenario.volume().totalBytes() / 2, writer.sizeBytes(), "size defaults to the rest of the volume");
    }

    @Test
    void shouldBindAnOpenLoopAndItsDistributions() {
        JobSpec job = yaml("workload: {rate_iops: 2500.5, rate_process: poisson, random_distribution: 'zipf:1.2', "
                + "bssplit: 4k/25:16k/75, buffer_pattern: 0xfeed}\n").workload().job();
        assertTrue(job.openLoop());
        assertEquals(2500.5, job.arrivals().ratePerSecond());
        assertEquals("poisson", job.arrivals().kind().fioName());
        assertEquals("zipf:1.2", job.distribution().describe());
        assertEquals(4096, job.blockSizes().minBytes());
        assertEquals(16384, job.blockSizes().maxBytes());
        assertEquals("0xfeed", job.buffer().describe());
        assertEquals("linear", yaml("workload: {rate_iops: 10}\n").workload().job().arrivals().kind().fioName(),
                "fio's default rate_process");
        assertNull(yaml("").workload().job().arrivals(), "closed loop by default");
    }

    @Test
    void shouldLoadAReplayedTraceWhenTheScenarioIsLoaded() {
        Path trace = Path.of("..", "bench", "src", "test", "resources", "traces", "fio-randrw-fsync4.iolog");
        JobSpec job = ScenarioLoader.loadText("workload: {read_iolog: '" + trace + "', replay_time_scale: 200, "
                + "replay_no_stall: true, iodepth: 4}\n", "x.yaml", Path.of("."), List.of()).workload().job();
        ReplaySpec replay = job.replay();
        assertEquals("fio iolog v3", replay.trace().formatName());
        assertEquals(132 + 124 + 61, replay.trace().size());
        assertTrue(replay.noStall());
        assertEquals(200, replay.timeScalePercent());
        assertEquals(500, replay.scaledNs(1000));
        assertEquals(0, job.runtimeNs(), "a replay runs to its end unless a runtime is written");
        assertTrue(job.reads() && job.writes() && job.flushes());
        assertFalse(job.openLoop(), "no stall: a closed loop over the trace");
    }

    @Test
    void shouldLetAJobsOwnKeysOverrideAnInheritedGroupInsteadOfClashing() {
        List<JobSpec> jobs = yaml("workload:\n  bssplit: 4k/50:8k/50\n  zero_buffers: true\n"
                + "  random_distribution: zipf:1.2\n  jobs:\n"
                + "    - {name: a}\n"
                + "    - {name: b, bsrange: 16k-32k, buffer_pattern: 0xab, rw: write}\n").workload().jobs();
        assertEquals("bssplit=4k/50:8k/50", jobs.get(0).blockSizes().describe());
        assertEquals("zero", jobs.get(0).buffer().describe());
        assertEquals("zipf:1.2", jobs.get(0).distribution().describe());
        assertEquals(16384, jobs.get(1).blockSizes().minBytes(), "the job's bsrange, not the inherited bssplit");
        assertEquals("0xab", jobs.get(1).buffer().describe());
        assertEquals("random", jobs.get(1).distribution().describe(), "a sequential job drops an inherited zipf");
    }

    @Test
    void shouldDescribeAReplayByItsFileNameSoTheWorkingDirectoryDoesNotMatter() {
        Path trace = Path.of("..", "bench", "src", "test", "resources", "traces", "fio-randrw-fsync4.iolog");
        Scenario scenario = ScenarioLoader.loadText("workload: {read_iolog: '" + trace + "'}\n", "x.yaml", Path.of("."),
                List.of());
        Map<?, ?> job = (Map<?, ?>) ((List<?>) scenario.workload().describe().get("jobs")).get(0);
        assertEquals("fio-randrw-fsync4.iolog", job.get("read_iolog"));
        assertEquals(132L, ((Number) job.get("reads")).longValue());
        assertEquals(61L, ((Number) job.get("flushes")).longValue());
    }

    private static String kind(LatencyModel model) {
        return (String) model.describe().get("kind");
    }
}
