package dev.cruciblesim.tracing.probe;

import java.util.List;
import java.util.Objects;

/**
 * What a probe is, independent of any running component: provider, name, the Crucible function
 * it fires in, its argument names and types, and where in the IO's life it fires. This is the
 * introspectable metadata a D-script compiler and {@code --list-probes} style tooling read.
 */
public record ProbeDefinition(String provider, String function, String name, List<String> argNames,
        List<ArgType> argTypes, String firesWhen) {
    public ProbeDefinition {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(name, "name");
        argNames = List.copyOf(argNames);
        argTypes = List.copyOf(argTypes);
        Objects.requireNonNull(firesWhen, "firesWhen");
        if (argNames.size() != argTypes.size()) {
            throw new IllegalArgumentException(name + ": " + argNames.size() + " argument names but "
                    + argTypes.size() + " argument types");
        }
        // A consumer has two integer and two string slots by position, plus a third string slot
        // (ProbeConsumer's seven-argument onFire): nothing else has anywhere to travel.
        if (argTypes.size() > 3) {
            throw new IllegalArgumentException(name + ": probes carry at most 3 arguments");
        }
        if (argTypes.size() == 3 && argTypes.get(2) != ArgType.STRING) {
            throw new IllegalArgumentException(name + ": a third argument must be a string");
        }
    }

    public int argCount() {
        return argTypes.size();
    }
}
