package dev.cruciblesim.bench.bundle;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalDouble;

/**
 * JSON as the bundle writes it: maps in insertion order, two-space indents, "\n" line ends on every
 * platform and a final newline, so equal content gives equal bytes.
 */
final class Json {
    private static final ObjectWriter WRITER;

    static {
        ObjectMapper mapper = new ObjectMapper()
                .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        WRITER = mapper.writer(printer);
    }

    private Json() {
    }

    static String write(Object tree) {
        try {
            return WRITER.writeValueAsString(tree) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
    }

    /** @return the number, or null where it is undefined (a rate over a span of no time): never a made-up 0 */
    static Double number(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    static ObjectMapper mapper() {
        return new ObjectMapper();
    }
}
