package dev.cruciblesim.bench.bundle;

import dev.cruciblesim.bench.scenario.Scenario;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code scenario_hash} of report.json and set.json: SHA-256, in lower-case hex, of the resolved
 * scenario ({@link Scenario#describe()}) without its {@code seed}, written as the bundle writes JSON
 * ({@link Json#write}: keys in describe()'s fixed order, two-space indents, "\n" line ends).
 *
 * <p>It is a hash of what the scenario resolved to, not of the file: two files that differ only in
 * formatting, comments, key order or in spelling a default out give the same hash, as do a file and
 * the command-line options that resolve to the same settings. The seed is left out on purpose, so that
 * the runs of one scenario over many seeds (a set, {@code run --seeds}) share one hash and a comparison
 * can tell "same scenario, other seed" from "another scenario"; report.json keeps the seed beside it.
 */
public final class ScenarioHash {
    /** The key of {@link Scenario#describe()} that the hash leaves out. */
    static final String SEED_KEY = "seed";

    private ScenarioHash() {
    }

    /** @return 64 lower-case hex digits */
    public static String of(Scenario scenario) {
        Map<String, Object> withoutSeed = new LinkedHashMap<>(scenario.describe());
        withoutSeed.remove(SEED_KEY);
        byte[] canonical = Json.write(withoutSeed).getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest's javadoc): this cannot happen.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
