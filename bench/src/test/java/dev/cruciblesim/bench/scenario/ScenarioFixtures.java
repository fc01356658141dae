package dev.cruciblesim.bench.scenario;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shorthands for the scenario tests: YAML text in, a scenario or an error message out. */
final class ScenarioFixtures {
    /** What the messages of {@link #yaml} call the text. */
    static final String SOURCE = "scenarios/x.yaml";

    private ScenarioFixtures() {
    }

    static Scenario yaml(String text, ScenarioOverride... overrides) {
        return ScenarioLoader.loadText(text, SOURCE, Path.of("scenarios"), List.of(overrides));
    }

    /** @return the message of the error the text is refused with, asserted to be one line */
    static String error(String text, ScenarioOverride... overrides) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> yaml(text, overrides));
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"),
                () -> "one line: " + e.getMessage());
        return e.getMessage();
    }

    static ScenarioOverride set(String keyPath, String value) {
        return new ScenarioOverride(keyPath, value, "--set");
    }

    /** @return a file under src/test/resources/scenario, as copied to the test classpath */
    static Path resource(String name) {
        try {
            return Path.of(ScenarioFixtures.class.getResource("/scenario/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
