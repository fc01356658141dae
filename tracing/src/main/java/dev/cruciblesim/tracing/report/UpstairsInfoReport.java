package dev.cruciblesim.tracing.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cruciblesim.tracing.dtrace.PrintFormat;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

/**
 * upstairs_info.d (quiet): one line per {@code up-status} firing with the downstairs states and
 * the upstairs and downstairs active job counts, e.g.
 * {@code ["Active","Active","Active"] Upstairs:   1 Downstairs:   3}.
 *
 * <pre>
 * up-status { printf("%s Upstairs:%4s Downstairs:%4s\n", json(arg1, "ok.ds_state"),
 *                    json(arg1, "ok.up_count"), json(arg1, "ok.ds_count")); }
 * </pre>
 * Parses the JSON once per firing; up-status fires at the status tick, not per IO.
 */
final class UpstairsInfoReport extends ScriptReport {
    private static final PrintFormat LINE = PrintFormat.compile("%s Upstairs:%4s Downstairs:%4s\n");
    private static final ObjectMapper JSON = new ObjectMapper();

    UpstairsInfoReport() {
        super("upstairs_info", true);
    }

    @Override
    public int enable(ProbeRegistry registry) {
        return clause(registry, UPSTAIRS + "up-status", (probe, timestampNs, a0, a1, message, statusJson) -> {
            JsonNode status = parse(statusJson);
            program.printf(LINE, json(status, "ok.ds_state"), json(status, "ok.up_count"),
                    json(status, "ok.ds_count"));
        });
    }

    private static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * D's {@code json(text, "a.b[2]")}: a string member's text, any other member's compact JSON
     * (Jackson re-renders numbers, so {@code 1.0e3} would print as {@code 1000.0}). When the text
     * is not JSON or the member is missing, D's json() gives NULL and dtrace would report an
     * invalid-address error on stderr instead of the line (unverified); we print {@code <null>}
     * in its place so a malformed status stays visible. The upstairs always sends all three.
     */
    static String json(JsonNode root, String path) {
        JsonNode node = root;
        for (String step : path.split("\\.")) {
            if (node == null) {
                break;
            }
            int bracket = step.indexOf('[');
            node = node.get(bracket < 0 ? step : step.substring(0, bracket));
            while (node != null && bracket >= 0) {
                int close = step.indexOf(']', bracket);
                node = node.get(Integer.parseInt(step.substring(bracket + 1, close)));
                bracket = step.indexOf('[', close);
            }
        }
        if (node == null || node.isMissingNode()) {
            return "<null>";
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }
}
