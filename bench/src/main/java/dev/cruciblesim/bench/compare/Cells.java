package dev.cruciblesim.bench.compare;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** The text of a row's cells, shared by the text and Markdown formats. */
final class Cells {
    private static final MathContext SIGNIFICANT = new MathContext(4);

    private Cells() {
    }

    /** One side's cell: the value, with its interval as ± percent for a sample or a JMH score. */
    static String side(Row row, Observation observation, boolean deterministic) {
        if (observation == null) {
            return "-";
        }
        String value = value(row.metric(), row.statistic(), observation.center(), deterministic);
        if (deterministic || observation.low() == observation.high()) {
            return value;
        }
        if (!Double.isFinite(observation.low()) || !Double.isFinite(observation.high())) {
            return value + " ± ∞";
        }
        double spread = Math.max(observation.center() - observation.low(), observation.high() - observation.center());
        return value + " ± " + (observation.center() == 0 ? "∞" : Math.round(spread / Math.abs(observation.center())
                * 100) + "%");
    }

    /**
     * A value in its unit: deterministic latencies exactly (ns as µs with three decimals), sampled ones to four
     * significant digits in the unit that suits them, as benchstat does.
     */
    static String value(Metric metric, Statistic statistic, double value, boolean exact) {
        if (statistic == Statistic.COUNT) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (Extraction.NS.equals(metric.unit())) {
            if (exact) {
                return String.format(Locale.ROOT, "%.3fµs", value / 1_000);
            }
            double abs = Math.abs(value);
            if (abs >= 1e9) {
                return significant(value / 1e9) + "s";
            }
            if (abs >= 1e6) {
                return significant(value / 1e6) + "ms";
            }
            if (abs >= 1e3) {
                return significant(value / 1e3) + "µs";
            }
            return significant(value) + "ns";
        }
        String number = exact ? String.format(Locale.ROOT, "%.3f", value) : significant(value);
        return metric.unit().isEmpty() ? number : number + " " + metric.unit();
    }

    private static String significant(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return new BigDecimal(value).round(SIGNIFICANT).stripTrailingZeros().toPlainString();
    }

    /** The change cell in benchstat's words: "+12.3% (p=0.002 n=10+10)", "~ (p=0.450 n=10+10)". */
    static String change(Row row, Comparison comparison) {
        switch (row.verdict()) {
            case ADDED:
                return "added";
            case REMOVED:
                return "removed";
            case SAME:
                return "0% (same)";
            case TOO_FEW_RUNS:
                return "too few " + (comparison.oldSide().kind() == Side.Kind.JMH ? "iterations" : "runs")
                        + " to tell (" + row.sizes() + ")";
            default:
                break;
        }
        String change = percent(row.changePct(), comparison.deterministic());
        if (comparison.deterministic()) {
            return change;
        }
        String test = "(p=" + String.format(Locale.ROOT, "%.3f", row.p()) + " " + row.sizes() + ")";
        return switch (row.verdict()) {
            case CHANGED -> change + " " + test;
            case UNDER_MIN_EFFECT -> "~ " + change + " " + test + ", under "
                    + trim(comparison.options().minEffectPct()) + "%";
            default -> "~ " + test;
        };
    }

    /** What the row amounts to: worse, better, changed (a count), or nothing to say. */
    static String verdict(Row row) {
        return switch (row.verdict()) {
            case CHANGED -> row.statistic().directional() ? (row.worse() ? "worse" : "better") : "changed";
            case ADDED -> "added";
            case REMOVED -> "removed";
            default -> "";
        };
    }

    /**
     * A change in percent: exact runs keep every change visible (a change of 0.0004% is not rounded to 0),
     * samples get benchstat's one decimal.
     */
    static String percent(Double changePct, boolean exact) {
        if (changePct == null) {
            return "+∞%";
        }
        double change = changePct;
        if (!exact) {
            return String.format(Locale.ROOT, "%+.1f%%", change);
        }
        if (change != 0 && Math.abs(change) < 0.005) {
            return String.format(Locale.ROOT, "%+.2g%%", change);
        }
        return String.format(Locale.ROOT, "%+.2f%%", change);
    }

    static String trim(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
