package dev.cruciblesim.bench.cli;

import dev.cruciblesim.bench.bundle.BuildInfo;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code crucible-sim jmh [JMH options]}: the benchmarks in this jar through JMH's own runner, every JMH option as
 * JMH takes it ({@code -l} lists, {@code -h} helps, {@code -prof gc}, {@code -f 1 -wi 2 -i 5}, a regular expression
 * selects benchmarks). Unless {@code -rf} or {@code -rff} says otherwise, results go as JSON to
 * {@code results/jmh/<UTC>-<commit>.json}, which {@code crucible-sim compare} reads.
 */
@Command(name = "jmh", description = {
        "Runs the JMH benchmarks in this jar with JMH's own options (-l lists them, -h shows JMH's help). "
                + "Results go as JSON to results/jmh/<UTC>-<commit>.json unless -rf/-rff say otherwise; "
                + "'crucible-sim compare OLD.json NEW.json' compares two such files."})
final class JmhCommand implements Callable<Integer> {
    static final Path DEFAULT_RESULTS_DIRECTORY = Path.of("results", "jmh");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Everything after {@code jmh}, handed to JMH unread: its options are its own. */
    @CommandLine.Unmatched
    List<String> jmhArguments = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        CommandLineOptions jmhOptions;
        try {
            jmhOptions = new CommandLineOptions(jmhArguments.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            err.println("crucible-sim: jmh: " + e.getMessage());
            err.flush();
            return CrucibleSim.EXIT_BAD_INPUT;
        }
        if (jmhOptions.shouldHelp()) {
            jmhOptions.showHelp();
            return CrucibleSim.EXIT_OK;
        }
        if (jmhOptions.shouldListProfilers()) {
            jmhOptions.listProfilers();
            return CrucibleSim.EXIT_OK;
        }
        if (jmhOptions.shouldListResultFormats()) {
            jmhOptions.listResultFormats();
            return CrucibleSim.EXIT_OK;
        }
        if (jmhOptions.shouldList()) {
            new Runner(jmhOptions).list();
            return CrucibleSim.EXIT_OK;
        }
        if (jmhOptions.shouldListWithParams()) {
            new Runner(jmhOptions).listWithParams(jmhOptions);
            return CrucibleSim.EXIT_OK;
        }
        Options options = jmhOptions;
        if (!jmhOptions.getResultFormat().hasValue() && !jmhOptions.getResult().hasValue()) {
            Path results = defaultResultFile(BuildInfo.current().commit(), Instant.now());
            Files.createDirectories(results.getParent());
            options = new OptionsBuilder().parent(jmhOptions).resultFormat(ResultFormatType.JSON)
                    .result(results.toString()).build();
            err.println("crucible-sim: jmh: results will be written to " + results);
            err.flush();
        }
        try {
            new Runner(options).run();
            return CrucibleSim.EXIT_OK;
        } catch (RunnerException e) {
            err.println("crucible-sim: jmh: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            err.flush();
            return CrucibleSim.EXIT_RUN_FAILED;
        }
    }

    /** @return results/jmh/&lt;UTC&gt;-&lt;commit&gt;.json under the working directory */
    static Path defaultResultFile(String commit, Instant now) {
        return DEFAULT_RESULTS_DIRECTORY.resolve(STAMP.format(now) + "-" + commit + ".json");
    }
}
