package dev.cruciblesim.bench.scenario;

import org.junit.jupiter.api.Test;

import static dev.cruciblesim.bench.scenario.ScenarioFixtures.SOURCE;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Text no scenario holds is one line in the project's words, at the line where it is. */
class ScenarioTextLimitsTest {
    @Test
    void shouldRefuseDeepNestingAtItsLineWithoutTheParsersInternals() {
        String deep = "seed: 1\nworkload:\n  jobs:\n    - " + "{a: ".repeat(100) + "1" + "}".repeat(100) + "\n";

        assertEquals(SOURCE + ":4: workload.jobs[0]" + ".a".repeat(22) + "...: nested more than 64 levels deep; a "
                + "scenario is a few levels deep", error(deep));
        assertEquals(SOURCE + ":1: x" + "[0]".repeat(19) + "[0...: nested more than 64 levels deep; a scenario is a few "
                + "levels deep", error("x: " + "[".repeat(3000) + "]".repeat(3000) + "\n"));
    }

    @Test
    void shouldReportAControlCharacterOnItsOwnLine() {
        assertEquals(SOURCE + ":2: a control character (U+0000) is not allowed in YAML",
                error("seed: 1\n\u0000\nclock: virtual\n"));
        assertEquals(SOURCE + ":3: a control character (U+0007) is not allowed in YAML",
                error("seed: 1\nclock: virtual\nname: a\u0007b\n"));
    }
}
