package dev.cruciblesim.tracing.report;

import dev.cruciblesim.tracing.dtrace.PrintFormat;
import dev.cruciblesim.tracing.json.JsonTree;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * upstairs_info.d (quiet): one line per {@code up-status} firing with the downstairs states and
 * the upstairs and downstairs active job counts, e.g.
 * {@code ["Active","Active","Active"] Upstairs:   1 Downstairs:   3}.
 *
 * <pre>
 * up-status { printf("%s Upstairs:%4s Downstairs:%4s\n", json(arg1, "ok.ds_state"),
 *                    json(arg1, "ok.up_count"), json(arg1, "ok.ds_count")); }
 * </pre>
 * Parses the JSON once per firing, and not at all when the text is the last firing's; up-status
 * fires at the status tick, not per IO.
 */
final class UpstairsInfoReport extends ScriptReport {
    private static final PrintFormat LINE = PrintFormat.compile("%s Upstairs:%4s Downstairs:%4s\n");

    /** The last firing's status text and what it printed as: a steady volume repeats its status tick after tick. */
    private String lastStatusJson;
    private String[] lastFields;

    UpstairsInfoReport() {
        super("upstairs_info", true);
    }

    @Override
    public int enable(ProbeRegistry registry) {
        return clause(registry, UPSTAIRS + "up-status", (probe, timestampNs, a0, a1, message, statusJson) -> {
            String[] fields = fields(statusJson);
            program.printf(LINE, fields[0], fields[1], fields[2]);
        });
    }

    private String[] fields(String statusJson) {
        if (lastFields != null && statusJson != null && statusJson.equals(lastStatusJson)) {
            return lastFields;
        }
        Object status = parse(statusJson);
        String[] fields = {json(status, "ok.ds_state"), json(status, "ok.up_count"), json(status, "ok.ds_count")};
        lastStatusJson = statusJson;
        lastFields = fields;
        return fields;
    }

    private static Object parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JsonTree.parse(text);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * D's {@code json(text, "a.b[2]")}: a string member's text, any other member's compact JSON
     * (numbers as Jackson renders them, so {@code 1.0e3} would print as {@code 1000.0}). When the text
     * is not JSON or the member is missing, D's json() gives NULL and dtrace would report an
     * invalid-address error on stderr instead of the line (unverified); we print {@code <null>}
     * in its place so a malformed status stays visible. The upstairs always sends all three.
     *
     * @param root a tree from {@link JsonTree#parse}, or null
     */
    static String json(Object root, String path) {
        Object node = root;
        for (String step : path.split("\\.")) {
            if (node == null) {
                break;
            }
            int bracket = step.indexOf('[');
            node = member(node, bracket < 0 ? step : step.substring(0, bracket));
            while (node != null && bracket >= 0) {
                int close = step.indexOf(']', bracket);
                node = element(node, Integer.parseInt(step.substring(bracket + 1, close)));
                bracket = step.indexOf('[', close);
            }
        }
        if (node == null) {
            return "<null>";
        }
        if (node == JSON_NULL) {
            return "null";
        }
        return node instanceof String text ? text : JsonTree.toCompactString(node);
    }

    /** A member whose value is JSON's null, which is there (and prints as null), unlike a missing one. */
    private static final Object JSON_NULL = new Object();

    private static Object member(Object node, String name) {
        if (!(node instanceof Map<?, ?> object) || !object.containsKey(name)) {
            return null;
        }
        Object value = object.get(name);
        return value == null ? JSON_NULL : value;
    }

    private static Object element(Object node, int index) {
        if (!(node instanceof List<?> array) || index < 0 || index >= array.size()) {
            return null;
        }
        Object value = array.get(index);
        return value == null ? JSON_NULL : value;
    }
}
