package dev.cruciblesim.bench.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of the located scenario tree: a map, a list or a scalar, each knowing where it came from. Scalars stay
 * text; only the binder decides whether {@code 4k} is a size or {@code 010} an integer, so YAML's own typing (octal,
 * booleans spelled {@code yes}) never changes what a setting means.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {
    Origin origin();

    /** @return how a message shows this value after "got": {@code 'abc'}, {@code a map}, {@code nothing} */
    String shown();

    /** A key of a map with its own origin, which is where "unknown key" and "missing key" errors point. */
    record Entry(String key, Origin keyOrigin, Node value) {
    }

    /**
     * A map keeping its keys in the order they were written. Mutable only while overrides are applied, before
     * binding.
     */
    final class MapNode implements Node {
        private final Origin origin;
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        MapNode(Origin origin) {
            this.origin = origin;
        }

        @Override
        public Origin origin() {
            return origin;
        }

        Entry get(String key) {
            return entries.get(key);
        }

        /** Replaces an existing key in place (keeping its position) or appends a new one. */
        void put(Entry entry) {
            entries.put(entry.key(), entry);
        }

        /** Removes a key, if it is there. */
        void remove(String key) {
            entries.remove(key);
        }

        Collection<Entry> entries() {
            return Collections.unmodifiableCollection(entries.values());
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }

        @Override
        public String shown() {
            return "a map";
        }

        @Override
        public String toString() {
            return entries.values().toString();
        }
    }

    /** A list in the order written. */
    record ListNode(Origin origin, List<Node> items) implements Node {
        public ListNode {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        @Override
        public String shown() {
            return "a list";
        }
    }

    /**
     * A scalar as written, without quotes.
     *
     * @param text null for YAML's null ({@code ~}, {@code null}, or nothing after the colon)
     */
    record ScalarNode(Origin origin, String text) implements Node {
        @Override
        public String shown() {
            return text == null ? "nothing" : "'" + text + "'";
        }
    }
}
