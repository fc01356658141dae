package dev.cruciblesim.bench.harness;

import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.tracing.d.DCompileException;
import dev.cruciblesim.tracing.d.DScript;
import dev.cruciblesim.tracing.dtrace.RunEnd;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's D scripts of one run ({@code run -s}, {@code -n}), compiled, for a harness to enable beside the built-in
 * reports. The command line's scripts and descriptions are one consumer, as dtrace compiles its command line: shared
 * variables and aggregations, one heading, one stdout in firing order, a "matched N probes" notice per program.
 * {@link #compileSeparately} makes one consumer per script instead, as several dtrace processes side by side would
 * be (the benchmark's five shipped scripts, whose variables must not meet). Kept apart from the {@code Scenario}: a
 * script is code the user brings to a run, not part of the model, and a compiled script runs once.
 *
 * <p>Compiling happens in {@link #compile}, before anything runs, so syntax, type and name errors surface there;
 * {@link #checkMatches} finds descriptions that match no probe on an assembled, never run, volume.
 *
 * <p>walltimestamp: real time reads the wall clock; virtual time {@linkplain #useSimulatedClock the simulated
 * clock}, offset to a fixed epoch, so that a script printing it repeats byte for byte.
 */
public final class RunScripts {
    /**
     * What {@code walltimestamp} reads at the simulated clock's start ({@code VirtualHarness.START_NS}) in virtual
     * time: 2022-01-01T00:00:00Z, fixed so output repeats.
     */
    public static final long VIRTUAL_WALL_CLOCK_AT_START_NS = 1_640_995_200_000_000_000L;

    /**
     * A script that cannot run, as dtrace says it: {@link #getMessage()} is dtrace's one line, {@link #detail()} what
     * that line leaves out (column, expectation, closest probe names), as {@link DCompileException} has them.
     */
    public static final class CompileError extends RuntimeException {
        private final String detail;

        CompileError(String message, DCompileException cause) {
            super(message, cause);
            this.detail = cause.detail();
        }

        public String detail() {
            return detail;
        }
    }

    /** No scripts: a run with the built-in reports only. */
    public static final RunScripts NONE = new RunScripts(List.of(), false, false, false);

    private final boolean quiet;
    private final boolean allowZeroMatches;
    /** The consumers, each of one or more programs, in command-line order. */
    private final List<DScript> consumers;
    /** Whether the run is in virtual time, where one thread stands for every component's (see compile). */
    private final boolean virtualTime;
    /** The clock {@code walltimestamp} reads; replaced by {@link #useSimulatedClock} before a virtual run. */
    private volatile NanoClock simulatedClock;
    private volatile long simulatedClockStartNs;

    private RunScripts(List<List<DScript.Source>> programsPerConsumer, boolean quiet, boolean allowZeroMatches,
            boolean virtualTime) {
        this.quiet = quiet;
        this.allowZeroMatches = allowZeroMatches;
        this.virtualTime = virtualTime;
        List<DScript> compiled = new ArrayList<>();
        for (List<DScript.Source> programs : programsPerConsumer) {
            try {
                compiled.add(DScript.compile(programs, options()));
            } catch (DCompileException e) {
                throw new CompileError(e.getMessage(), e);
            }
        }
        this.consumers = List.copyOf(compiled);
    }

    /**
     * Compiles every script and description, in order, into one consumer.
     *
     * @param quiet            {@code -q}
     * @param allowZeroMatches {@code -Z}
     * @throws CompileError for the first script that does not compile
     */
    public static RunScripts compile(List<DScript.Source> sources, boolean quiet, boolean allowZeroMatches) {
        return compile(sources, quiet, allowZeroMatches, false);
    }

    /**
     * As {@link #compile(List, boolean, boolean)}, for a run in virtual time when {@code virtualTime}: every
     * component fires on the one simulation thread there, so {@code self->}, {@code tid} and {@code strtok()}'s state
     * are kept per component instance, as each component's own thread keeps them in real time.
     */
    public static RunScripts compile(List<DScript.Source> sources, boolean quiet, boolean allowZeroMatches,
            boolean virtualTime) {
        return new RunScripts(sources.isEmpty() ? List.of() : List.of(sources), quiet, allowZeroMatches, virtualTime);
    }

    /** As {@link #compile(List, boolean, boolean, boolean)}, but each source is a consumer of its own. */
    public static RunScripts compileSeparately(List<DScript.Source> sources, boolean quiet, boolean allowZeroMatches,
            boolean virtualTime) {
        return new RunScripts(sources.stream().map(List::of).toList(), quiet, allowZeroMatches, virtualTime);
    }

    private DScript.Options options() {
        return DScript.Options.DEFAULT.withQuiet(quiet).withAllowZeroMatches(allowZeroMatches)
                .withWallClock(this::wallClockNs).withClock(this::clockNs).withThreadPerComponent(virtualTime);
    }

    /** {@code timestamp} in BEGIN and END: the components' clock, simulated in virtual time. */
    private long clockNs() {
        NanoClock clock = simulatedClock;
        return clock == null ? System.nanoTime() : clock.nanoTime();
    }

    private long wallClockNs() {
        NanoClock clock = simulatedClock;
        if (clock == null) {
            return System.currentTimeMillis() * 1_000_000L;
        }
        return VIRTUAL_WALL_CLOCK_AT_START_NS + (clock.nanoTime() - simulatedClockStartNs);
    }

    /**
     * Virtual time: {@code walltimestamp} reads {@code clock}, {@link #VIRTUAL_WALL_CLOCK_AT_START_NS} at
     * {@code clockStartNs}.
     */
    public void useSimulatedClock(NanoClock clock, long clockStartNs) {
        if (consumers.isEmpty()) {
            // NONE is shared by every run without scripts: it must not keep a finished run's scheduler alive.
            return;
        }
        simulatedClockStartNs = clockStartNs;
        simulatedClock = clock;
    }

    /** @return the consumers, in command-line order: one of every script and description unless compiled separately */
    public List<DScript> consumers() {
        return consumers;
    }

    public boolean isEmpty() {
        return consumers.isEmpty();
    }

    /**
     * Checks every description of every script against {@code registry} (a volume assembled like the run's, never
     * run), so that one matching no probe is refused before anything runs; nothing is enabled and no BEGIN runs.
     *
     * @throws CompileError naming the first description that matches no probe (without -Z)
     */
    public void checkMatches(ProbeRegistry registry) {
        for (DScript consumer : consumers) {
            try {
                consumer.countMatches(registry);
            } catch (DCompileException e) {
                throw new CompileError(e.getMessage(), e);
            }
        }
    }

    /**
     * Enables the consumers on the run's probes, in order, running their BEGIN clauses, and prints each program's
     * "matched N probes" notice (unless quiet). From here on, each runtime error line goes to {@code err} as it
     * happens, as dtrace prints them while the run goes on.
     *
     * @throws CompileError naming a description that matches none of {@code registry}'s probes (without -Z)
     */
    public void enable(ProbeRegistry registry, PrintWriter err) {
        for (DScript consumer : consumers) {
            consumer.onErrorLine(line -> {
                err.println(line);
                err.flush();
            });
            try {
                consumer.enable(registry);
            } catch (DCompileException e) {
                throw new CompileError(e.getMessage(), e);
            }
            for (String notice : consumer.matchedNotices()) {
                err.println(notice);
            }
        }
    }

    /** Has every consumer ask {@code stop} to end the run when a clause calls {@code exit()}. */
    public void stopOnExit(Runnable stop) {
        for (DScript consumer : consumers) {
            consumer.onExit(stop);
        }
    }

    /** @return the first consumer whose clause called {@code exit()}, or null if none did */
    public DScript exitedConsumer() {
        for (DScript consumer : consumers) {
            if (consumer.isExitRequested()) {
                return consumer;
            }
        }
        return null;
    }

    /**
     * Runs every consumer's END clauses and end-of-run output.
     *
     * @param stopRequested whether the run was asked to stop (a signal, or a script's exit()): without an exit(),
     *                      that was ^C or SIGTERM, and dtrace prints its extra newline first
     */
    public void finish(boolean stopRequested) {
        RunEnd how = stopRequested && exitedConsumer() == null ? RunEnd.INTERRUPT : RunEnd.EXIT;
        for (DScript consumer : consumers) {
            consumer.finish(how);
        }
    }
}
