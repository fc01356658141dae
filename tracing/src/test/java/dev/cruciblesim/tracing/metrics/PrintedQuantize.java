package dev.cruciblesim.tracing.metrics;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads the quantize blocks back out of a report's printed text: metric tag → non-empty bucket → count. */
final class PrintedQuantize {
    private PrintedQuantize() {
    }

    /**
     * @param keyFields 1 for a string key, 2 for a string and a number (printed as the line's last column)
     */
    static Map<String, SortedMap<Long, Long>> parse(String report, String aggregation, int keyFields, String text) {
        Map<String, SortedMap<Long, Long>> blocks = new TreeMap<>();
        SortedMap<Long, Long> current = null;
        for (String line : text.lines().toList()) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("value ")) {
                continue;
            }
            int bar = line.indexOf('|');
            if (bar < 0) {
                List<Object> key;
                if (keyFields == 2) {
                    int split = stripped.lastIndexOf(' ');
                    key = List.of(stripped.substring(0, split).strip(), Long.parseLong(stripped.substring(split + 1)));
                } else {
                    key = List.of(stripped);
                }
                current = new TreeMap<>();
                blocks.put(new MetricId(report, aggregation, key).tag(), current);
                continue;
            }
            long value = Long.parseLong(line.substring(0, bar).strip());
            String[] rest = line.substring(bar + 1).strip().split("\\s+");
            long count = Long.parseLong(rest[rest.length - 1]);
            if (count != 0) {
                current.put(value, count);
            }
        }
        return blocks;
    }
}
