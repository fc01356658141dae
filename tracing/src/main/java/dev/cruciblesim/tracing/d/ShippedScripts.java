package dev.cruciblesim.tracing.d;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The seed's five scripts written in D, shipped in the jar so {@code --script perfgw} runs them
 * by name; each prints what its built-in Java report prints.
 */
public final class ShippedScripts {
    /** In the seed README's order, as {@link dev.cruciblesim.tracing.report.Reports#NAMES}. */
    public static final List<String> NAMES = List.of("perfgw", "perfdw", "perf-upstairs-rw", "tracegw",
            "upstairs_info");

    private ShippedScripts() {
    }

    /**
     * @param name one of {@link #NAMES}, with or without {@code .d}
     * @throws IllegalArgumentException listing the names when there is no such script
     */
    public static String source(String name) {
        String bare = name.endsWith(".d") ? name.substring(0, name.length() - 2) : name;
        if (!NAMES.contains(bare)) {
            throw new IllegalArgumentException("no shipped script '" + name + "'; shipped: " + String.join(", ", NAMES));
        }
        try (InputStream in = ShippedScripts.class.getResourceAsStream("scripts/" + bare + ".d")) {
            if (in == null) {
                throw new IllegalStateException("scripts/" + bare + ".d is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles the shipped script {@code name}; its script name is {@code name.d}, as the built-in reports use. */
    public static DScript compile(String name, DScript.Options options) {
        String bare = name.endsWith(".d") ? name.substring(0, name.length() - 2) : name;
        return DScript.compile(source(bare), bare + ".d", options);
    }
}
