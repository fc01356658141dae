package dev.cruciblesim.bench.bundle;

import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.cruciblesim.tracing.json.JsonTree;

import java.io.IOException;
import java.util.OptionalDouble;

/**
 * JSON as the bundle writes it: maps in insertion order, two-space indents, "\n" line ends on every
 * platform and a final newline, so equal content gives equal bytes.
 */
final class Json {
    private Json() {
    }

    static String write(Object tree) {
        return JsonTree.write(tree, printer()) + "\n";
    }

    /** A printer per document: Jackson's pretty printer keeps its nesting depth while it writes. */
    private static PrettyPrinter printer() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter);
    }

    /** @return the number, or null where it is undefined (a rate over a span of no time): never a made-up 0 */
    static Double number(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    /** @return the document as a tree of maps, lists and scalars ({@link JsonTree#parse}) */
    static Object parse(String text) throws IOException {
        return JsonTree.parse(text);
    }
}
