package dev.cruciblesim.tracing.metrics;

import dev.cruciblesim.tracing.dtrace.AggregationKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One metric: a key of a value-distribution aggregation of a report, e.g. perfdw's
 * {@code @time["read for downstairs client", 0]}.
 *
 * @param report      the report's short name, e.g. {@code perfdw}
 * @param aggregation the aggregation's name without the {@code @}
 * @param key         the key fields, each a {@link String} or a {@link Long}, as in {@link AggregationKey}
 */
public record MetricId(String report, String aggregation, List<Object> key) {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** Key tuples field by field: strings lexicographically, numbers numerically, strings before numbers, shorter first. */
    static final Comparator<List<Object>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c;
            if (x instanceof String s && y instanceof String t) {
                c = s.compareTo(t);
            } else if (x instanceof Long m && y instanceof Long n) {
                c = Long.compare(m, n);
            } else {
                c = x instanceof String ? -1 : 1;
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    /** @throws IllegalArgumentException if a key field is neither a String nor a Long */
    public MetricId {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(aggregation, "aggregation");
        key = List.copyOf(key);
        for (Object field : key) {
            if (!(field instanceof String) && !(field instanceof Long)) {
                throw new IllegalArgumentException("key field " + field + " of " + report + " @" + aggregation
                        + " must be a String or a Long");
            }
        }
    }

    static List<Object> fieldsOf(AggregationKey key) {
        List<Object> fields = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            fields.add(key.isString(i) ? key.string(i) : Long.valueOf(key.number(i)));
        }
        return fields;
    }

    /**
     * @return {@code report.aggregation.field...}, e.g. {@code perfdw.time.read_for_downstairs_client.0}:
     *         the HdrHistogram log tag, so each run of whitespace and each comma becomes {@code _}
     *         (the log format splits on both). Distinct ids may share a tag if their names differ
     *         only there.
     */
    public String tag() {
        StringBuilder tag = new StringBuilder(report).append('.').append(aggregation);
        for (Object field : key) {
            tag.append('.').append(field);
        }
        return WHITESPACE.matcher(tag).replaceAll("_").replace(',', '_');
    }

    /** @return the human form, e.g. {@code perfdw @time["read for downstairs client", 0]} */
    public String label() {
        StringBuilder label = new StringBuilder(report).append(" @").append(aggregation);
        if (!key.isEmpty()) {
            label.append('[');
            for (int i = 0; i < key.size(); i++) {
                Object field = key.get(i);
                if (i > 0) {
                    label.append(", ");
                }
                if (field instanceof String) {
                    label.append('"').append(field).append('"');
                } else {
                    label.append(field);
                }
            }
            label.append(']');
        }
        return label.toString();
    }
}
