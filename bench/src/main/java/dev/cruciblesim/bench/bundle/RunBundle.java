package dev.cruciblesim.bench.bundle;

import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.sim.io.InputFiles;
import dev.cruciblesim.tracing.metrics.HlogWriter;
import dev.cruciblesim.tracing.metrics.MetricInterval;
import dev.cruciblesim.tracing.d.DScript;
import dev.cruciblesim.tracing.report.DTraceReport;

import java.io.BufferedOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import dev.cruciblesim.bench.workload.IologSink;

/**
 * One run's directory, {@code <out>/<run-id>/}, with run-id = UTC start time, scenario name and
 * short commit ({@code 20261127T110305Z-healthy-9c87991}):
 * <pre>
 * reports.txt       stdout exactly as printed: the DTrace text of every report, in order
 * NAME.txt          each report's text on its own (perfgw.txt, perfdw.txt, ...)
 * summary.txt       the run's summary and failures, as printed on stderr
 * report.json       every metric, throughput, the resolved scenario, its hash and seed, the build's commit
 *                   (no machine facts)
 * latency.hlog      HdrHistogram interval log, format 1.3, one tag per metric
 * fio.json          the run in fio's JSON shape
 * environment.json  commit, JVM, OS, CPU, start time, wall time
 * iolog/JOB.iolog   with output.write_iolog: each job's issued IO stream, a fio v3 iolog
 * </pre>
 * The interval log is written while the run goes, so a long run does not hold its intervals in memory.
 */
public final class RunBundle implements AutoCloseable {
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final String runId;
    private final EnvironmentInfo environment;
    private static final int HLOG_BUFFER_BYTES = 1 << 16;

    private final OutputStream hlogStream;
    private final HlogWriter hlog;
    private IOException hlogFailure;
    private boolean closed;

    private RunBundle(Path directory, String runId, EnvironmentInfo environment, long hlogStartEpochMs,
            long hlogStartClockNs) throws IOException {
        this.directory = directory;
        this.runId = runId;
        this.environment = environment;
        // 64 KB, not the default 8: a write system call per hundred-odd .hlog lines rather than per dozen.
        this.hlogStream = new BufferedOutputStream(Files.newOutputStream(directory.resolve("latency.hlog")),
                HLOG_BUFFER_BYTES);
        this.hlog = new HlogWriter(hlogStream, hlogStartEpochMs, hlogStartClockNs);
    }

    /**
     * Creates the run's directory under {@code outRoot} (made if missing); a second run in the same
     * second gets a "-2", "-3", ... suffix.
     *
     * @param hlogStartEpochMs the interval log's start time: the wall clock in real time, a fixed
     *                         value in virtual time so the log repeats
     * @param hlogStartClockNs the run clock's reading at that start
     */
    public static RunBundle create(Path outRoot, Scenario scenario, EnvironmentInfo environment,
            long hlogStartEpochMs, long hlogStartClockNs) throws IOException {
        Path directory = createUnique(outRoot, baseId(scenario, environment));
        return new RunBundle(directory, directory.getFileName().toString(), environment, hlogStartEpochMs,
                hlogStartClockNs);
    }

    /**
     * Creates {@code outRoot} if missing, then {@code outRoot/baseId}, or, when that exists (a second run in the same
     * second), the first free of {@code baseId-2}, {@code baseId-3}, ...
     *
     * @return the directory created
     */
    static Path createUnique(Path outRoot, String baseId) throws IOException {
        Files.createDirectories(outRoot);
        for (int attempt = 1; ; attempt++) {
            Path directory = outRoot.resolve(attempt == 1 ? baseId : baseId + "-" + attempt);
            try {
                return Files.createDirectory(directory);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 1000) {
                    throw e;
                }
            }
        }
    }

    /** @return UTC start time, scenario name and short commit, the name a run's (or a set's) directory starts with */
    static String baseId(Scenario scenario, EnvironmentInfo environment) {
        return RUN_ID_TIME.format(environment.startTime()) + "-" + scenario.name() + "-" + environment.commit();
    }

    /**
     * Creates exactly {@code directory}, whose parent must exist: a member of a set ({@link RunSetBundle}), whose name
     * the set chose.
     *
     * @param runId the run's id for environment.json
     */
    static RunBundle createNamed(Path directory, String runId, EnvironmentInfo environment, long hlogStartEpochMs,
            long hlogStartClockNs) throws IOException {
        Files.createDirectory(directory);
        return new RunBundle(directory, runId, environment, hlogStartEpochMs, hlogStartClockNs);
    }

    public Path directory() {
        return directory;
    }

    public String runId() {
        return runId;
    }

    /** @return where each job's issued IO stream goes: {@code iolog/JOB.iolog}, UTF-8, buffered */
    public IologSink iologSink() {
        return jobName -> {
            Path iologDirectory = Files.createDirectories(directory.resolve("iolog"));
            return Files.newBufferedWriter(iologDirectory.resolve(jobName + ".iolog"), StandardCharsets.UTF_8);
        };
    }

    /** @return where the harness hands each interval's histograms; an I/O error is kept for {@link #write} */
    public Consumer<List<MetricInterval>> intervalSink() {
        return this::writeIntervals;
    }

    private synchronized void writeIntervals(List<MetricInterval> intervals) {
        if (hlogFailure != null) {
            return;
        }
        try {
            for (MetricInterval interval : intervals) {
                hlog.write(interval);
            }
        } catch (IOException e) {
            hlogFailure = new IOException("cannot write " + directory.resolve("latency.hlog") + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes everything but the interval log, which is complete once the run has ended.
     *
     * @param stdoutText what was printed on stdout (the reports)
     * @param stderrSummary the summary and failure lines printed on stderr
     * @param runFacts   facts about the runtime itself for environment.json
     */
    public void write(Scenario scenario, RunOutcome outcome, String stdoutText, String stderrSummary,
            String toolVersion, long fioTimestampEpochS, Map<String, Object> runFacts) throws IOException {
        close();
        if (hlogFailure != null) {
            throw hlogFailure;
        }
        writeText("reports.txt", stdoutText);
        for (DTraceReport report : outcome.reports()) {
            if (report instanceof DScript) {
                // A user's script is in reports.txt only: its name may repeat (-n, or perfgw.d beside perfgw).
                continue;
            }
            writeText(report.name() + ".txt", report.stdout());
        }
        writeText("summary.txt", stderrSummary);
        writeText("report.json", ReportJson.render(scenario, outcome, environment.build()));
        writeText("fio.json", FioJson.render(scenario, outcome, toolVersion, fioTimestampEpochS));
        writeText("environment.json", environment.render(runId, toolVersion, runFacts));
    }

    private void writeText(String name, String text) throws IOException {
        writeFile(directory.resolve(name), text);
    }

    /** Writes {@code text} as UTF-8; an I/O error names the file, as {@link #describe} expects. */
    static void writeFile(Path file, String text) throws IOException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (java.nio.file.FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Closes the interval log; idempotent, and never throws: a failure is kept and reported by
     * {@link #write}, so that a full disk cannot cost the run its printed reports.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            hlog.close();
        } catch (IOException e) {
            if (hlogFailure == null) {
                hlogFailure = e;
            }
        }
    }

    /** @return "cannot write FILE: REASON" for any I/O failure, naming the file where Java knows it */
    public static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fileSystem) {
            return "cannot write " + fileSystem.getFile() + ": " + InputFiles.reasonOf(e);
        }
        return InputFiles.reasonOf(e);
    }
}
