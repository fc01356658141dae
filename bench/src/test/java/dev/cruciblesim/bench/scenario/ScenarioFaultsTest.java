package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.fault.FaultKind;
import dev.cruciblesim.bench.fault.FaultSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cruciblesim.bench.scenario.ScenarioFixtures.error;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code faults:} list and {@code --fault}: what binds to which FaultSpec, and every way one is refused. */
class ScenarioFaultsTest {
    private static final long MS = 1_000_000;
    private static final long S = 1_000_000_000;
    private static final String FAULT_KEYS = "kind, client, at, after_ios, duration, factor, probability";
    private static final String ONE_START = "a fault starts at one time (at: 2s, after the volume is active) or after "
            + "a number of guest IOs (after_ios: 10000)";
    private static final String PROBABILITY = "must be a probability above 0 and at most 1 (0.01 for one IO in a "
            + "hundred)";
    private static final String EXAMPLE = "e.g. disconnect,client=1,at=2s,duration=3s";

    private static final String EVERY_KIND = """
            faults:
              - {kind: disconnect, client: 0, at: 2s, duration: 3s}
              - {kind: stall, client: 1, after_ios: 10000, duration: 500ms}
              - {kind: slow, client: 2, at: 0, duration: 1s, factor: 4}
              - {kind: errors, client: 0, at: 1ms, duration: 2ms}
              - {kind: corrupt, client: 1, after_ios: 5, duration: 1s, probability: 0.25}
              - {kind: errors, client: 2, at: 3s, duration: 1s, probability: 0.01}
            """;

    // ---------------------------------------------------------------- what binds

    @Test
    void shouldBindAFaultOfEachKindWithItsListIndexAsItsId() {
        assertEquals(List.of(
                new FaultSpec(0, FaultKind.DISCONNECT, 0, 2 * S, 0, 3 * S, 1.0, 0.0),
                new FaultSpec(1, FaultKind.STALL, 1, -1, 10_000, 500 * MS, 1.0, 0.0),
                new FaultSpec(2, FaultKind.SLOW, 2, 0, 0, S, 4.0, 0.0),
                new FaultSpec(3, FaultKind.ERRORS, 0, MS, 0, 2 * MS, 1.0, 1.0),
                new FaultSpec(4, FaultKind.CORRUPT, 1, -1, 5, S, 1.0, 0.25),
                new FaultSpec(5, FaultKind.ERRORS, 2, 3 * S, 0, S, 1.0, 0.01)), yaml(EVERY_KIND).faults());
    }

    @Test
    void shouldGiveErrorsAndCorruptAProbabilityOfOneByDefault() {
        List<FaultSpec> faults = yaml("faults:\n  - {kind: errors, client: 0, at: 0, duration: 1s}\n"
                + "  - {kind: corrupt, client: 1, at: 0, duration: 1s}\n").faults();
        assertEquals(1.0, faults.get(0).probability());
        assertEquals(1.0, faults.get(1).probability());
    }

    @Test
    void shouldBindFaultsInVirtualTimeAndBlockStyleToo() {
        Scenario scenario = yaml("clock: virtual\nfaults:\n  - kind: stall\n    client: 2\n    at: 10ms\n"
                + "    duration: 1ms\n");
        assertEquals(List.of(new FaultSpec(0, FaultKind.STALL, 2, 10 * MS, 0, MS, 1.0, 0.0)), scenario.faults());
    }

    @Test
    void shouldHaveNoFaultsWhenTheListIsAbsentEmptyOrNull() {
        assertEquals(List.of(), yaml("seed: 1\n").faults());
        assertEquals(List.of(), yaml("faults: []\n").faults());
        assertEquals(List.of(), yaml("faults:\n").faults());
    }

    @Test
    void shouldAppendCommandLineFaultsAfterTheFilesInOrder() {
        Scenario scenario = yaml("faults:\n  - {kind: stall, client: 1, at: 1s, duration: 1s}\n",
                ScenarioOverride.fault("disconnect,client=2,at=2s,duration=3s"),
                ScenarioOverride.fault("slow, client = 0, after_ios = 100, duration = 5ms, factor = 2.5"));

        assertEquals(List.of(
                new FaultSpec(0, FaultKind.STALL, 1, S, 0, S, 1.0, 0.0),
                new FaultSpec(1, FaultKind.DISCONNECT, 2, 2 * S, 0, 3 * S, 1.0, 0.0),
                new FaultSpec(2, FaultKind.SLOW, 0, -1, 100, 5 * MS, 2.5, 0.0)), scenario.faults());
    }

