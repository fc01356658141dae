package dev.cruciblesim.tracing.metrics;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.DProgram;
import dev.cruciblesim.tracing.dtrace.RunEnd;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.report.DTraceReport;
import java.util.List;

/** A report around a bare program, so tests can declare any aggregations and fire any values into them. */
final class ProgramReport implements DTraceReport {
    final DProgram program = new DProgram();
    private final String name;

    ProgramReport(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String scriptName() {
        return name + ".d";
    }

    @Override
    public boolean quiet() {
        return true;
    }

    @Override
    public int enable(ProbeRegistry registry) {
        return 0;
    }

    @Override
    public void finish(RunEnd how) {
        program.end(how, null);
    }

    @Override
    public String stdout() {
        return program.stdout();
    }

    @Override
    public List<Aggregation> aggregations() {
        return program.aggregations();
    }

    @Override
    public void enableValueRecording(boolean singleThreaded) {
        program.enableValueRecording(singleThreaded);
    }
}
