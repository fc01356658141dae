package dev.cruciblesim.tracing.dtrace;

import java.util.Comparator;

/**
 * The order records print in (spec §6.1, §6.2): by value (a row of values for a joined printa,
 * starting at {@code aggsortpos}), then by key tuple starting at {@code aggsortkeypos}; or by key
 * alone with {@code aggsortkey}; all reversed with {@code aggsortrev}. Keys are unique within an
 * aggregation, so this is a total order and Java's stable sort agrees with DTrace's qsort.
 */
final class RecordOrder implements Comparator<JoinedRecord> {
    private final SortOptions options;
    private final KeyType[] keyTypes;
    private final Aggregation[] aggregations;

    RecordOrder(SortOptions options, KeyType[] keyTypes, Aggregation[] aggregations) {
        this.options = options;
        this.keyTypes = keyTypes;
        this.aggregations = aggregations;
    }

    @Override
    public int compare(JoinedRecord a, JoinedRecord b) {
        int order;
        if (options.byKey()) {
            order = compareKeys(a.key(), b.key());
        } else {
            order = compareValues(a, b);
            if (order == 0) {
                order = compareKeys(a.key(), b.key());
            }
        }
        return options.reverse() ? -order : order;
    }

    private int compareValues(JoinedRecord a, JoinedRecord b) {
        int n = aggregations.length;
        int start = options.valuePos() < n ? options.valuePos() : 0;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            int order = aggregations[i].function().compareValues(a.states()[i], b.states()[i]);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private int compareKeys(AggregationKey a, AggregationKey b) {
        int n = keyTypes.length;
        int start = options.keyPos() < n ? options.keyPos() : 0;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            int order = keyTypes[i].compare(a, b, i);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }
}
