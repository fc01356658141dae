package dev.cruciblesim.bench.compare;

import java.util.List;

/**
 * One compared metric: a report's aggregation key, a guest or job latency, a throughput or a JMH benchmark.
 *
 * @param group         the table it is printed in: the report (perfdw), guest, a job, throughput or jmh
 * @param name          how the table names it
 * @param selectorNames the names {@code --fail-on} selectors match, dotted
 * @param unit          the unit of its values (ns, IO/s, the JMH score unit); counts have none
 * @param higherIsWorse latency: higher is worse; throughput: lower is worse
 */
public record Metric(String group, String name, List<String> selectorNames, String unit, boolean higherIsWorse) {
    public Metric {
        selectorNames = List.copyOf(selectorNames);
    }
}
