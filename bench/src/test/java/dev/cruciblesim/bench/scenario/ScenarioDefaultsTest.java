package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.workload.BufferContent;
import dev.cruciblesim.bench.workload.JobSpec;
import dev.cruciblesim.bench.workload.gen.BlockSizes;
import dev.cruciblesim.bench.workload.gen.RandomDistribution;
import dev.cruciblesim.bench.cli.RunCommand;
import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.random.SeedStreams;
import dev.cruciblesim.tracing.report.Reports;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.policy.UpstairsPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.LinkedHashMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cruciblesim.bench.scenario.ScenarioFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every key is optional, and leaving it out gives what `crucible-sim run` gives without options. */
class ScenarioDefaultsTest {
    private static final long SECOND_NS = 1_000_000_000L;
    /** "(default: 8)", "(Crucible O default: 5000)", "(Crucible O: 100)", "(default: 32; with ...)". */
    private static final Pattern STATED_DEFAULT = Pattern.compile("(?:default|Crucible O): ([^);]+)[);]");

    /**
     * Without a file, virtual time takes scenarios/healthy.yaml's latency models (and nothing else
     * of it), and an option still changes any one of them.
     */
    @Test
    void shouldGiveTheHealthyModelsToTheVirtualDefault() {
        Scenario healthy = ScenarioLoader.load(Path.of("../scenarios/healthy.yaml"), List.of());
        Scenario virtual = ScenarioLoader.load(null, List.of(new ScenarioOverride("clock", "virtual", "--clock")));
        assertEquals(ClockKind.VIRTUAL, virtual.clock());
        assertEquals(healthy.describe().get("downstairs"), virtual.describe().get("downstairs"));
        assertEquals(healthy.upstairs().describe(), virtual.upstairs().describe());
        assertNotEquals(healthy.workload().job().describe(), virtual.workload().job().describe(),
                "the workload stays the built-in one");
        assertEquals(ScenarioLoader.defaults().workload().job().describe(), virtual.workload().job().describe());

        Scenario changed = ScenarioLoader.load(null, List.of(new ScenarioOverride("clock", "virtual", "--clock"),
                new ScenarioOverride("downstairs.all.link.to_downstairs", "7us", "--set")));
        assertEquals(healthy.downstairs().get(0).toUpstairs().describe(),
                changed.downstairs().get(0).toUpstairs().describe());
        assertEquals(Scenario.describe(dev.cruciblesim.sim.latency.LatencyModels.constant(7_000)),
                changed.downstairs().get(0).toDownstairs().describe());
        assertEquals(List.of(DownstairsModel.NONE, DownstairsModel.NONE, DownstairsModel.NONE),
                ScenarioLoader.load(null, List.of(new ScenarioOverride("clock", "real", "--clock"))).downstairs(),
                "real time keeps no models");
    }

    @Test
    void shouldGiveTheCliDefaultsWithoutAFile() {
        Scenario scenario = ScenarioLoader.load(null, List.of());

        assertEquals("default", scenario.name());
        assertEquals(SeedStreams.DEFAULT_ROOT_SEED, scenario.seed());
        assertEquals(ClockKind.REAL, scenario.clock());
        assertEquals("in-process", scenario.transport());
        assertEquals(new RegionDefinition(DownstairsConfig.DEFAULT_BLOCK_SIZE_BYTES,
                ScenarioSchema.DEFAULT_EXTENT_SIZE_BLOCKS, ScenarioSchema.DEFAULT_EXTENT_COUNT), scenario.volume());
        assertEquals(new UpstairsSettings(UpstairsPolicies.DEFAULT, UpstairsConfig.O_MAX_IN_FLIGHT_PER_CLIENT,
                UpstairsConfig.O_FLUSH_TIMEOUT_NS, UpstairsConfig.DEFAULT_STATUS_INTERVAL_NS, null),
                scenario.upstairs());
        assertEquals(List.of(DownstairsModel.NONE, DownstairsModel.NONE, DownstairsModel.NONE),
                scenario.downstairs());
        JobSpec job = scenario.workload().job();
        assertEquals(JobSpec.builder(ScenarioSchema.DEFAULT_JOB_NAME).rw(ScenarioSchema.DEFAULT_RW)
                .readPercent(ScenarioSchema.DEFAULT_READ_PERCENT)
                .blockSizes(BlockSizes.fixed(Integer.toString(BlockSizes.DEFAULT_BYTES)))
                .ioDepth(ScenarioSchema.DEFAULT_QUEUE_DEPTH).arrivals(null).numberIos(0)
                .runtimeNs(ScenarioSchema.DEFAULT_RUNTIME_NS).offsetBytes(0).sizeBytes(scenario.volume().totalBytes())
                .distribution(RandomDistribution.uniform()).fsyncEveryWrites(ScenarioSchema.DEFAULT_FSYNC_EVERY_WRITES)
                .flushShare(0.0).buffer(BufferContent.RANDOM).verify(true).replay(null).build().describe(),
                job.describe());
        assertEquals(Reports.NAMES, scenario.reports());
        assertEquals(new OutputSettings(HlogInterval.fixed(SECOND_NS), false), scenario.output());
        assertEquals(ScenarioSchema.DEFAULT_DRAIN_TIMEOUT_NS, scenario.drainTimeoutNs());
        assertEquals(scenario, ScenarioLoader.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "# only a comment\n", "~\n", "---\n", "{}\n"})
    void shouldTreatAnEmptyFileAsAllDefaults(String text) {
        Scenario scenario = yaml(text);
        assertEquals("x", scenario.name(), "named after the file");
        assertEquals(ScenarioLoader.defaults().describe().toString().replace("name=default", "name=x"),
                scenario.describe().toString());
    }

