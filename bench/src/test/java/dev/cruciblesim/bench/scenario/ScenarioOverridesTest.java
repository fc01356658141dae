package dev.cruciblesim.bench.scenario;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.cruciblesim.bench.scenario.ScenarioFixtures.resource;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.set;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Command-line settings over the file: they win, they create what the file lacks, they are checked alike. */
class ScenarioOverridesTest {
    @Test
    void shouldBeatTheFilesValue() {
        Scenario scenario = yaml("workload:\n  iodepth: 8\n  bs: 4k\n",
                new ScenarioOverride("workload.iodepth", "4", "--queue-depth"));
        assertEquals(4, scenario.workload().job().ioDepth());
        assertEquals(4096, scenario.workload().job().blockSizes().minBytes(), "the file's other keys stay");
    }

    @Test
    void shouldLetTheLastOverrideOfAKeyWin() {
        assertEquals(2, yaml("", set("workload.iodepth", "7"), set("workload.iodepth", "2")).workload().job().ioDepth());
    }

    @Test
    void shouldCreateTheMapsTheFileLacks() {
        Scenario scenario = yaml("seed: 3\n", set("downstairs.2.link.to_upstairs", "40us"),
                set("volume.extent_count", "64"));
        assertEquals(Map.of("kind", "constant", "delay_ns", 40_000L), scenario.downstairs(2).toUpstairs().describe());
        assertNull(scenario.downstairs(0).toUpstairs());
        assertEquals(64, scenario.volume().extentCount());
        assertEquals(3, scenario.seed());
    }

    @Test
    void shouldWorkWithoutAFile() {
        Scenario scenario = ScenarioLoader.load(null, List.of(set("name", "cli"), set("clock", "virtual"),
                new ScenarioOverride("workload.runtime", "0", "--duration"),
                new ScenarioOverride("workload.number_ios", "1000", "--ios")));
        assertEquals("cli", scenario.name());
        assertEquals(ClockKind.VIRTUAL, scenario.clock());
        assertEquals(1000, scenario.workload().job().numberIos());
        assertEquals(0, scenario.workload().job().runtimeNs());
    }

    @Test
    void shouldSetOneParameterOfAModelTheFileWrote() {
        Scenario scenario = yaml("upstairs: {processing: {kind: lognormal, median: 2us, sigma: 0.3}}\n",
                set("upstairs.processing.median", "5us"));
        assertEquals(5_000.0, scenario.upstairs().processing().describe().get("median_ns"));
        assertEquals(0.3, scenario.upstairs().processing().describe().get("sigma"));
    }

    @Test
    void shouldReplaceAWholeModelGivenInFlowStyle() {
        Scenario scenario = yaml("upstairs: {processing: {kind: lognormal, median: 2us, sigma: 0.3}}\n",
                set("upstairs.processing", "{kind: exponential, mean: 3us}"));
        assertEquals(Map.of("kind", "exponential", "mean_ns", 3_000.0), scenario.upstairs().processing().describe());
    }

    @Test
    void shouldReplaceAScalarThatStandsWhereAMapIsNeeded() {
        Scenario scenario = yaml("upstairs: {processing: 2us}\n", set("upstairs.processing.kind", "exponential"),
                set("upstairs.processing.mean", "9us"));
        assertEquals(9_000.0, scenario.upstairs().processing().meanNs(), 1e-9);
    }

    @Test
    void shouldTakeACommaSeparatedOrFlowListOfReports() {
        assertEquals(List.of("perfgw", "tracegw"),
                yaml("reports: [perfdw]\n", new ScenarioOverride("reports", "perfgw,tracegw", "--report")).reports());
        assertEquals(List.of("upstairs_info"), yaml("", set("reports", "[upstairs_info]")).reports());
        assertEquals(List.of(), yaml("", set("reports", "")).reports());
    }

    @Test
    void shouldResolveAnOverridesPathAgainstTheWorkingDirectory() {
        String absolute = resource("perfdw-sample.txt").toAbsolutePath().toString();
        Scenario scenario = yaml("", set("upstairs.processing", "{kind: empirical, dtrace: '" + absolute
                + "', key: read for downstairs client 0}"));
        assertEquals("empirical", scenario.upstairs().processing().describe().get("kind"));
    }

    @Test
    void shouldParseSetArguments() {
        assertEquals(new ScenarioOverride("workload.iodepth", "4", "--set"), ScenarioOverride.set("workload.iodepth=4"));
        assertEquals(new ScenarioOverride("name", "a=b", "--set"), ScenarioOverride.set("name=a=b"));
        assertEquals(6, yaml("", ScenarioOverride.set("workload.iodepth=6")).workload().job().ioDepth());
    }
}
