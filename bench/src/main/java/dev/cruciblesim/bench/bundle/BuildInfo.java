package dev.cruciblesim.bench.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The commit this build of crucible-sim was made from, recorded into the jar at build time (the
 * Maven build writes {@value #RESOURCE} with git-commit-id-maven-plugin). A run reports this, not
 * the git repository of whatever directory it was started in: comparing reports across commits
 * depends on knowing which code made each.
 *
 * @param commit     the short commit id, or "unknown" when the build had no git checkout
 * @param dirty      whether the checkout had changes the commit does not hold; null when unknown
 * @param buildTime  when the jar was built (ISO 8601, UTC), or null when unknown
 * @param commitTime when the commit was made (ISO 8601, UTC), or null when unknown
 */
public record BuildInfo(String commit, Boolean dirty, String buildTime, String commitTime) {
    /** Where the build puts the facts, on the classpath. */
    public static final String RESOURCE = "/dev/cruciblesim/bench/build-git.properties";
    public static final String UNKNOWN_COMMIT = "unknown";
    private static final BuildInfo CURRENT = load();

    /** @return this build's facts; the resource is read once */
    public static BuildInfo current() {
        return CURRENT;
    }

    /** @return e.g. "commit c4afc88 (with uncommitted changes), built 2026-12-01T22:11:24Z" */
    public String describe() {
        if (UNKNOWN_COMMIT.equals(commit)) {
            return "commit unknown (built without a git checkout)";
        }
        String changes = dirty == null ? "" : dirty ? " (with uncommitted changes)" : "";
        return "commit " + commit + changes + (buildTime == null ? "" : ", built " + buildTime);
    }

    private static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // A jar whose resource cannot be read reports what a build without git reports.
        }
        return fromProperties(properties);
    }

    /** @return the facts in git-commit-id-maven-plugin's property names; absent ones are unknown */
    static BuildInfo fromProperties(Properties properties) {
        String commit = blankToNull(properties.getProperty("git.commit.id.abbrev"));
        String dirty = blankToNull(properties.getProperty("git.dirty"));
        return new BuildInfo(commit == null ? UNKNOWN_COMMIT : commit,
                dirty == null || commit == null ? null : Boolean.valueOf(dirty),
                blankToNull(properties.getProperty("git.build.time")),
                blankToNull(properties.getProperty("git.commit.time")));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
