package dev.cruciblesim.bench.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --fail-on} rules: {@code SELECTOR>THRESHOLD%} (a rise beyond the threshold fails) or
 * {@code SELECTOR<THRESHOLD%} (a fall beyond it, e.g. {@code throughput<-5%}). A selector is a statistic alone
 * ({@code p99}: every metric's), a metric pattern and a statistic ({@code perfgw.write.p99},
 * {@code perfdw.*.p99.9}), or a metric pattern alone (every statistic but the count). Patterns are globs
 * ({@code *} any text, dots included; {@code ?} one character) over a metric's dotted names, matching the whole
 * name or a leading part of it up to a dot ({@code throughput} covers {@code throughput.write}).
 */
public final class Gate {
    private static final Pattern RULE = Pattern.compile("(.+?)\\s*([<>])\\s*(\\S*)");
    private static final Pattern THRESHOLD = Pattern.compile("([+-]?\\d+(?:\\.\\d+)?)%");

    /** One parsed rule, as given. */
    public record Rule(String text, String metricPattern, Statistic statistic, boolean rise, double thresholdPct) {
        boolean selects(Row row) {
            if (statistic != null ? row.statistic() != statistic : row.statistic() == Statistic.COUNT) {
                return false;
            }
            if (metricPattern == null) {
                return true;
            }
            Pattern glob = glob(metricPattern);
            for (String name : row.metric().selectorNames()) {
                if (glob.matcher(name).matches()) {
                    return true;
                }
                for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
                    if (glob.matcher(name.substring(0, dot)).matches()) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Significant (or deterministic and different), and beyond the threshold the way the rule points. */
        boolean trips(Row row, boolean deterministic) {
            if (row.changePct() == null) {
                return false;
            }
            boolean real = deterministic ? row.verdict() == Verdict.CHANGED : row.significant();
            return real && (rise ? row.changePct() > thresholdPct : row.changePct() < thresholdPct);
        }
    }

    /** A rule that a row tripped. */
    public record Trip(Rule rule, Row row) {
    }

    private final List<Rule> rules;

    private Gate(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** @throws CompareException naming the rule when it is not SELECTOR&gt;N% or SELECTOR&lt;N% */
    public static Gate parse(List<String> texts) throws CompareException {
        List<Rule> rules = new ArrayList<>();
        for (String text : texts) {
            rules.add(parseRule(text));
        }
        return new Gate(rules);
    }

    static Rule parseRule(String text) throws CompareException {
        Matcher rule = RULE.matcher(text.strip());
        if (!rule.matches()) {
            throw new CompareException("--fail-on '" + text + "': expected SELECTOR>THRESHOLD% or "
                    + "SELECTOR<THRESHOLD%, e.g. 'p99>10%' or 'throughput<-5%'");
        }
        Matcher threshold = THRESHOLD.matcher(rule.group(3));
        if (!threshold.matches()) {
            throw new CompareException("--fail-on '" + text + "': the threshold '" + rule.group(3)
                    + "' is not a percentage such as 10% or -5%");
        }
        String selector = rule.group(1);
        Statistic statistic = null;
        String pattern = selector;
        // Longest label first, so that 'p99.9' is not read as the metric '…p99' and a statistic '9'.
        List<Statistic> byLength = new ArrayList<>(List.of(Statistic.values()));
        byLength.sort(Comparator.comparingInt((Statistic s) -> s.label().length()).reversed());
        for (Statistic candidate : byLength) {
            if (selector.equals(candidate.label())) {
                statistic = candidate;
                pattern = null;
                break;
            }
            if (selector.endsWith("." + candidate.label())) {
                statistic = candidate;
                pattern = selector.substring(0, selector.length() - candidate.label().length() - 1);
                break;
            }
        }
        return new Rule(text, pattern, statistic, rule.group(2).equals(">"), Double.parseDouble(threshold.group(1)));
    }

    /** @throws CompareException naming the first rule that selects no row of the comparison: a typo, not a pass */
    public void checkSelectors(Comparison comparison) throws CompareException {
        for (Rule rule : rules) {
            if (comparison.rows().stream().noneMatch(rule::selects)) {
                throw new CompareException("--fail-on '" + rule.text() + "': no metric matches '"
                        + (rule.metricPattern() == null ? rule.statistic().label() : rule.metricPattern()
                                + (rule.statistic() == null ? "" : "." + rule.statistic().label()))
                        + "'; selectors name a statistic (count, p50, p90, p99, p99.9, max, mean, iops, score), a "
                        + "metric (perfgw.write, guest.write, throughput.total) or both (perfdw.*.p99)");
            }
        }
    }

    public List<Trip> evaluate(Comparison comparison) {
        List<Trip> trips = new ArrayList<>();
        for (Rule rule : rules) {
            for (Row row : comparison.rows()) {
                if (rule.selects(row) && rule.trips(row, comparison.deterministic())) {
                    trips.add(new Trip(rule, row));
                }
            }
        }
        return trips;
    }

    /** Selected rows the test could say nothing about: the gate passing them is not a pass on evidence. */
    public long untestable(Comparison comparison) {
        return comparison.rows().stream().filter(r -> r.verdict() == Verdict.TOO_FEW_RUNS)
                .filter(r -> rules.stream().anyMatch(rule -> rule.selects(r))).count();
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        int literal = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(glob.substring(literal, i))).append(c == '*' ? ".*" : ".");
                literal = i + 1;
            }
        }
        regex.append(Pattern.quote(glob.substring(literal)));
        return Pattern.compile(regex.toString());
    }
}
