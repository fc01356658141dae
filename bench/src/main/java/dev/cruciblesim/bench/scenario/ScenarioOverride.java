package dev.cruciblesim.bench.scenario;

import java.util.Objects;

/**
 * One command-line setting applied over the scenario file, e.g. {@code ("workload.iodepth", "4", "--queue-depth")},
 * {@code ("reports", "perfgw,tracegw", "--report")} or {@code ("downstairs.1.link.to_upstairs", "40us", "--set")}.
 *
 * <p>The value is text, parsed exactly as the same text in the file would be; a comma-separated value is accepted
 * wherever a list of names is expected. A value that starts with <code>{</code> or {@code [} is read as YAML flow
 * style, so a whole model can be given: <code>--set downstairs.all.link.to_downstairs={kind: exponential, mean:
 * 30us}</code>.
 *
 * @param keyPath dotted key path from the top of the scenario ({@code workload.iodepth})
 * @param value   the value as typed; null removes the key ({@code --unset})
 * @param origin  what error messages name instead of {@code file:line}: the option ({@code --queue-depth},
 *                {@code --set})
 * @param everyJob for a {@code workload.KEY}: the value reaches every job, replacing what a job set
 *                 itself, and replaces the other keys of its group ({@code bs} replaces {@code bssplit}
 *                 and {@code bsrange}) everywhere; what a named option on the command line means
 */
public record ScenarioOverride(String keyPath, String value, String origin, boolean everyJob) {
    public ScenarioOverride {
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(origin, "origin");
    }

    /** The key path of {@link #fault}'s overrides: not a key, an instruction to append to {@code faults}. */
    public static final String APPEND_FAULT = "faults[+]";

    /** @return an override that appends one fault ({@code KIND,key=value,...}) to the scenario's, as {@code --fault} */
    public static ScenarioOverride fault(String spec) {
        return new ScenarioOverride(APPEND_FAULT, spec, "--fault", false);
    }

    /** @return an override that removes {@code keyPath} from the file's scenario, as {@code --unset} makes */
    public static ScenarioOverride unset(String keyPath, String option) {
        return new ScenarioOverride(keyPath, null, option, false);
    }

    /** An override of one key where it is written, as {@code --set} makes. */
    public ScenarioOverride(String keyPath, String value, String origin) {
        this(keyPath, value, origin, false);
    }

    /** @return a {@code workload.KEY} override that reaches every job, as a named option makes */
    public static ScenarioOverride forEveryJob(String keyPath, String value, String option) {
        return new ScenarioOverride(keyPath, value, option, true);
    }

    /**
     * Parses the argument of a generic {@code --set key.path=value}.
     *
     * @throws ScenarioException when there is no {@code =} or no key before it
     */
    public static ScenarioOverride set(String keyEqualsValue) {
        return parse(keyEqualsValue, "--set");
    }

    /** As {@link #set(String)}, for an option of another name. */
    public static ScenarioOverride parse(String keyEqualsValue, String option) {
        int equals = keyEqualsValue.indexOf('=');
        if (equals <= 0) {
            throw new ScenarioException(option + ": expected key.path=value (e.g. workload.iodepth=4), got '"
                    + keyEqualsValue + "'");
        }
        return new ScenarioOverride(keyEqualsValue.substring(0, equals).strip(), keyEqualsValue.substring(equals + 1),
                option);
    }
}
