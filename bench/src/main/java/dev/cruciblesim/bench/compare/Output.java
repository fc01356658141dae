package dev.cruciblesim.bench.compare;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.cruciblesim.tracing.json.JsonTree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A comparison written out: an aligned text table per group (report), Markdown tables for a pull-request
 * comment, or JSON (schema {@value #SCHEMA} version {@value #SCHEMA_VERSION}) for tools.
 *
 * @param warnings    provenance warnings (different seeds, different scenarios compared with --force)
 * @param trips       the gate's rules each row tripped
 */
public record Output(Comparison comparison, List<String> warnings, Gate gate, List<Gate.Trip> trips) {
    public static final String SCHEMA = "crucible-sim/compare";
    public static final int SCHEMA_VERSION = 1;
    private static final String[] HEADINGS = {"metric", "stat", "old", "new", "change", "verdict"};

    public Output {
        warnings = List.copyOf(warnings);
        trips = List.copyOf(trips);
    }

    public enum Format {
        TEXT, MD, JSON
    }

    public String render(Format format) {
        return switch (format) {
            case TEXT -> text();
            case MD -> markdown();
            case JSON -> json();
        };
    }

    private Map<Row, List<Gate.Rule>> trippedRules() {
        Map<Row, List<Gate.Rule>> tripped = new IdentityHashMap<>();
        for (Gate.Trip trip : trips) {
            tripped.computeIfAbsent(trip.row(), r -> new ArrayList<>()).add(trip.rule());
        }
        return tripped;
    }

    /** The cells of each group's rows, the metric's name on its first row only. */
    private Map<String, List<String[]>> tables() {
        Map<Row, List<Gate.Rule>> tripped = trippedRules();
        Map<String, List<String[]>> tables = new LinkedHashMap<>();
        Metric previous = null;
        for (Row row : comparison.rows()) {
            String verdict = Cells.verdict(row);
            List<Gate.Rule> rules = tripped.get(row);
            if (rules != null) {
                verdict = (verdict.isEmpty() ? "" : verdict + ", ") + "fails "
                        + rules.stream().map(Gate.Rule::text).collect(Collectors.joining(", "));
            }
            tables.computeIfAbsent(row.metric().group(), g -> new ArrayList<>()).add(new String[] {
                row.metric().equals(previous) ? "" : row.metric().name(), row.statistic().label(),
                Cells.side(row, row.oldSide(), comparison.deterministic()),
                Cells.side(row, row.newSide(), comparison.deterministic()), Cells.change(row, comparison), verdict});
            previous = row.metric();
        }
        return tables;
    }

    private List<String> headerLines() {
        List<String> lines = new ArrayList<>();
        lines.add("old: " + comparison.oldSide().path() + ": " + Provenance.describe(comparison.oldSide()) + "; "
                + Provenance.commit(comparison.oldSide()));
        lines.add("new: " + comparison.newSide().path() + ": " + Provenance.describe(comparison.newSide()) + "; "
                + Provenance.commit(comparison.newSide()));
        lines.add(method());
        warnings.forEach(w -> lines.add("warning: " + w));
        return lines;
    }

    private String method() {
        Comparison.Options options = comparison.options();
        if (comparison.deterministic()) {
            return "Deterministic: both sides are one virtual-time run, so every difference is real and shown exactly "
                    + "(latencies in µs to the ns).";
        }
        String samples = comparison.oldSide().kind() == Side.Kind.JMH
                ? "each benchmark's iterations (raw data) are a sample; scores ± JMH's score error"
                : "each run's statistic is one value of a sample; medians ± their "
                        + Cells.trim(options.confidence() * 100) + "% confidence interval";
        return "Samples: " + samples + "; Mann-Whitney U test at alpha " + Cells.trim(options.alpha())
                + "; changes under " + Cells.trim(options.minEffectPct()) + "% are not called.";
    }

    private List<String> summaryLines() {
        List<String> lines = new ArrayList<>();
        List<Row> rows = comparison.rows();
        long changed = rows.stream().filter(r -> r.verdict() == Verdict.CHANGED).count();
        long worse = rows.stream().filter(r -> r.verdict() == Verdict.CHANGED && r.worse()).count();
        StringBuilder summary = new StringBuilder(rows.size() + " statistics compared: " + changed + " changed ("
                + worse + " worse)");
        for (Verdict verdict : List.of(Verdict.SAME, Verdict.NOT_SIGNIFICANT, Verdict.UNDER_MIN_EFFECT,
                Verdict.TOO_FEW_RUNS, Verdict.ADDED, Verdict.REMOVED)) {
            long count = rows.stream().filter(r -> r.verdict() == verdict).count();
            if (count > 0) {
                summary.append(", ").append(count).append(' ').append(verdict.label().replace('_', ' '));
            }
        }
        lines.add(summary.toString());
        if (gate.rules().isEmpty()) {
            return lines;
        }
        String rules = gate.rules().stream().map(Gate.Rule::text).collect(Collectors.joining(", "));
        if (trips.isEmpty()) {
            lines.add("gate: passed (" + rules + ")");
        } else {
            lines.add("gate: FAILED (" + rules + "): " + trips.size() + " beyond the threshold:");
            for (Gate.Trip trip : trips) {
                Row row = trip.row();
                lines.add("  " + row.metric().group() + " " + row.metric().name() + " " + row.statistic().label() + ": "
                        + Cells.change(row, comparison) + " trips " + trip.rule().text());
            }
        }
        long untestable = gate.untestable(comparison);
        if (untestable > 0) {
            lines.add("gate: " + untestable + " selected statistics had too few runs to tell; the gate cannot judge "
                    + "them");
        }
        return lines;
    }

    private String text() {
        StringBuilder out = new StringBuilder();
        headerLines().forEach(l -> out.append(l).append('\n'));
        tables().forEach((group, table) -> {
            out.append('\n').append(group).append('\n');
            int[] widths = new int[HEADINGS.length];
            List<String[]> all = new ArrayList<>();
            all.add(HEADINGS);
            all.addAll(table);
            for (String[] cells : all) {
                for (int i = 0; i < cells.length; i++) {
                    widths[i] = Math.max(widths[i], cells[i].length());
                }
            }
            for (String[] cells : all) {
                StringBuilder line = new StringBuilder("  ");
                for (int i = 0; i < cells.length; i++) {
                    line.append(i == cells.length - 1 ? cells[i] : pad(cells[i], widths[i]) + "  ");
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
        });
        out.append('\n');
        summaryLines().forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private String markdown() {
        StringBuilder out = new StringBuilder("## crucible-sim compare\n\n");
        headerLines().forEach(l -> out.append("- ").append(md(l)).append('\n'));
        tables().forEach((group, table) -> {
            out.append("\n### ").append(md(group)).append("\n\n");
            out.append("| ").append(String.join(" | ", HEADINGS)).append(" |\n");
            out.append("|").append("---|".repeat(HEADINGS.length)).append('\n');
            for (String[] cells : table) {
                out.append("| ").append(Arrays.stream(cells).map(Output::md).collect(Collectors.joining(" | ")))
                        .append(" |\n");
            }
        });
        out.append('\n');
        summaryLines().forEach(l -> out.append(l.startsWith("  ") ? "  - " + md(l.strip()) : md(l)).append("\n\n"));
        return out.toString().stripTrailing() + "\n";
    }

    /** Markdown-safe: a '|' would end a cell, and '*', '_' and '~' would start emphasis or strikethrough. */
    private static String md(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
                .replace("~", "\\~");
    }

    private String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("schema_version", SCHEMA_VERSION);
        root.put("old", side(comparison.oldSide()));
        root.put("new", side(comparison.newSide()));
        root.put("mode", comparison.deterministic() ? "deterministic" : "samples");
        Comparison.Options options = comparison.options();
        root.put("alpha", options.alpha());
        root.put("min_effect_pct", options.minEffectPct());
        root.put("confidence", options.confidence());
        root.put("warnings", warnings);
        Map<Row, List<Gate.Rule>> tripped = trippedRules();
        List<Object> rows = new ArrayList<>();
        for (Row row : comparison.rows()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("group", row.metric().group());
            entry.put("metric", row.metric().name());
            entry.put("names", row.metric().selectorNames());
            entry.put("statistic", row.statistic().label());
            entry.put("unit", row.statistic() == Statistic.COUNT ? null : row.metric().unit());
            entry.put("old", observation(row.oldSide()));
            entry.put("new", observation(row.newSide()));
            entry.put("change_pct", row.changePct());
            entry.put("p", row.p());
            entry.put("n", List.of(row.oldSide() == null ? 0 : row.oldSide().n(),
                    row.newSide() == null ? 0 : row.newSide().n()));
            entry.put("verdict", row.verdict().label());
            entry.put("worse", row.worse());
            entry.put("fails", tripped.getOrDefault(row, List.of()).stream().map(Gate.Rule::text).toList());
            rows.add(entry);
        }
        root.put("rows", rows);
        Map<String, Object> gateEntry = new LinkedHashMap<>();
        gateEntry.put("rules", gate.rules().stream().map(Gate.Rule::text).toList());
        gateEntry.put("passed", trips.isEmpty());
        gateEntry.put("tripped", trips.stream().map(t -> {
            Map<String, Object> trip = new LinkedHashMap<>();
            trip.put("rule", t.rule().text());
            trip.put("group", t.row().metric().group());
            trip.put("metric", t.row().metric().name());
            trip.put("statistic", t.row().statistic().label());
            trip.put("change_pct", t.row().changePct());
            return trip;
        }).toList());
        root.put("gate", gateEntry);
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return JsonTree.write(root, new DefaultPrettyPrinter().withObjectIndenter(indenter)
                .withArrayIndenter(indenter)) + "\n";
    }

    private static Map<String, Object> side(Side side) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", side.path().toString());
        entry.put("kind", side.kind().name().toLowerCase(Locale.ROOT));
        entry.put("runs", side.kind() == Side.Kind.JMH ? null : side.reports().size());
        entry.put("commit", side.commit());
        entry.put("dirty", side.dirty());
        entry.put("clock", side.clock());
        entry.put("scenario_name", side.scenarioName());
        entry.put("scenario_hash", side.scenarioHash());
        entry.put("seeds", side.kind() == Side.Kind.JMH ? null : side.seeds());
        return entry;
    }

    private static Map<String, Object> observation(Observation observation) {
        if (observation == null) {
            return null;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("n", observation.n());
        entry.put("center", observation.center());
        // JSON has no infinity: an interval too wide for the sample is written as null bounds.
        entry.put("low", Double.isFinite(observation.low()) ? observation.low() : null);
        entry.put("high", Double.isFinite(observation.high()) ? observation.high() : null);
        entry.put("values", Arrays.stream(observation.values()).boxed().toList());
        return entry;
    }
}
