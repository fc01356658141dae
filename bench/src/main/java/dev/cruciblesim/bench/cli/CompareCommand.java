package dev.cruciblesim.bench.cli;

import dev.cruciblesim.bench.compare.CompareException;
import dev.cruciblesim.bench.compare.Comparison;
import dev.cruciblesim.bench.compare.Gate;
import dev.cruciblesim.bench.compare.Inputs;
import dev.cruciblesim.bench.compare.Output;
import dev.cruciblesim.bench.compare.Provenance;
import dev.cruciblesim.bench.compare.Side;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code crucible-sim compare OLD NEW}: every metric of two runs, sets or JMH result files, and a gate. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares two runs, two sets of runs or two JMH JSON result files metric by metric: count, "
                + "p50, p90, p99, p99.9, max and mean of every report's aggregation, the guest latency and the "
                + "jobs' service and response latencies, and the throughput.",
            "Two virtual-time runs are deterministic: every difference is real and shown exactly. Sets (and "
                + "real-time runs) compare their per-run values with the Mann-Whitney U test, benchstat's way."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compared; no --fail-on rule tripped",
            "1:a --fail-on rule tripped: a selected metric changed beyond its threshold, significantly",
            "2:bad input (a missing or unreadable side, a malformed rule, different scenarios without --force)"})
public final class CompareCommand implements Callable<Integer> {
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%?");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD",
            description = "A run directory, a report.json, a set directory (or its set.json), or a JMH -rf json file.")
    Path oldPath;

    @Parameters(index = "1", paramLabel = "NEW", description = "The same kind of input as OLD.")
    Path newPath;

    @Option(names = "--fail-on", paramLabel = "SELECTOR>PCT%",
            description = "Exit 1 when a selected metric changes beyond the threshold, significantly: 'p99>10%', "
                    + "'perfgw.write.p99>10%', 'perfdw.*.p99.9>20%', 'throughput<-5%'. Repeatable.")
    List<String> failOn = new ArrayList<>();

    @Option(names = "--min-effect", paramLabel = "PCT", defaultValue = "5%",
            description = "The smallest change of a sample's median called a change (default: ${DEFAULT-VALUE}).")
    String minEffect;

    @Option(names = "--format", paramLabel = "text|md|json", defaultValue = "text",
            description = "An aligned text table per report (default), Markdown tables, or JSON "
                    + "(schema crucible-sim/compare).")
    String format;

    @Option(names = "--force", description = "Compare even when the two sides ran different scenarios.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Output.Format outputFormat = format();
            Comparison.Options defaults = Comparison.Options.DEFAULTS;
            Comparison.Options options = new Comparison.Options(defaults.alpha(), minEffectPct(), defaults.confidence());
            Gate gate = Gate.parse(failOn);
            Side oldSide = Inputs.load(oldPath);
            Side newSide = Inputs.load(newPath);
            Comparison comparison = Comparison.of(oldSide, newSide, options);
            List<String> warnings = new ArrayList<>(Provenance.warnings(oldSide, newSide));
            List<String> differences = Provenance.scenarioDifferences(oldSide, newSide);
            List<String> listed = differences.subList(0,
                    Math.min(differences.size(), Provenance.LISTED_DIFFERENCES));
            String more = differences.size() > listed.size()
                    ? " (and " + (differences.size() - listed.size()) + " more)" : "";
            if (!differences.isEmpty() && !force) {
                err.println("crucible-sim: compare: " + oldPath + " and " + newPath + " ran different scenarios "
                        + "(--force compares them anyway); they differ at " + String.join("; ", listed) + more);
                return CrucibleSim.EXIT_BAD_INPUT;
            }
            if (!differences.isEmpty()) {
                warnings.add("different scenarios, compared with --force; they differ at " + String.join("; ", listed)
                        + more);
            }
            gate.checkSelectors(comparison);
            List<Gate.Trip> trips = gate.evaluate(comparison);
            out.print(new Output(comparison, warnings, gate, trips).render(outputFormat));
            return trips.isEmpty() ? CrucibleSim.EXIT_OK : CrucibleSim.EXIT_RUN_FAILED;
        } catch (CompareException e) {
            err.println("crucible-sim: compare: " + e.getMessage());
            return CrucibleSim.EXIT_BAD_INPUT;
        }
    }

    private Output.Format format() throws CompareException {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> Output.Format.TEXT;
            case "md", "markdown" -> Output.Format.MD;
            case "json" -> Output.Format.JSON;
            default -> throw new CompareException("--format '" + format + "': expected text, md or json");
        };
    }

    private double minEffectPct() throws CompareException {
        Matcher matcher = PERCENT.matcher(minEffect.strip());
        if (!matcher.matches()) {
            throw new CompareException("--min-effect '" + minEffect + "': expected a percentage such as 5%");
        }
        return Double.parseDouble(matcher.group(1));
    }
}