    @Test
    void shouldReplaceTheFilesFaultsWithTheCommandLinesAfterUnset() {
        Scenario scenario = yaml("faults:\n  - {kind: stall, client: 1, at: 1s, duration: 1s}\n",
                ScenarioOverride.unset("faults", "--unset"),
                ScenarioOverride.fault("kind=errors,client=2,at=0,duration=1s,probability=0.5"));

        assertEquals(List.of(new FaultSpec(0, FaultKind.ERRORS, 2, 0, 0, S, 1.0, 0.5)), scenario.faults());
    }

    @Test
    void shouldMakeTheListFromCommandLineFaultsWithoutAFile() {
        Scenario scenario = ScenarioLoader.load(null, List.of(ScenarioOverride.fault("stall,client=0,at=1ms,"
                + "duration=2ms")));
        assertEquals(List.of(new FaultSpec(0, FaultKind.STALL, 0, MS, 0, 2 * MS, 1.0, 0.0)), scenario.faults());
    }

    // ---------------------------------------------------------------- what is refused

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{kind: explode, client: 0, at: 0, duration: 1s}          | faults[0].kind: unknown fault kind 'explode'; one of disconnect, stall, slow, errors, corrupt, kill, restart",
        "{kind: stall, client: 3, at: 0, duration: 1s}            | faults[0].client: must be 0, 1 or 2 (a downstairs client), got '3'",
        "{kind: stall, client: -1, at: 0, duration: 1s}           | faults[0].client: must be 0, 1 or 2 (a downstairs client), got '-1'",
        "{kind: stall, client: 0, at: 0, duration: -1s}           | faults[0].duration: must be a duration above 0 (how long the fault lasts), got '-1s'",
        "{kind: stall, client: 0, at: 0, duration: 0}             | faults[0].duration: must be a duration above 0 (how long the fault lasts), got '0'",
        "{kind: stall, client: 0, at: 0, duration: 0ms}           | faults[0].duration: must be a duration above 0 (how long the fault lasts), got '0ms'",
        "{kind: stall, client: 0, at: 0}                          | faults[0].duration: missing; stall lasts a duration (duration: 3s)",
        "{kind: stall, at: 0, duration: 1s}                       | faults[0].client: missing; a fault names the downstairs client it acts on: 0, 1 or 2",
        "{client: 0, at: 0, duration: 1s}                         | faults[0].kind: missing; a fault names its kind, one of disconnect, stall, slow, errors, corrupt, kill, restart",
        "{kind: stall, client: 0, at: 1s, after_ios: 5, duration: 1s} | faults[0].at: both at and after_ios are given; " + ONE_START,
        "{kind: stall, client: 0, duration: 1s}                   | faults[0].at: missing, and so is after_ios; " + ONE_START,
        "{kind: stall, client: 0, after_ios: 0, duration: 1s}     | faults[0].after_ios: must be a whole number of guest IOs, at least 1, got '0'",
        "{kind: stall, client: 0, at: -1s, duration: 1s}          | faults[0].at: must be a duration >= 0 after the volume is active (0 starts the fault at once), got '-1s'",
        "{kind: stall, client: 0, at: -5, duration: 1s}           | faults[0].at: must be a duration >= 0 after the volume is active (0 starts the fault at once), got '-5'",
        "{kind: stall, client: 0, at: 2, duration: 1s}            | faults[0].at: a duration needs a unit (ns, us, ms, s), got '2'; write e.g. 2ms",
        "{kind: stall, client: 0, at: 0, duration: 1s, factor: 2} | faults[0].factor: only a slow fault takes a factor",
        "{kind: slow, client: 0, at: 0, duration: 1s}             | faults[0].factor: missing; slow multiplies the downstairs' service times by a factor (factor: 4)",
        "{kind: slow, client: 0, at: 0, duration: 1s, factor: 0.5} | faults[0].factor: must be a number of at least 1 (4 makes service 4 times as slow), got '0.5'",
        "{kind: errors, client: 0, at: 0, duration: 1s, probability: 0}   | faults[0].probability: " + PROBABILITY + ", got '0'",
        "{kind: corrupt, client: 0, at: 0, duration: 1s, probability: 1.5} | faults[0].probability: " + PROBABILITY + ", got '1.5'",
        "{kind: slow, client: 0, at: 0, duration: 1s, factor: 2, probability: 0.5} | faults[0].probability: only an errors or corrupt fault takes a probability",
        "{kind: stall, client: 0, at: 0, duration: 1s, colour: red} | faults[0].colour: unknown key; expected one of " + FAULT_KEYS,
    })
    void shouldNameTheKeyOfABadFault(String fault, String expected) {
        assertEquals("scenarios/x.yaml:3: " + expected, error("seed: 1\nfaults:\n  - " + fault + "\n"));
    }

    @Test
    void shouldPointAtTheLineOfTheKeyInABlockStyleFault() {
        assertEquals("scenarios/x.yaml:5: faults[1].client: must be 0, 1 or 2 (a downstairs client), got '3'",
                error("faults:\n  - {kind: stall, client: 0, at: 0, duration: 1s}\n  - kind: stall\n    at: 1s\n"
                        + "    client: 3\n    duration: 1s\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "kill    | clock: virtual        | simulated",
        "restart | clock: virtual        | simulated",
        "kill    | transport: in-process | in-process",
        "restart | transport: in-process | in-process",
        "kill    | transport: tcp        | servers inside this process",
    })
    void shouldRefuseKillAndRestartForTheyNeedADownstairsProcessOfItsOwn(String kind, String setting, String ours) {
        assertEquals("scenarios/x.yaml:3: faults[0].kind: " + kind + " acts on a downstairs running as a process of "
                + "its own (transport processes); this run's downstairs are " + ours + "; use transport processes, "
                + "or disconnect or stall instead", error(setting + "\nfaults:\n  - {kind: " + kind
                        + ", client: 0, at: 1s}\n"));
    }

    @Test
    void shouldTakeKillWithADurationAndRestartWithoutOneForDownstairsProcesses() {
        Scenario scenario = ScenarioLoader.loadText("transport: processes\nfaults:\n"
                + "  - {kind: kill, client: 1, at: 1s, duration: 2s}\n  - {kind: restart, client: 2, after_ios: 50}\n",
                "scenarios/x.yaml", null, List.of());
        assertEquals(List.of(new FaultSpec(0, FaultKind.KILL, 1, 1_000_000_000L, 0, 2_000_000_000L, 1.0, 0.0),
                new FaultSpec(1, FaultKind.RESTART, 2, -1, 50, 0, 1.0, 0.0)), scenario.faults());
        assertEquals("scenarios/x.yaml:3: faults[0].duration: missing; kill lasts a duration (duration: 3s)",
                error("transport: processes\nfaults:\n  - {kind: kill, client: 1, at: 1s}\n"));
        assertEquals("scenarios/x.yaml:3: faults[0].duration: restart takes no duration",
                error("transport: processes\nfaults:\n  - {kind: restart, client: 1, at: 1s, duration: 1s}\n"));
        assertEquals("scenarios/x.yaml:3: faults[0].kind: stall acts inside the downstairs, and with transport "
                + "processes they run in processes of their own; disconnect, kill and restart reach them",
                error("transport: processes\nfaults:\n  - {kind: stall, client: 1, at: 1s, duration: 1s}\n"));
        assertEquals("scenarios/x.yaml:1: transport: processes run in real time: virtual time simulates its "
                + "downstairs; use clock real, or transport in-process", error("transport: processes\nclock: virtual\n"));
    }

    @Test
    void shouldRefuseFaultsThatAreNotAList() {
        assertEquals("scenarios/x.yaml:2: faults: must be a list of faults, each a map with keys " + FAULT_KEYS
                + "; got '3'", error("seed: 1\nfaults: 3\n"));
        assertEquals("scenarios/x.yaml:1: faults: must be a list of faults, each a map with keys " + FAULT_KEYS
                + "; got a map", error("faults: {kind: stall}\n"));
    }

    @Test
    void shouldRefuseAListItemThatIsNotAMap() {
        assertEquals("scenarios/x.yaml:3: faults[1]: must be a map with keys " + FAULT_KEYS + ", got 'stall'",
                error("faults:\n  - {kind: stall, client: 0, at: 0, duration: 1s}\n  - stall\n"));
    }

    @Test
    void shouldLeaveFaultsThatAreNotAListForTheFileToBeRefusedWhereItWroteThem() {
        assertEquals("scenarios/x.yaml:1: faults: must be a list of faults, each a map with keys " + FAULT_KEYS
                + "; got '3'", error("faults: 3\n", ScenarioOverride.fault("stall,client=0,at=0,duration=1s")));
    }

    @Test
    void shouldRefuseACommandLineFaultThatIsNotKindThenKeyEqualsValue() {
        assertEquals("--fault: expected KIND,key=value,... (" + EXAMPLE + "), got ''",
                error("", ScenarioOverride.fault("")));
        assertEquals("--fault: expected KIND,key=value,... (" + EXAMPLE + "), got '  '",
                error("", ScenarioOverride.fault("  ")));
        assertEquals("--fault: 'client' in 'disconnect,client' is not key=value (" + EXAMPLE + ")",
                error("", ScenarioOverride.fault("disconnect,client")));
        assertEquals("--fault: '=1' in 'disconnect,=1' is not key=value (" + EXAMPLE + ")",
                error("", ScenarioOverride.fault("disconnect,=1")));
        assertEquals("--fault: 'disconnect,client=1,at=0,client=2' gives client twice",
                error("", ScenarioOverride.fault("disconnect,client=1,at=0,client=2")));
        assertEquals("--fault: 'disconnect,kind=stall' gives kind twice",
                error("", ScenarioOverride.fault("disconnect,kind=stall")));
    }

    @Test
    void shouldNameTheOptionAndTheAppendedFaultsIndexForABadCommandLineFault() {
        String file = "faults:\n  - {kind: stall, client: 1, at: 1s, duration: 1s}\n";
        assertEquals("--fault: faults[1].client: must be 0, 1 or 2 (a downstairs client), got '3'",
                error(file, ScenarioOverride.fault("disconnect,client=3,at=0,duration=1s")));
        assertEquals("--fault: faults[1].factor: missing; slow multiplies the downstairs' service times by a factor "
                + "(factor: 4)", error(file, ScenarioOverride.fault("slow,client=0,at=0,duration=1s")));
        assertEquals("--fault: faults[1].colour: unknown key; expected one of " + FAULT_KEYS,
                error(file, ScenarioOverride.fault("stall,client=0,at=0,duration=1s,colour=red")));
        assertEquals("--fault: faults[2].kind: unknown fault kind 'explode'; one of disconnect, stall, slow, errors, "
                + "corrupt, kill, restart", error(file, ScenarioOverride.fault("stall,client=0,at=0,duration=1s"),
                        ScenarioOverride.fault("explode,client=0")));
        assertEquals("--fault: faults[1].at: both at and after_ios are given; " + ONE_START,
                error(file, ScenarioOverride.fault("stall,client=0,at=0,after_ios=1,duration=1s")));
    }

    // ---------------------------------------------------------------- describe

    @Test
    void shouldDescribeEachFaultWithOnlyTheKeysItsKindUses() {
        Map<String, Object> disconnect = ordered("kind", "disconnect", "client", 0, "at_ns", 2 * S,
                "duration_ns", 3 * S);
        Map<String, Object> stall = ordered("kind", "stall", "client", 1, "after_ios", 10_000L,
                "duration_ns", 500 * MS);
        Map<String, Object> slow = ordered("kind", "slow", "client", 2, "at_ns", 0L, "duration_ns", S,
                "factor", 4.0);
        Map<String, Object> errors = ordered("kind", "errors", "client", 0, "at_ns", MS, "duration_ns", 2 * MS,
                "probability", 1.0);
        Map<String, Object> corrupt = ordered("kind", "corrupt", "client", 1, "after_ios", 5L, "duration_ns", S,
                "probability", 0.25);

        Object described = yaml(EVERY_KIND).describe().get("faults");

        assertTrue(described instanceof List<?>, "faults describe as a list: " + described);
        List<?> faults = (List<?>) described;
        assertEquals(List.of(disconnect, stall, slow, errors, corrupt), faults.subList(0, 5));
        for (int i = 0; i < 5; i++) {
            assertEquals(List.copyOf(List.of(disconnect, stall, slow, errors, corrupt).get(i).keySet()),
                    List.copyOf(((Map<?, ?>) faults.get(i)).keySet()), "keys in a fixed order");
        }
    }

    @Test
    void shouldDescribeNoFaultsAsAnEmptyList() {
        assertEquals(List.of(), yaml("seed: 1\n").describe().get("faults"));
    }

    /** @return a map of the given keys and values, in that order */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
