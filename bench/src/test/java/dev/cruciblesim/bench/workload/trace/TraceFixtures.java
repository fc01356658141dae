package dev.cruciblesim.bench.workload.trace;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shared helpers for the trace tests: sample files from the classpath and small traces written on the fly. */
final class TraceFixtures {
    private TraceFixtures() {
    }

    /** A file from {@code src/test/resources/traces}. */
    static Path resource(String name) {
        URL url = TraceFixtures.class.getResource("/traces/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource traces/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** The full message of the failure reading {@code file}. */
    static String error(Path file, TraceFormat format) {
        return assertThrows(TraceFormatException.class, () -> TraceReader.read(file, format)).getMessage();
    }
}
