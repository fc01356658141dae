package dev.cruciblesim.sim.latency;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the ordered, read-only maps that {@link LatencyModel#describe()} returns. */
final class Descriptions {
    private Descriptions() {
    }

    /** @param keysAndValues alternating names and values (Long, Double, String, List or Map) */
    static Map<String, Object> of(String kind, Object... keysAndValues) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("kind", kind);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            description.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(description);
    }

    static Map<String, Object> readOnly(Map<String, Object> description) {
        return Collections.unmodifiableMap(description);
    }
}
