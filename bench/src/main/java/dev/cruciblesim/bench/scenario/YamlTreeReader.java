package dev.cruciblesim.bench.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.cruciblesim.bench.scenario.Node.Entry;
import dev.cruciblesim.bench.scenario.Node.ListNode;
import dev.cruciblesim.bench.scenario.Node.MapNode;
import dev.cruciblesim.bench.scenario.Node.ScalarNode;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Walks the token stream of Jackson's {@link YAMLParser} into a {@link Node} tree that remembers the line of every
 * key and value. Data binding is not used because it forgets locations and silently keeps the last of two duplicate
 * keys; here a duplicate key, an alias, a second document or a syntax error is a {@link ScenarioException} naming
 * the line.
 */
final class YamlTreeReader {
    /** Maps and lists inside each other: a scenario needs a handful of levels. */
    static final int MAX_DEPTH = 64;

    /**
     * Thread-safe once configured; parsers are cheap. A key with nothing after its colon is YAML's null (as
     * {@code ~} is), not an empty string; a quoted {@code ''} stays an empty string.
     */
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .configure(YAMLParser.Feature.EMPTY_STRING_AS_NULL, true)
            .build();

    /** How deep the value being read is nested. */
    private int depth;
    private final Function<JsonLocation, Origin> originOf;
    /** Where syntax errors point when the parser gives no line: the file, or the option. */
    private final Origin fallback;

    private YamlTreeReader(Function<JsonLocation, Origin> originOf, Origin fallback) {
        this.originOf = originOf;
        this.fallback = fallback;
    }

    /**
     * Reads a whole scenario file. An empty file (or one holding only comments, or only {@code ~}) is an empty map.
     *
     * @param sourceName the file as the user named it; every origin carries it
     * @throws ScenarioException for a syntax error, a duplicate key, an alias, a second document, or a top level that
     *                           is not a map
     */
    static MapNode readDocument(String text, String sourceName) {
        refuseControlCharacters(text, sourceName);
        YamlTreeReader reader = new YamlTreeReader(
                location -> Origin.inFile(sourceName, Math.max(1, location.getLineNr()), location.getColumnNr()),
                Origin.wholeFile(sourceName));
        Node root = reader.readSingleValue(text, "");
        if (root == null || (root instanceof ScalarNode scalar && scalar.text() == null)) {
            return new MapNode(Origin.inFile(sourceName, 1, 1));
        }
        if (!(root instanceof MapNode map)) {
            throw new ScenarioException(root.origin().prefix() + ": top level: must be a map of settings (name, seed, "
                    + "clock, volume, ...), got " + root.shown());
        }
        return map;
    }

