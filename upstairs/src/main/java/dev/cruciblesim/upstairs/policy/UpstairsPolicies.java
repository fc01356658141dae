package dev.cruciblesim.upstairs.policy;

import java.util.List;

/** The policies a scenario can name. */
public final class UpstairsPolicies {
    /** The default: the revision the seed's reports come from. */
    public static final UpstairsPolicy DEFAULT = RevisionOPolicy.INSTANCE;
    private static final List<UpstairsPolicy> ALL = List.of(RevisionOPolicy.INSTANCE);

    private UpstairsPolicies() {
    }

    /** @return the policy called {@code name}, or null if there is none */
    public static UpstairsPolicy named(String name) {
        for (UpstairsPolicy policy : ALL) {
            if (policy.name().equals(name)) {
                return policy;
            }
        }
        return null;
    }

    /** @return every policy's name, in a fixed order */
    public static List<String> names() {
        return ALL.stream().map(UpstairsPolicy::name).toList();
    }
}
