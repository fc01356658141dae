package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.scenario.Node.Entry;
import dev.cruciblesim.bench.scenario.Node.MapNode;
import dev.cruciblesim.bench.scenario.Node.ScalarNode;

import java.util.List;

/**
 * A map of the tree under its dotted path; empty, with its parent's origin, when it was not written, so that every
 * key of an absent section reads as absent and takes its default.
 *
 * @param path empty for the top level
 */
record Section(String path, MapNode map) {
    static Section root(MapNode map) {
        return new Section("", map);
    }

    /** @return the key as written, or null when it was not */
    Field field(String key) {
        Entry entry = map.get(key);
        return entry == null ? null : new Field(join(path, key), entry.keyOrigin(), entry.value());
    }

    /**
     * @return the map under {@code key} with its keys checked; empty when the key is absent or has no value
     *         ({@code key:} with nothing after it)
     */
    Section section(String key, List<String> allowedKeys) {
        Field field = field(key);
        String childPath = join(path, key);
        if (field == null || (field.value() instanceof ScalarNode scalar && scalar.text() == null)) {
            return new Section(childPath, new MapNode(field == null ? map.origin() : field.keyOrigin()));
        }
        if (!(field.value() instanceof MapNode child)) {
            throw field.error("must be a map with keys " + String.join(", ", allowedKeys) + ", got "
                    + field.value().shown());
        }
        Section section = new Section(childPath, child);
        section.checkKeys(allowedKeys);
        return section;
    }

    /** Refuses the first key that is not one of {@code allowedKeys}, pointing at that key. */
    void checkKeys(List<String> allowedKeys) {
        for (Entry entry : map.entries()) {
            if (!allowedKeys.contains(entry.key())) {
                throw ScenarioException.at(entry.keyOrigin(), join(path, entry.key()), "unknown key; expected one of "
                        + String.join(", ", allowedKeys));
            }
        }
    }

    /** @return this section as if nothing had been written in it */
    Section emptied() {
        return new Section(path, new MapNode(map.origin()));
    }

    /**
     * @param keys a path below this section, {@code service, read, fixed}
     * @return the field at its end, or null when it or a map on the way is absent or null (shapes are checked
     *         elsewhere)
     */
    Field leaf(String... keys) {
        Section current = this;
        for (int i = 0; i < keys.length - 1; i++) {
            Field child = current.field(keys[i]);
            if (child == null || !(child.value() instanceof MapNode childMap)) {
                return null;
            }
            current = new Section(child.path(), childMap);
        }
        return current.field(keys[keys.length - 1]);
    }

    static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}