    /**
     * YAML allows no control characters but tab, LF and CR; SnakeYAML refuses them at the start of the
     * document instead of where they are, so they are looked for here, with their line and column.
     */
    private static void refuseControlCharacters(String text, String sourceName) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                continue;
            }
            if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
                throw new ScenarioException(Origin.inFile(sourceName, line, column).prefix() + ": " + String.format(
                        java.util.Locale.ROOT, "a control character (U+%04X) is not allowed in YAML", (int) c));
            }
            column++;
        }
    }

    /**
     * Reads the value of a command-line override written in YAML flow style ({@code {kind: exponential, mean: 30us}}
     * or {@code [perfgw, tracegw]}); every node gets the option's origin.
     *
     * @param keyPath the key the value is for, for messages
     */
    static Node readOptionValue(String text, Origin option, String keyPath) {
        YamlTreeReader reader = new YamlTreeReader(location -> option, option);
        Node value = reader.readSingleValue(text, keyPath);
        return value == null ? new ScalarNode(option, null) : value;
    }

    /** @return the document's root, or null for an empty document */
    private Node readSingleValue(String text, String path) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            Node root = readValue(parser, path);
            if (parser.nextToken() != null) {
                throw ScenarioException.at(originOf.apply(parser.currentTokenLocation()),
                        path.isEmpty() ? "top level" : path,
                        "a second YAML document ('---') was found; a scenario is one document");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw syntaxError(e, path);
        } catch (IOException e) {
            // The parser reads from a String: there is no I/O to fail.
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the value that starts at the current token and leaves the parser on its last token. */
    private Node readValue(JsonParser parser, String path) throws IOException {
        JsonToken token = parser.currentToken();
        Origin origin = originOf.apply(parser.currentTokenLocation());
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            throw ScenarioException.at(origin, path, "YAML aliases (*" + parser.getText() + ") are not supported; "
                    + "write the value out (or use downstairs.all for what the three downstairs share)");
        }
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            if (++depth > MAX_DEPTH) {
                // Long before Jackson's own limit, whose message names its internals and no line.
                throw ScenarioException.at(origin, path.length() > 60 ? path.substring(0, 60) + "..." : path,
                        "nested more than " + MAX_DEPTH + " levels deep; a scenario is a few levels deep");
            }
            try {
                return token == JsonToken.START_OBJECT ? readMap(parser, path, origin) : readList(parser, path, origin);
            } finally {
                depth--;
            }
        }
        switch (token) {
            case VALUE_NULL:
                return new ScalarNode(origin, null);
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
                // YAML's typing is ignored: the raw text is kept and the binder parses it.
                return new ScalarNode(origin, parser.getText());
            default:
                throw ScenarioException.at(origin, path, "unsupported YAML value (" + token + ")");
        }
    }

    private MapNode readMap(JsonParser parser, String path, Origin origin) throws IOException {
        MapNode map = new MapNode(origin);
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Origin keyOrigin = originOf.apply(parser.currentTokenLocation());
            String keyPath = path.isEmpty() ? key : path + "." + key;
            Entry previous = map.get(key);
            if (previous != null) {
                String first = previous.keyOrigin().line() > 0 ? " (first at line " + previous.keyOrigin().line() + ")"
                        : "";
                throw ScenarioException.at(keyOrigin, keyPath, "duplicate key" + first);
            }
            parser.nextToken();
            map.put(new Entry(key, keyOrigin, readValue(parser, keyPath)));
        }
        if (token != JsonToken.END_OBJECT) {
            throw ScenarioException.at(originOf.apply(parser.currentTokenLocation()), path,
                    "unexpected YAML token " + token);
        }
        return map;
    }

    private ListNode readList(JsonParser parser, String path, Origin origin) throws IOException {
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == null) {
                throw ScenarioException.at(origin, path, "the list does not end");
            }
            items.add(readValue(parser, path + "[" + items.size() + "]"));
        }
        return new ListNode(origin, items);
    }

    /**
     * SnakeYAML's message spans several lines with a copy of the offending line and a caret; the message here is
     * its one-line "problem" (plus its "context", which says what was being parsed), at SnakeYAML's own mark,
     * which is more precise than Jackson's.
     */
    private ScenarioException syntaxError(JsonProcessingException e, String path) {
        Origin at = fallback;
        String what;
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            what = marked.getProblem();
            Mark problemMark = marked.getProblemMark();
            if (problemMark != null && !fallback.isOption()) {
                at = Origin.inFile(fallback.source(), problemMark.getLine() + 1, problemMark.getColumn() + 1);
            }
            if (marked.getContext() != null) {
                Mark contextMark = marked.getContextMark();
                what += " (" + marked.getContext()
                        + (contextMark != null && !fallback.isOption() ? " started at line " + (contextMark.getLine() + 1)
                                : "") + ")";
            }
        } else if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            // Jackson's own words name its internals (StreamReadConstraints); say what the file did.
            what = "nested too deeply (a scenario is a few levels deep; the parser stops at "
                    + com.fasterxml.jackson.core.StreamReadConstraints.DEFAULT_MAX_DEPTH + ")";
            JsonLocation location = e.getLocation();
            if (location != null && location.getLineNr() > 0 && !fallback.isOption()) {
                at = Origin.inFile(fallback.source(), location.getLineNr(), location.getColumnNr());
            }
        } else {
            what = e.getOriginalMessage();
            JsonLocation location = e.getLocation();
            if (location != null && location.getLineNr() > 0 && !fallback.isOption()) {
                at = Origin.inFile(fallback.source(), location.getLineNr(), location.getColumnNr());
            }
        }
        String oneLine = String.valueOf(what).replaceAll("\\s*\\R\\s*", " ").strip();
        String keyPart = path.isEmpty() ? "" : path + ": ";
        return new ScenarioException(at.prefix() + ": " + keyPart + "YAML syntax error: " + oneLine, e);
    }
}
