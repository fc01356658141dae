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

    /**
     * The one wording of a located error.
     *
     * @param path the dotted key path; empty when no key is involved (the message then names the place alone)
     */
    static ScenarioException at(Origin origin, String path, String what) {
        return new ScenarioException(located(origin, path, what));
    }

    /** As {@link #at(Origin, String, String)}, keeping the exception that found the problem. */
    static ScenarioException at(Origin origin, String path, String what, Throwable cause) {
        return new ScenarioException(located(origin, path, what), cause);
    }

    private static String located(Origin origin, String path, String what) {
        return origin.prefix() + ": " + (path.isEmpty() ? "" : path + ": ") + what;
    }
}
