package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.dtrace.AggregationKey;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A D associative array of any key tuple and value type that {@link
 * dev.cruciblesim.tracing.dtrace.AssociativeLongArray} cannot hold (string keys, more than two
 * keys, string values). Keys are {@link AggregationKey} tuples; values a {@link Long} or a
 * {@link String}. As in D, storing 0 or the empty string deletes, and a missing entry reads as
 * 0 or "". Each access builds a key, so this shape allocates per firing; the integer shape does not.
 */
final class TupleArray {
    private final ConcurrentHashMap<AggregationKey, Object> entries = new ConcurrentHashMap<>();

    long getLong(AggregationKey key) {
        Object value = entries.get(key);
        return value == null ? 0 : (Long) value;
    }

    String getString(AggregationKey key) {
        Object value = entries.get(key);
        return value == null ? "" : (String) value;
    }

    void putLong(AggregationKey key, long value) {
        if (value == 0) {
            entries.remove(key);
        } else {
            entries.put(key, value);
        }
    }

    void putString(AggregationKey key, String value) {
        if (value == null || value.isEmpty()) {
            entries.remove(key);
        } else {
            entries.put(key, value);
        }
    }

    int size() {
        return entries.size();
    }
}
