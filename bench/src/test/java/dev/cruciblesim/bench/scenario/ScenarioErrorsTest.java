package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.workload.HarnessLimits;
import dev.cruciblesim.bench.workload.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.cruciblesim.bench.scenario.ScenarioFixtures.error;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.resource;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a scenario is refused, each with the file, the line and the key path in one line. */
class ScenarioErrorsTest {
    // ---------------------------------------------------------------- keys

    @Test
    void shouldNameAnUnknownKeyAndTheKeysAllowedThere() {
        assertEquals("scenarios/x.yaml:7: workload.iodeth: unknown key; expected one of "
                + String.join(", ", ScenarioSchema.WORKLOAD_KEYS),
                error("# header\nname: x\n\nworkload:\n  rw: randrw\n  bs: 4k\n  iodeth: 4\n"));
        assertEquals("scenarios/x.yaml:2: volumes: unknown key; expected one of name, seed, clock, transport, runtime, "
                + "volume, upstairs, downstairs, workload, faults, reports, output, drain_timeout",
                error("seed: 2\nvolumes: {}\n"));
    }

    @Test
    void shouldRefuseUnknownKeysDeepInsideDownstairsEvenWhereTheyWouldNotMatter() {
        assertEquals("scenarios/x.yaml:2: downstairs.3: unknown key; expected one of all, 0, 1, 2",
                error("downstairs:\n  3: {}\n"));
        assertEquals("scenarios/x.yaml:5: downstairs.all.service.writes: unknown key; expected one of read, write, flush",
                error("downstairs:\n  all:\n    link: {to_upstairs: none}\n    service:\n      writes: {fixed: 1ms}\n"));
        assertEquals("scenarios/x.yaml:3: downstairs.1.service.read.per_byte: unknown key; expected one of fixed, "
                + "per_byte_ns", error("downstairs:\n  1:\n    service: {read: {per_byte: 1}}\n"));
        assertEquals("scenarios/x.yaml:5: downstairs.all.link.to_downstairs.median: unknown key; expected one of "
                + "kind, mean", error("downstairs:\n  all:\n    link:\n      to_downstairs: {kind: exponential, "
                        + "mean: 3us,\n        median: 2us}\n"));
    }

    @Test
    void shouldRefuseADuplicateKeyNamingBothLines() {
        assertEquals("scenarios/x.yaml:4: workload.iodepth: duplicate key (first at line 2)",
                error("workload:\n  iodepth: 4\n  bs: 4k\n  iodepth: 8\n"));
        assertEquals("scenarios/x.yaml:3: seed: duplicate key (first at line 1)", error("seed: 1\nclock: real\nseed: 2\n"));
    }

    @Test
    void shouldRefuseASectionThatIsNotAMap() {
        assertEquals("scenarios/x.yaml:2: workload: must be a map with keys " + String.join(", ",
                ScenarioSchema.WORKLOAD_KEYS) + ", got '8'", error("seed: 1\nworkload: 8\n"));
        assertEquals("scenarios/x.yaml:1: volume: must be a map with keys block_size, extent_size, extent_count, "
                + "payload, got a list", error("volume: [4k]\n"));
    }

