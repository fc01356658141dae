package dev.cruciblesim.tracing.probe;

/**
 * A DTrace probe description, {@code provider:module:function:name}, each field a glob
 * ({@code *}, {@code ?}, {@code [set]}, {@code \} escapes); an empty field matches anything.
 * Fewer fields fill from the right: {@code name}, {@code function:name}, {@code module:function:name}.
 * The provider field is matched against the provider name with the instance id appended
 * ({@code crucible_upstairs1}), as DTrace matches USDT providers with their pid.
 */
public record ProbeDescription(String provider, String module, String function, String name) {

    /** @throws IllegalArgumentException naming the description when it has more than four fields or a bad glob */
    public static ProbeDescription parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty probe description");
        }
        String[] fields = text.strip().split(":", -1);
        if (fields.length > 4) {
            throw new IllegalArgumentException("probe description '" + text + "' has more than four fields");
        }
        String[] full = {"", "", "", ""};
        System.arraycopy(fields, 0, full, 4 - fields.length, fields.length);
        for (String field : full) {
            Glob.validate(field, text);
        }
        return new ProbeDescription(full[0], full[1], full[2], full[3]);
    }

    public boolean matches(Probe probe) {
        return matches(probe.providerInstanceName(), ProbeRegistry.MODULE, probe.function(), probe.name());
    }

    /**
     * @return whether a probe with these four fields matches, for probes that are not a
     *         {@link Probe}: DTrace's {@code dtrace:::BEGIN} (provider {@code dtrace}, module and
     *         function empty), its {@code tick-N} probes
     */
    public boolean matches(String probeProvider, String probeModule, String probeFunction, String probeName) {
        return field(provider, probeProvider)
                && field(module, probeModule)
                && field(function, probeFunction)
                && field(name, probeName);
    }

    private static boolean field(String pattern, String value) {
        return pattern.isEmpty() || Glob.matches(pattern, value);
    }

    /**
     * @return whether one field's glob (as {@link #parse} accepted it) matches {@code value}; an empty pattern matches
     *         anything. For matching a description against probe definitions, which have no instance id yet.
     */
    public static boolean fieldMatches(String pattern, String value) {
        return field(pattern, value);
    }

    @Override
    public String toString() {
        return provider + ":" + module + ":" + function + ":" + name;
    }
}