    @Test
    void shouldTreatEmptySectionsAsDefaults() {
        Scenario scenario = yaml("volume:\nupstairs: {}\ndownstairs:\n  all:\n  1: {}\nworkload:\noutput:\n");
        assertEquals(ScenarioLoader.defaults().describe().toString().replace("name=default", "name=x"),
                scenario.describe().toString());
    }

    /**
     * Reads the defaults the run command's help promises ("(default: 8)"), so that the help and the scenario defaults
     * cannot drift apart silently. An option whose help no longer states a default is skipped, but most must.
     */
    @Test
    void shouldMatchTheDefaultsTheRunCommandsHelpStates() {
        Scenario scenario = ScenarioLoader.defaults();
        JobSpec workload = scenario.workload().job();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("--seed", Long.toString(scenario.seed()));
        expected.put("--duration", Long.toString(workload.runtimeNs() / SECOND_NS));
        expected.put("--ios", Long.toString(workload.numberIos()));
        expected.put("--queue-depth", Integer.toString(workload.ioDepth()));
        expected.put("--rw", workload.rw());
        expected.put("--read-percent", Integer.toString(workload.readPercent()));
        expected.put("--fsync", Integer.toString(workload.fsyncEveryWrites()));
        expected.put("--flush-mix", "0");
        expected.put("--bs", Integer.toString(workload.blockSizes().minBytes()));
        expected.put("--block-size", Integer.toString(scenario.volume().blockSizeBytes()));
        expected.put("--extent-size", Integer.toString(scenario.volume().extentSizeBlocks()));
        expected.put("--extent-count", Integer.toString(scenario.volume().extentCount()));
        expected.put("--report", String.join(",", scenario.reports()));
        expected.put("--status-interval-ms", Long.toString(scenario.upstairs().statusIntervalNs() / 1_000_000));
        expected.put("--flush-timeout-ms", Long.toString(scenario.upstairs().flushTimeoutNs() / 1_000_000));
        expected.put("--max-in-flight", Integer.toString(scenario.upstairs().maxInFlightPerClient()));
        expected.put("--verify", workload.verify() ? "on" : "off");
        expected.put("--drain-timeout-ms", Long.toString(scenario.drainTimeoutNs() / 1_000_000));
        assertEquals(0.0, workload.flushShare());

        CommandLine.Model.CommandSpec run = new CommandLine(new RunCommand()).getCommandSpec();
        int compared = 0;
        for (Map.Entry<String, String> option : expected.entrySet()) {
            OptionSpec spec = run.findOption(option.getKey());
            if (spec == null) {
                continue;
            }
            Matcher stated = STATED_DEFAULT.matcher(String.join(" ", spec.description()));
            if (!stated.find()) {
                continue;
            }
            String value = stated.group(1).strip();
            if (option.getKey().equals("--bs")) {
                value = String.valueOf(Quantities.parseSizeBytes(value));
            }
            assertEquals(option.getValue(), value, option.getKey() + " help: " + String.join(" ", spec.description()));
            compared++;
        }
        assertTrue(compared >= 10, "the run command's help states only " + compared + " defaults; compare with "
                + "wherever it keeps them now");
    }

    @Test
    void shouldKeepTheDefaultModelsAbsent() {
        Scenario scenario = ScenarioLoader.defaults();
        DownstairsModel model = scenario.downstairs(1);
        assertEquals(null, model.toDownstairs());
        assertEquals(null, model.toUpstairs());
        assertEquals(ServiceTime.NONE, model.write());
        assertNotNull(scenario.describe().get("downstairs"));
    }
}
