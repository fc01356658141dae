package dev.cruciblesim.bench.compare;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every statistic of every metric of two sides, compared. Two single virtual-time runs are deterministic:
 * any difference is real and is shown exactly. Otherwise each side's per-run values (or a JMH benchmark's
 * iterations) are a sample, compared with the Mann-Whitney U test, and a change is called only when it is
 * significant at alpha and at least the minimum effect.
 *
 * @param deterministic whether both sides are one virtual-time run
 */
public record Comparison(Side oldSide, Side newSide, boolean deterministic, Options options, List<Row> rows) {
    /**
     * @param alpha         the U test's significance level
     * @param minEffectPct  the smallest change, in percent, called a change
     * @param confidence    of the medians' intervals
     */
    public record Options(double alpha, double minEffectPct, double confidence) {
        public static final Options DEFAULTS = new Options(0.05, 5, 0.95);
    }

    public Comparison {
        rows = List.copyOf(rows);
    }

    public static Comparison of(Side oldSide, Side newSide, Options options) throws CompareException {
        boolean oldJmh = oldSide.kind() == Side.Kind.JMH;
        if (oldJmh != (newSide.kind() == Side.Kind.JMH)) {
            Side jmh = oldJmh ? oldSide : newSide;
            Side other = oldJmh ? newSide : oldSide;
            throw new CompareException(jmh.path() + ": JMH results compare only with JMH results, not with the "
                    + other.kind().label() + " " + other.path());
        }
        Map<Metric, Map<Statistic, Observation>> olds;
        Map<Metric, Map<Statistic, Observation>> news;
        boolean deterministic = false;
        if (oldJmh) {
            olds = Extraction.ofJmh(oldSide.benchmarks());
            news = Extraction.ofJmh(newSide.benchmarks());
        } else {
            // One seed of the virtual model gives the same bytes every time: nothing to sample.
            deterministic = oldSide.reports().size() == 1 && newSide.reports().size() == 1
                    && "virtual".equals(oldSide.clock()) && "virtual".equals(newSide.clock());
            olds = observations(oldSide, options);
            news = observations(newSide, options);
        }
        Set<Metric> metrics = new LinkedHashSet<>(olds.keySet());
        metrics.addAll(news.keySet());
        List<Row> rows = new ArrayList<>();
        for (Metric metric : metrics) {
            Map<Statistic, Observation> old = olds.getOrDefault(metric, Map.of());
            Map<Statistic, Observation> now = news.getOrDefault(metric, Map.of());
            for (Statistic statistic : Statistic.values()) {
                Observation before = old.get(statistic);
                Observation after = now.get(statistic);
                if (before != null || after != null) {
                    rows.add(row(metric, statistic, before, after, deterministic, options));
                }
            }
        }
        return new Comparison(oldSide, newSide, deterministic, options, rows);
    }

    private static Map<Metric, Map<Statistic, Observation>> observations(Side side, Options options) {
        Map<Metric, Map<Statistic, Observation>> observations = new LinkedHashMap<>();
        Extraction.perRun(side.reports()).forEach((metric, statistics) -> statistics.forEach((statistic, values) ->
                observations.computeIfAbsent(metric, m -> new EnumMap<>(Statistic.class)).put(statistic,
                        Observation.ofSample(values.stream().mapToDouble(Double::doubleValue).toArray(),
                                options.confidence()))));
        return observations;
    }

    static Row row(Metric metric, Statistic statistic, Observation before, Observation after, boolean deterministic,
            Options options) {
        if (before == null) {
            return new Row(metric, statistic, null, after, null, null, Verdict.ADDED, false);
        }
        if (after == null) {
            return new Row(metric, statistic, before, null, null, null, Verdict.REMOVED, false);
        }
        Double change = changePct(before.center(), after.center());
        boolean up = after.center() > before.center();
        boolean worse = statistic.directional() && after.center() != before.center()
                && up == metric.higherIsWorse();
        if (deterministic) {
            Verdict verdict = before.center() == after.center() ? Verdict.SAME : Verdict.CHANGED;
            return new Row(metric, statistic, before, after, change, null, verdict, worse);
        }
        if (SampleStats.smallestPValue(before.n(), after.n()) > options.alpha()) {
            return new Row(metric, statistic, before, after, change, null, Verdict.TOO_FEW_RUNS, worse);
        }
        double p = SampleStats.uTestPValue(before.values(), after.values());
        Verdict verdict;
        if (!(p < options.alpha())) {
            verdict = Verdict.NOT_SIGNIFICANT;
        } else if (change != null && Math.abs(change) < options.minEffectPct()) {
            verdict = Verdict.UNDER_MIN_EFFECT;
        } else {
            verdict = Verdict.CHANGED;
        }
        return new Row(metric, statistic, before, after, change, p, verdict, worse);
    }

    /** @return the change in percent, 0 between two zeros, null from zero to anything else (no finite ratio) */
    static Double changePct(double before, double after) {
        if (before == after) {
            return 0.0;
        }
        if (before == 0) {
            return null;
        }
        return (after - before) / Math.abs(before) * 100;
    }

    /** @return the rows of one group, in order */
    public List<String> groups() {
        return rows.stream().map(r -> r.metric().group()).distinct().toList();
    }
}