    // ---------------------------------------------------------------- values

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "workload: {iodepth: abc}      | workload.iodepth: must be an integer from 1 to 65536, got 'abc'",
        "workload: {iodepth: 0}        | workload.iodepth: must be an integer from 1 to 65536, got '0'",
        "workload: {iodepth: 2.5}      | workload.iodepth: must be an integer from 1 to 65536, got '2.5'",
        "workload: {iodepth: [1]}      | workload.iodepth: must be an integer from 1 to 65536, got a list",
        "workload: {iodepth: }         | workload.iodepth: must be an integer from 1 to 65536, got nothing",
        "workload: {iodepth: 0x10}     | workload.iodepth: must be an integer from 1 to 65536, got '0x10'",
        "workload: {rwmixread: 101}    | workload.rwmixread: must be an integer from 0 to 100, got '101'",
        "workload: {fsync: -1}         | workload.fsync: must be an integer from 0 (none) to 2147483647 (a flush after every N writes), got '-1'",
        "workload: {flush_mix: 1.5}    | workload.flush_mix: must be a number from 0 to 1 (the probability that an IO is a flush), got '1.5'",
        "workload: {number_ios: -1}    | workload.number_ios: must be an integer from 0 (no limit) to 9223372036854775807, got '-1'",
        "workload: {verify: maybe}     | workload.verify: must be true or false, got 'maybe'",
        "workload: {rw: randmix}       | workload.rw: must be one of randrw, randread, randwrite, rw, readwrite, read, write (fio's names), got 'randmix'",
        "workload: {iodepth: 65537}    | workload.iodepth: must be an integer from 1 to 65536, got '65537'",
        "workload: {rate_iops: 0}      | workload.rate_iops: must be a number of IOs per second above 0 and at most 10000000 (an open loop), got '0'",
        "workload: {rate_iops: 10, rate_process: bursty} | workload.rate_process: rate_process must be linear or poisson, got 'bursty'",
        "workload: {rate_process: poisson} | workload.rate_process: applies only with rate_iops (an open loop); set rate_iops too",
        "workload: {random_distribution: zipf:-1} | workload.random_distribution: ZIPF",
        "workload: {size: 200%}        | workload.size: must be a size such as 64m or a percentage of the volume such as 50% (0% to 100%), got '200%'",
        "workload: {offset: 1000}      | workload.offset: must be a multiple of the volume's block size, 4096 bytes, got 1000",
        "workload: {buffer_pattern: dead} | workload.buffer_pattern: BUFFER",
        "workload: {replay_no_stall: true} | workload.replay_no_stall: applies only to a job with read_iolog",
        "workload: {jobs: []}          | workload.jobs: must be a non-empty list of jobs, each a map with a name and the workload keys it sets differently, e.g. [{name: reader, rw: randread, iodepth: 1}]",
        "workload: {bs: 4kb}           | workload.bs: must be a size in bytes such as 4096, 4k or 1MiB, got '4kb'",
        "workload: {bs: 2m}            | workload.bs: must be at most 1 MiB (1048576 bytes; Crucible's guest splits larger IO), got '2m'",
        "workload: {bs: 0}             | workload.bs: must be a size > 0 bytes, got '0'",
        "volume: {block_size: 3000}    | volume.block_size: must be a power of two from 512 to 32768 bytes (512, 4k, 32KiB, ...), got '3000'",
        "volume: {block_size: 64k}     | volume.block_size: must be a power of two from 512 to 32768 bytes (512, 4k, 32KiB, ...), got '64k'",
        "volume: {extent_count: 0}     | volume.extent_count: must be an integer from 1 to 2147483647, got '0'",
        "upstairs: {max_in_flight: 65537} | upstairs.max_in_flight: must be an integer from 1 to 65536, got '65537'",
        "upstairs: {flush_timeout: 500us} | upstairs.flush_timeout: must be a duration of at least 1ms, got '500us'",
        "upstairs: {status_interval: soon} | upstairs.status_interval: must be a duration of at least 1ms such as 5s or 1.5ms (units: ns, us, ms, s), got 'soon'",
        "workload: {runtime: -1s, number_ios: 5} | workload.runtime: must be a duration >= 0 (0 for no limit), got '-1s'",
        "drain_timeout: 0              | drain_timeout: must be a duration of at least 1ms, got '0'",
        "output: {hlog_interval: 1m}   | output.hlog_interval: must be a duration of at least 1ms such as 5s or 1.5ms (units: ns, us, ms, s), got '1m'",
        "seed: one                     | seed: must be an integer from -9223372036854775808 to 9223372036854775807, got 'one'",
        "clock: wall                   | clock: must be real or virtual, got 'wall'",
        "transport: rdma               | transport: must be in-process, tcp or processes, got 'rdma'",
        "runtime: {wait_strategy: spin} | runtime.wait_strategy: must be one of blocking, sleeping, yielding, busy-spin, park-spin, got 'spin'",
        "{clock: virtual, transport: tcp} | transport: tcp runs in real time: virtual time simulates its links; use clock real, or transport in-process",
        "name: my run                  | name: must be a name matching [A-Za-z0-9._-]{1,64}, got 'my run'",
        "downstairs: {all: {service: {write: {per_byte_ns: -1}}}} | downstairs.all.service.write.per_byte_ns: must be a number from 0 to 1000000 (nanoseconds per byte), got '-1'",
        "downstairs: {all: {service: {write: {per_byte_ns: 1e300}}}} | downstairs.all.service.write.per_byte_ns: must be a number from 0 to 1000000 (nanoseconds per byte), got '1e300'",
    })
    void shouldSayWhatIsWrongWithAValue(String text, String expected) {
        String message = error(text + "\n");
        if (expected.endsWith(": ZIPF") || expected.endsWith(": BUFFER")) {
            // The generator's own words follow the key; only where they start is ours.
            String prefix = "scenarios/x.yaml:1: " + expected.substring(0, expected.lastIndexOf(':') + 2);
            assertTrue(message.startsWith(prefix) && message.length() > prefix.length() + 10, message);
            return;
        }
        assertEquals("scenarios/x.yaml:1: " + expected, message);
    }

    @Test
    void shouldAskForAUnitOnANumberWithoutOne() {
        assertEquals("scenarios/x.yaml:2: workload.runtime: a duration needs a unit (ns, us, ms, s), got '3'; "
                + "write e.g. 3ms", error("workload:\n  runtime: 3\n"));
        assertEquals("scenarios/x.yaml:1: upstairs.processing: a duration needs a unit (ns, us, ms, s), got '250'; "
                + "write e.g. 250ms", error("upstairs: {processing: 250}\n"));
        assertEquals("scenarios/x.yaml:1: upstairs.processing.mean: a duration needs a unit (ns, us, ms, s), got "
                + "'1.5'; write e.g. 1.5ms", error("upstairs: {processing: {kind: exponential, mean: 1.5}}\n"));
    }

    // ---------------------------------------------------------------- latency models

    @Test
    void shouldPrefixALatencyModelsOwnMessageWithItsLocation() {
        assertEquals("scenarios/x.yaml:12: downstairs.all.link.to_downstairs: exponential: mean must be > 0 ns, "
                + "got -5.0", error("\n".repeat(8) + "downstairs:\n  all:\n    link:\n      to_downstairs: {kind: "
                        + "exponential, mean: -5ns}\n"));
        assertEquals("scenarios/x.yaml:1: upstairs.processing: uniform: max 1000 ns is below min 2000 ns",
                error("upstairs: {processing: {kind: uniform, min: 2us, max: 1us}}\n"));
        assertEquals("scenarios/x.yaml:1: upstairs.processing: constant: delay must be >= 0 ns, got -3000",
                error("upstairs: {processing: -3us}\n"));
    }

    @Test
    void shouldPointModelErrorsAtTheKeyThatHoldsTheModel() {
        assertEquals("scenarios/x.yaml:2: upstairs.processing: lognormal: needs sigma (a number)",
                error("upstairs:\n  processing:\n    kind: lognormal\n    median: 2ms\n"));
        assertEquals("scenarios/x.yaml:2: upstairs.processing: a latency model map needs kind: one of constant, "
                + "uniform, exponential, normal, lognormal, pareto, mixture, empirical",
                error("upstairs:\n  processing:\n    mean: 2ms\n"));
        assertEquals("scenarios/x.yaml:3: upstairs.processing.kind: unknown model kind 'gamma'; expected one of "
                + "constant, uniform, exponential, normal, lognormal, pareto, mixture, empirical",
                error("upstairs:\n  processing:\n    kind: gamma\n    mean: 2ms\n"));
        assertEquals("scenarios/x.yaml:1: upstairs.processing: lognormal: takes median and sigma, or mean and stddev, "
                + "not a mix", error("upstairs: {processing: {kind: lognormal, median: 2ms, stddev: 1ms}}\n"));
        assertEquals("scenarios/x.yaml:1: upstairs.processing: must be none, a duration such as 30us (a constant "
                + "delay) or a map with kind: constant, uniform, exponential, normal, lognormal, pareto, mixture, "
                + "empirical, got 'fast'", error("upstairs: {processing: fast}\n"));
        assertEquals("scenarios/x.yaml:1: upstairs.processing: has no value; write none for no delay, a duration "
                + "such as 30us, or a map with kind", error("upstairs: {processing: }\n"));
    }

    @Test
    void shouldNameTheComponentOfAMixture() {
        String text = """
                downstairs:
                  all:
                    link:
                      to_downstairs:
                        kind: mixture
                        components:
                          - {weight: 0.99, model: 30us}
                          - {weight: lots, model: 5ms}
                """;
        assertEquals("scenarios/x.yaml:8: downstairs.all.link.to_downstairs.components[1].weight: must be a number > 0 "
                + "(weights are relative), got 'lots'", error(text));
        assertEquals("scenarios/x.yaml:8: downstairs.all.link.to_downstairs.components[1].model: exponential: mean "
                + "must be > 0 ns, got 0.0", error(text.replace("weight: lots, model: 5ms",
                        "weight: 0.01, model: {kind: exponential, mean: 0}")));
        assertEquals("scenarios/x.yaml:4: downstairs.all.link.to_downstairs: mixture: weight of component 1 must be "
                + "> 0, got -1.0", error(text.replace("lots", "-1")));
    }

    @Test
    void shouldNameAnEmpiricalCaptureThatCannotBeReadOrHasNoSuchKey() {
        Path dir = resource("perfdw-sample.txt").getParent();
        ScenarioException missing = assertThrows(ScenarioException.class, () -> ScenarioLoader.loadText(
                "upstairs:\n  processing: {kind: empirical, dtrace: nothing-here.txt}\n", "x.yaml", dir, List.of()));
        assertEquals("x.yaml:2: upstairs.processing.dtrace: empirical: cannot read " + dir.resolve("nothing-here.txt")
                + ": no such file", missing.getMessage());

        ScenarioException noKey = assertThrows(ScenarioException.class, () -> ScenarioLoader.loadText(
                "upstairs:\n  processing: {kind: empirical, dtrace: perfdw-sample.txt, key: write for downstairs "
                        + "client 0}\n", "x.yaml", dir, List.of()));
        assertTrue(noKey.getMessage().startsWith("x.yaml:2: upstairs.processing: empirical: perfdw-sample.txt: "),
                noKey.getMessage());
        assertTrue(noKey.getMessage().contains("'write for downstairs client 0'"), noKey.getMessage());

        assertEquals("scenarios/x.yaml:1: upstairs.processing: empirical: takes dtrace or hdr_log, not both",
                error("upstairs: {processing: {kind: empirical, dtrace: a.txt, hdr_log: b.hlog}}\n"));
        assertEquals("scenarios/x.yaml:1: upstairs.processing.key: unknown key; expected one of kind, hdr_log, tag",
                error("upstairs: {processing: {kind: empirical, hdr_log: b.hlog, key: x}}\n"));
    }

    // ---------------------------------------------------------------- the file as a whole

    @Test
    void shouldGiveTheParsersOwnShortMessageForASyntaxError() {
        assertEquals("scenarios/x.yaml:3: YAML syntax error: mapping values are not allowed here",
                error("seed: 1\nworkload:\n  iodepth: 4 bs: 4k\n"));
        assertEquals("scenarios/x.yaml:3: YAML syntax error: expected ',' or ']', but got : (while parsing a flow "
                + "sequence started at line 2)", error("seed: 1\nreports: [perfgw, tracegw\nclock: real\n"));
        String tab = error("workload:\n\tiodepth: 4\n");
        assertTrue(tab.startsWith("scenarios/x.yaml:2: YAML syntax error: "), tab);
    }

    @Test
    void shouldRefuseATopLevelThatIsNotAMap() {
        assertEquals("scenarios/x.yaml:1: top level: must be a map of settings (name, seed, clock, volume, ...), got a "
                + "list", error("- seed: 1\n"));
        assertEquals("scenarios/x.yaml:1: top level: must be a map of settings (name, seed, clock, volume, ...), got "
                + "'healthy'", error("healthy\n"));
    }

    @Test
    void shouldRefuseASecondDocumentAndAliases() {
        assertEquals("scenarios/x.yaml:3: top level: a second YAML document ('---') was found; a scenario is one "
                + "document", error("seed: 1\n---\nseed: 2\n"));
        assertEquals("scenarios/x.yaml:3: downstairs.1.link.to_upstairs: YAML aliases (*slow) are not supported; "
                + "write the value out (or use downstairs.all for what the three downstairs share)",
                error("downstairs:\n  0: {link: {to_upstairs: &slow 1ms}}\n  1: {link: {to_upstairs: *slow}}\n"));
    }

    @Test
    void shouldSayWhyAFileCannotBeRead(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");
        assertEquals(missing + ": cannot read: no such file",
                assertThrows(ScenarioException.class, () -> ScenarioLoader.load(missing, List.of())).getMessage());
        assertEquals(dir + ": cannot read: is a directory",
                assertThrows(ScenarioException.class, () -> ScenarioLoader.load(dir, List.of())).getMessage());
    }

    @Test
    void shouldRefuseAFileNameThatIsNoScenarioNameUnlessTheFileNamesItself(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("my run.yaml"), "seed: 1\n");
        assertEquals(file + ": name: the file name gives 'my run', which is not a valid scenario name "
                + "([A-Za-z0-9._-]{1,64}); add a name: key",
                assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file, List.of())).getMessage());
        Files.writeString(file, "name: my-run\n");
        assertEquals("my-run", ScenarioLoader.load(file, List.of()).name());
    }

    // ---------------------------------------------------------------- cross-field checks

    @Test
    void shouldRefuseAVolumeLargerThanTheHarnessTracks() {
        assertEquals("scenarios/x.yaml:4: volume.extent_count: extent_size 65536 x extent_count 65537 = 4295032832 "
                + "blocks; the harness tracks at most 4294967296",
                error("volume:\n  block_size: 512\n  extent_size: 65536\n  extent_count: 65537\n"));
        assertEquals("scenarios/x.yaml:2: volume.extent_size: extent_size 134217729 x extent_count 32 = 4294967328 "
                + "blocks; the harness tracks at most 4294967296",
                error("volume:\n  extent_size: 134217729\n"));
    }

    @Test
    void shouldRefuseAnIoSizeThatIsNotAMultipleOfTheBlockSize() {
        assertEquals("scenarios/x.yaml:3: workload.bs: workload.bs 6144 bytes (6 KiB) is not a multiple of volume.block_size "
                + "4096 bytes (4 KiB)", error("volume: {extent_size: 64}\nworkload:\n  bs: 6144\n"));
        assertEquals("scenarios/x.yaml:2: volume.block_size: workload.bs 4096 bytes (4 KiB) is not a multiple of "
                + "volume.block_size 8192 bytes (8 KiB)", error("seed: 1\nvolume: {block_size: 8k}\n"));
    }

    @Test
    void shouldRefuseARegionThatCannotHoldTheLargestIo() {
        assertEquals("scenarios/x.yaml:1: workload.size: the job's region of 4096 bytes cannot hold its largest IO of "
                + "8192 bytes", error("workload: {size: 4k, bs: 8k}\n"));
        assertEquals("scenarios/x.yaml:1: workload.size: offset 4096 + size 134217728 = 134221824 bytes passes the end "
                + "of the volume (134217728 bytes)", error("workload: {size: 128m, offset: 4k}\n"));
        assertEquals("scenarios/x.yaml:1: workload.offset: is at or past the end of the volume (134217728 bytes)",
                error("workload: {offset: 100%}\n"));
    }

    @Test
    void shouldRefuseAJobListThatIsAmbiguous() {
        assertEquals("scenarios/x.yaml:4: workload.jobs[1].name: job name 'a' is used twice; job names must differ",
                error("workload:\n  jobs:\n  - {name: a}\n  - {name: a}\n"));
        assertEquals("scenarios/x.yaml:1: workload.name: names the single job of a workload without jobs; with a jobs "
                + "list, name each job instead", error("workload: {name: x, jobs: [{name: a}]}\n"));
        assertEquals("scenarios/x.yaml:3: workload.jobs[0].rw: does not apply to a job that replays read_iolog",
                error("workload:\n  jobs:\n  - {name: a, rw: read, read_iolog: ../src/test/resources/traces/hand-sample.csv}\n"));
        assertEquals("scenarios/x.yaml:1: workload.bssplit: bssplit and bsrange both give the IO sizes; set one",
                error("workload: {bssplit: 4k/100, bsrange: 4k-8k}\n"));
    }

    @Test
    void shouldRefuseGeneratorKeysBesideAReplayAndTooManyOrClashingJobs() {
        String trace = "../src/test/resources/traces/hand-sample.csv";
        assertEquals("scenarios/x.yaml:1: workload.rw: does not apply to a job that replays read_iolog",
                error("workload: {read_iolog: '" + trace + "', rw: read}\n"));
        assertEquals("--rate-iops: workload.rate_iops: does not apply to a job that replays read_iolog",
                error("workload: {read_iolog: '" + trace + "'}\n",
                        new ScenarioOverride("workload.rate_iops", "5", "--rate-iops")));
        StringBuilder many = new StringBuilder("workload:\n  jobs:\n");
        for (int i = 0; i <= HarnessLimits.MAX_JOBS; i++) {
            many.append("  - {name: j").append(i).append("}\n");
        }
        assertEquals("scenarios/x.yaml:3: workload.jobs: has 65 jobs; at most 64 run at once", error(many.toString()));
        assertEquals("scenarios/x.yaml:4: workload.jobs[1].name: job name 'Job1' is used twice; job names must differ",
                error("workload:\n  jobs:\n  - {name: job1}\n  - {name: Job1}\n"));
        assertEquals("scenarios/x.yaml:1: workload.rate_iops: must be a number of IOs per second above 0 and at most 10000000 (an open loop), got '1e9'",
                error("workload: {rate_iops: 1e9}\n"));
    }

    @Test
    void shouldNameTheTraceFileAndLineOfABadReplayLine() throws java.io.IOException {
        java.nio.file.Path trace = java.nio.file.Files.createTempFile("bad", ".csv");
        try {
            java.nio.file.Files.writeString(trace, "time_us,op,offset_bytes,length_bytes\n0,read,0,4096\n5,scribble,0,4096\n");
            String message = error("workload: {read_iolog: '" + trace + "'}\n");
            assertTrue(message.startsWith("scenarios/x.yaml:1: workload.read_iolog: " + trace + ":3: "), message);
            assertTrue(message.contains("scribble"), message);
            java.nio.file.Files.writeString(trace, "time_us,op,offset_bytes,length_bytes\n0,read,134217728,4096\n");
            String outside = error("workload: {read_iolog: '" + trace + "'}\n");
            assertTrue(outside.startsWith("scenarios/x.yaml:1: workload.read_iolog: " + trace + ":2: "), outside);
        } finally {
            java.nio.file.Files.delete(trace);
        }
    }

    @Test
    void shouldRefuseAWorkloadThatNeverStopsInVirtualTime() {
        String never = " would never stop; give one of them a limit (in real time such a run goes on until "
                + "interrupted with ^C)";
        assertEquals("scenarios/x.yaml:4: workload.runtime: runtime and number_ios are both 0, so in virtual time the "
                + "workload" + never, error("clock: virtual\nworkload:\n  number_ios: 0\n  runtime: 0\n"));
        assertEquals("scenarios/x.yaml:2: workload.runtime: runtime and number_ios are both 0, so in virtual time job b"
                + never, error("clock: virtual\nworkload: {runtime: 0, jobs: [{name: a, number_ios: 5}, {name: b}]}\n"));
        assertEquals("scenarios/x.yaml:3: workload.runtime: runtime and number_ios are both 0, so in virtual time the "
                + "workload" + never, error("clock: virtual\nworkload:\n  runtime: 0\n"));
    }

    /** In real time a run with neither limit is dtrace -s: it goes on until ^C. */
    @Test
    void shouldAcceptAnUnlimitedWorkloadInRealTime() {
        Scenario scenario = ScenarioLoader.loadText("workload: {runtime: 0, jobs: [{name: a, number_ios: 5}, "
                + "{name: b}]}\n", "x.yaml", Path.of("."), List.of());
        assertEquals(List.of("b"), scenario.workload().unlimitedJobs().stream().map(JobSpec::name).toList());
    }

    @Test
    void shouldRefuseUnknownAndRepeatedReports() {
        assertEquals("scenarios/x.yaml:3: reports[1]: unknown report 'perfxx'; choose from perfgw, perfdw, "
                + "perf-upstairs-rw, tracegw, upstairs_info, perfjob, perffault", error("reports:\n  - perfgw\n  - perfxx\n"));
        assertEquals("scenarios/x.yaml:1: reports[2]: names report 'perfgw' twice",
                error("reports: [perfgw, tracegw, perfgw.d]\n"));
        assertEquals("scenarios/x.yaml:1: reports: has an empty report name; choose from perfgw, perfdw, "
                + "perf-upstairs-rw, tracegw, upstairs_info, perfjob, perffault", error("reports: perfgw,,tracegw\n"));
    }

    // ---------------------------------------------------------------- overrides

    @Test
    void shouldNameTheOptionInsteadOfALineForAnOverride() {
        assertEquals("--queue-depth: workload.iodepth: must be an integer from 1 to 65536, got '0'",
                error("workload: {iodepth: 4}\n", new ScenarioOverride("workload.iodepth", "0", "--queue-depth")));
        assertEquals("--report: reports: unknown report 'bogus'; choose from perfgw, perfdw, perf-upstairs-rw, "
                + "tracegw, upstairs_info, perfjob, perffault", error("", new ScenarioOverride("reports", "perfgw,bogus", "--report")));
        assertEquals("--set: workload.iodeth: unknown key; expected one of " + String.join(", ", ScenarioSchema.WORKLOAD_KEYS),
                error("", set("workload.iodeth", "4")));
        assertEquals("--set: 'workload..iodepth' is not a key path (keys joined by dots, e.g. workload.iodepth)",
                error("", set("workload..iodepth", "4")));
        String flow = error("", set("upstairs.processing", "{kind: exponential, mean: 3us"));
        assertTrue(flow.startsWith("--set: upstairs.processing: YAML syntax error: "), flow);
    }

    @Test
    void shouldBlameTheOverrideInACrossFieldCheckItTookPartIn() {
        assertEquals("--block-size: volume.block_size: workload.bs 4096 bytes (4 KiB) is not a multiple of "
                + "volume.block_size 8192 bytes (8 KiB)", error("workload: {bs: 4k}\n",
                        new ScenarioOverride("volume.block_size", "8192", "--block-size")));
        assertEquals("--bs: workload.bs: workload.bs 6144 bytes (6 KiB) is not a multiple of volume.block_size 4096 "
                + "bytes (4 KiB)", error("volume: {block_size: 4k}\n", new ScenarioOverride("workload.bs", "6k", "--bs")));
    }

    @Test
    void shouldRefuseAMalformedSetArgument() {
        assertEquals("--set: expected key.path=value (e.g. workload.iodepth=4), got 'workload.iodepth'",
                assertThrows(ScenarioException.class, () -> ScenarioOverride.set("workload.iodepth")).getMessage());
        assertEquals("--set: expected key.path=value (e.g. workload.iodepth=4), got '=4'",
                assertThrows(ScenarioException.class, () -> ScenarioOverride.set("=4")).getMessage());
    }
}
