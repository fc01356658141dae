package dev.cruciblesim.bench.scenario;

/**
 * A scenario the user wrote that cannot run. The message is one line:
 * {@code <file>:<line>: <key.path>: <what is wrong>}, or {@code <option>: <key.path>: <what is wrong>} when the value
 * came from the command line, so the CLI prints it as it is and exits 2.
 */
public class ScenarioException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
