package dev.cruciblesim.bench.compare;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The compared values of report.json documents and JMH results, metric by metric. */
final class Extraction {
    static final String NS = "ns";
    static final String IOPS_UNIT = "IO/s";
    /** The latency statistics, and where report.json keeps each percentile. */
    private static final Map<Statistic, String> PERCENTILE_KEYS = Map.of(Statistic.P50, "50", Statistic.P90, "90",
            Statistic.P99, "99", Statistic.P99_9, "99.9");

    private Extraction() {
    }

    /**
     * Each metric's per-run values of each statistic, in the order the runs list them; a metric a run lacks (or
     * a rate it leaves undefined) adds nothing for that run.
     */
    static Map<Metric, Map<Statistic, List<Double>>> perRun(List<Map<String, Object>> reports) {
        Map<Metric, Map<Statistic, List<Double>>> values = new LinkedHashMap<>();
        for (Map<String, Object> report : reports) {
            of(report).forEach((metric, statistics) -> statistics.forEach((statistic, value) -> values
                    .computeIfAbsent(metric, m -> new EnumMap<>(Statistic.class))
                    .computeIfAbsent(statistic, s -> new ArrayList<>()).add(value)));
        }
        return values;
    }

    /** One report's metrics: the reports' aggregations, the guest latency, the jobs' latencies, throughput. */
    static Map<Metric, Map<Statistic, Double>> of(Map<String, Object> report) {
        Map<Metric, Map<Statistic, Double>> values = new LinkedHashMap<>();
        List<Map<String, Object>> metrics = maps(report.get("metrics"));
        Map<Object, Set<Object>> aggregationsByReport = new LinkedHashMap<>();
        for (Map<String, Object> entry : metrics) {
            aggregationsByReport.computeIfAbsent(entry.get("report"), r -> new LinkedHashSet<>())
                    .add(entry.get("aggregation"));
        }
        for (Map<String, Object> entry : metrics) {
            String reportName = String.valueOf(entry.get("report"));
            String aggregation = String.valueOf(entry.get("aggregation"));
            List<String> words = entry.get("key") instanceof List<?> key
                    ? key.stream().map(String::valueOf).toList() : List.of(String.valueOf(entry.get("key")));
            String joined = String.join(" ", words);
            // A report with several aggregations (perf-upstairs-rw) names each row's aggregation, as DTrace does.
            String name = aggregationsByReport.get(entry.get("report")).size() > 1 ? "@" + aggregation + " " + joined
                    : joined;
            Set<String> selectors = new LinkedHashSet<>();
            selectors.add(reportName + "." + String.join(".", words));
            selectors.add(reportName + "." + words.stream().map(w -> w.replace(' ', '_'))
                    .collect(Collectors.joining(".")));
            if (entry.get("tag") instanceof String tag) {
                selectors.add(tag);
            }
            putLatency(values, new Metric(reportName, name, List.copyOf(selectors), NS, true), entry);
        }
        if (report.get("guest_latency") instanceof Map<?, ?> guest) {
            guest.forEach((op, latency) -> putLatency(values,
                    new Metric("guest", String.valueOf(op), List.of("guest." + op), NS, true), latency));
        }
        for (Map<String, Object> job : maps(report.get("jobs"))) {
            String jobName = String.valueOf(job.get("name"));
            for (String kind : List.of("service", "response")) {
                if (job.get(kind + "_latency") instanceof Map<?, ?> latencies) {
                    latencies.forEach((op, latency) -> putLatency(values, new Metric("job " + jobName,
                            kind + " " + op, List.of("job." + jobName + "." + kind + "." + op), NS, true), latency));
                }
            }
        }
        if (report.get("throughput") instanceof Map<?, ?> throughput) {
            throughput.forEach((op, rates) -> {
                if (rates instanceof Map<?, ?> map && map.get("iops") instanceof Number iops) {
                    Map<Statistic, Double> statistics = new EnumMap<>(Statistic.class);
                    statistics.put(Statistic.IOPS, iops.doubleValue());
                    values.put(new Metric("throughput", String.valueOf(op), List.of("throughput." + op), IOPS_UNIT,
                            false), statistics);
                }
            });
        }
        return values;
    }

    private static void putLatency(Map<Metric, Map<Statistic, Double>> values, Metric metric, Object latency) {
        if (!(latency instanceof Map<?, ?> map) || !(map.get("count") instanceof Number count)
                || count.longValue() == 0) {
            // An operation that never ran has no latency to compare; its absence shows as added or removed.
            return;
        }
        Map<Statistic, Double> statistics = new EnumMap<>(Statistic.class);
        statistics.put(Statistic.COUNT, count.doubleValue());
        if (map.get("percentiles_ns") instanceof Map<?, ?> percentiles) {
            PERCENTILE_KEYS.forEach((statistic, key) -> {
                if (percentiles.get(key) instanceof Number value) {
                    statistics.put(statistic, value.doubleValue());
                }
            });
        }
        if (map.get("max_ns") instanceof Number max) {
            statistics.put(Statistic.MAX, max.doubleValue());
        }
        if (map.get("mean_ns") instanceof Number mean) {
            statistics.put(Statistic.MEAN, mean.doubleValue());
        }
        values.put(metric, statistics);
    }

    /**
     * A JMH file's benchmarks, one metric per benchmark, parameters and mode: the score, its error as the
     * interval, and the per-iteration raw data (all forks) as the sample to test.
     */
    static Map<Metric, Map<Statistic, Observation>> ofJmh(List<Map<String, Object>> benchmarks) {
        Map<Metric, Map<Statistic, Observation>> values = new LinkedHashMap<>();
        for (Map<String, Object> benchmark : benchmarks) {
            String name = String.valueOf(benchmark.get("benchmark"));
            String mode = String.valueOf(benchmark.get("mode"));
            String params = benchmark.get("params") instanceof Map<?, ?> map && !map.isEmpty()
                    ? map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(",", "[", "]"))
                    : "";
            Map<?, ?> primary = (Map<?, ?>) benchmark.get("primaryMetric");
            double score = ((Number) primary.get("score")).doubleValue();
            double error = primary.get("scoreError") instanceof Number e && Double.isFinite(e.doubleValue())
                    ? e.doubleValue() : 0;
            List<Double> raw = new ArrayList<>();
            if (primary.get("rawData") instanceof List<?> forks) {
                for (Object fork : forks) {
                    if (fork instanceof List<?> iterations) {
                        iterations.stream().filter(Number.class::isInstance)
                                .forEach(v -> raw.add(((Number) v).doubleValue()));
                    }
                }
            }
            String unit = primary.get("scoreUnit") instanceof String u ? u : "";
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            // Throughput mode: a higher score is better; every other mode measures time, where lower is.
            Metric metric = new Metric("jmh", shortName + params + " " + mode,
                    List.of(name + params, shortName + params), unit, !"thrpt".equals(mode));
            Map<Statistic, Observation> statistics = new EnumMap<>(Statistic.class);
            statistics.put(Statistic.SCORE, new Observation(raw.stream().mapToDouble(Double::doubleValue).toArray(),
                    score, score - error, score + error));
            values.put(metric, statistics);
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        List<Map<String, Object>> maps = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> map) {
                    maps.add((Map<String, Object>) map);
                }
            }
        }
        return maps;
    }
}
