package dev.cruciblesim.bench.cli;

import dev.cruciblesim.bench.scenario.ClockKind;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.workload.JobSpec;
import dev.cruciblesim.bench.workload.gen.BlockSizes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * How the run command's options become the scenario: in the order given, later wins, whether an
 * option is named or --set; and every duration and size option takes the scenario file's grammar.
 */
class RunOptionsTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private static Scenario resolve(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run.resolveScenario();
    }

    @Test
    void shouldLetTheLaterOfANamedOptionAndSetWin() {
        assertEquals(ClockKind.REAL, resolve("--set", "clock=virtual", "--clock", "real", "--ios", "5").clock());
        assertEquals(ClockKind.VIRTUAL, resolve("--clock", "real", "--set", "clock=virtual", "--ios", "5").clock());
        assertEquals(16, resolve("--set", "workload.iodepth=4", "--queue-depth", "16").workload().job().ioDepth());
        assertEquals(4, resolve("--queue-depth", "16", "--set", "workload.iodepth=4").workload().job().ioDepth());
        assertEquals(2, resolve("--set", "workload.iodepth=4", "--queue-depth", "16", "--set", "workload.iodepth=2")
                .workload().job().ioDepth());
    }

    @Test
    void shouldReadDurationsWithTheFilesUnitsAndBareNumbersInTheOptionsOwn() {
        assertEquals(10 * MS, resolve("--duration", "10ms").workload().job().runtimeNs());
        assertEquals(10 * SECOND, resolve("--duration", "10").workload().job().runtimeNs());
        assertEquals(1_500 * MS, resolve("--duration", "1.5").workload().job().runtimeNs());
        assertEquals(2 * SECOND, resolve("--status-interval-ms", "2s").upstairs().statusIntervalNs());
        assertEquals(250 * MS, resolve("--status-interval-ms", "250").upstairs().statusIntervalNs());
        assertEquals(7 * SECOND, resolve("--flush-timeout-ms", "7s").upstairs().flushTimeoutNs());
        assertEquals(1_500 * MS, resolve("--drain-timeout-ms", "1500").drainTimeoutNs());
        assertEquals(90 * SECOND, resolve("--drain-timeout-ms", "90s").drainTimeoutNs());
    }

    @Test
    void shouldReadTheBlockSizeWithTheFilesUnits() {
        assertEquals(4096, resolve("--block-size", "4k").volume().blockSizeBytes());
        assertEquals(8192, resolve("--block-size", "8192", "--bs", "8k").volume().blockSizeBytes());
    }

    @Test
    void shouldNameTheOptionWhenItsValueIsBad() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> resolve("--duration", "10 parsecs"));
        assertEquals("--duration: workload.runtime", e.getMessage().substring(0, "--duration: workload.runtime".length()),
                e.getMessage());
    }

    @Test
    void shouldGiveADurationsTrueRangeAndRefuseOneThatRoundsToTheSpecialZero() {
        assertEquals("--duration: workload.runtime: must be at most 9223372036854775807ns (about 292 years), got "
                + "'1000000000000000000s'", refusal("--duration", "1e18"));
        assertEquals("--drain-timeout-ms: drain_timeout: must be at most 9223372036854775807ns (about 292 years), got "
                + "'99999999999999999999ms'", refusal("--drain-timeout-ms", "99999999999999999999"));
        assertEquals("--duration: workload.runtime: rounds to 0ns, which here means no limit; durations are whole "
                + "nanoseconds: give at least 1ns, or 0, got '0.0000000001s'", refusal("--duration", "1e-10"));
        assertEquals(0, resolve("--duration", "0", "--ios", "5").workload().job().runtimeNs());
        assertEquals(1, resolve("--duration", "1ns").workload().job().runtimeNs());
    }

    private static String refusal(String... args) {
        return assertThrows(CommandLine.ParameterException.class, () -> resolve(args)).getMessage();
    }

    @Test
    void shouldLetANamedOptionReachEveryJobOverWhatTheJobSetItself() {
        List<JobSpec> jobs = resolve("../scenarios/mixed-jobs.yaml", "--queue-depth", "3", "--rw", "randwrite")
                .workload().jobs();

        assertEquals(List.of("reader", "writer"), jobs.stream().map(JobSpec::name).toList());
        for (JobSpec job : jobs) {
            assertEquals(3, job.ioDepth(), job.name());
            assertEquals("randwrite", job.rw(), job.name());
        }
        assertEquals(32, jobs.get(1).fsyncEveryWrites(), "what the command line does not name stays the job's");
    }

    @Test
    void shouldLetANamedSizeReplaceTheFilesWholeSizeGroup(@TempDir Path directory) throws IOException {
        Path scenario = Files.writeString(directory.resolve("sizes.yaml"), String.join("\n",
                "workload:",
                "  bsrange: 4k-16k",
                "  runtime: 1s",
                "  jobs:",
                "    - name: a",
                "    - name: b",
                "      bssplit: 4k/50:64k/50",
                ""));

        for (JobSpec job : resolve(scenario.toString(), "--bs", "8k").workload().jobs()) {
            assertEquals(BlockSizes.fixed("8k"), job.blockSizes(), job.name());
        }
        List<JobSpec> setOnly = resolve(scenario.toString(), "--set", "workload.iodepth=5").workload().jobs();
        assertEquals(BlockSizes.split("4k/50:64k/50"), setOnly.get(1).blockSizes(),
                "--set sets the key it names and nothing else");
    }

    @Test
    void shouldReplayATraceAgainstAScenarioThatGeneratesIo() {
        String trace = "../scenarios/data/fio-randrw-fsync4.iolog";
        for (String scenario : List.of("../scenarios/healthy.yaml", "../scenarios/mixed-jobs.yaml")) {
            List<JobSpec> jobs = resolve(scenario, "--replay", trace).workload().jobs();
            assertEquals(1, jobs.size(), scenario);
            assertEquals(317, jobs.get(0).replay().trace().size(), scenario + ": the trace's IOs");
        }
    }

    @Test
    void shouldAddressAJobsKeyByIndexOrByName() {
        List<JobSpec> jobs = resolve("../scenarios/mixed-jobs.yaml", "--set", "workload.jobs.writer.iodepth=5",
                "--set", "workload.jobs[0].iodepth=2").workload().jobs();
        assertEquals(List.of(2, 5), jobs.stream().map(JobSpec::ioDepth).toList());

        assertEquals("--set: workload.jobs.nobody.iodepth: no item named 'nobody'; the names are reader, writer",
                refusal("../scenarios/mixed-jobs.yaml", "--set", "workload.jobs.nobody.iodepth=5"));
        assertEquals("--set: workload.jobs[7].iodepth: the list has 2 items, indexed from 0",
                refusal("../scenarios/mixed-jobs.yaml", "--set", "workload.jobs[7].iodepth=5"));
        assertEquals("--set: workload.jobs.reader: address a key of the item, e.g. workload.jobs.reader.iodepth",
                refusal("../scenarios/mixed-jobs.yaml", "--set", "workload.jobs.reader=5"));
    }

    @Test
    void shouldUnsetAKeyInTheOrderGiven(@TempDir Path directory) throws IOException {
        Path scenario = Files.writeString(directory.resolve("range.yaml"), "workload: {bsrange: 8k-16k, runtime: 1s}\n");

        assertEquals(BlockSizes.fixed("4k"), resolve(scenario.toString(), "--unset", "workload.bsrange")
                .workload().job().blockSizes(), "the default size once the file's range is gone");
        assertEquals(BlockSizes.range("4k-8k"), resolve(scenario.toString(), "--unset", "workload.bsrange", "--set",
                "workload.bsrange=4k-8k").workload().job().blockSizes());
        assertEquals(BlockSizes.fixed("4k"), resolve(scenario.toString(), "--set", "workload.bsrange=4k-8k",
                "--unset", "workload.bsrange").workload().job().blockSizes());
        assertEquals(2, resolve("../scenarios/mixed-jobs.yaml", "--unset", "workload.jobs.reader.iodepth", "--set",
                "workload.iodepth=2").workload().jobs().get(0).ioDepth(), "the job now inherits the workload's");
    }

    @Test
    void shouldNameABadRateProcessEvenWithoutARate() {
        assertEquals("--rate-process: workload.rate_process: rate_process must be linear or poisson, got 'foo'",
                refusal("--rate-process", "foo"));
        assertEquals("--rate-process: workload.rate_process: applies only with rate_iops (an open loop); set "
                + "rate_iops too", refusal("--rate-process", "poisson"));
    }
}
