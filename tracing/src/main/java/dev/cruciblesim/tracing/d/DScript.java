package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.DProgram;
import dev.cruciblesim.tracing.dtrace.FiringOutput;
import dev.cruciblesim.tracing.dtrace.RunEnd;
import dev.cruciblesim.tracing.dtrace.SortOptions;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeConsumer;
import dev.cruciblesim.tracing.probe.ProbeDefinition;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.report.DTraceReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A user's D script, compiled to closures and runnable against the simulated probes like the
 * built-in reports: {@link #compile} (syntax and type errors surface here, before anything runs),
 * {@link #enable}, let the components fire, {@link #finish}, read {@link #stdout} and
 * {@link #stderrLines}.
 *
 * <p>Threading: probes may fire on any threads. Each thread gets its own {@link Frame}, which
 * holds its {@code self->} variables; aggregations and associative arrays are thread-safe;
 * global scalars are plain memory, as in D.
 *
 * <p>Cost: a firing runs the clause's closures only. An integer-only clause on known keys
 * (perfgw's {@code start[arg0] = timestamp}, {@code @t[probename] = quantize(timestamp - start[arg0])})
 * allocates nothing.
 *
 * <p>The language: clauses of probe descriptions (globs, empty fields, lists; BEGIN, END, ERROR,
 * {@code tick-N}/{@code profile-N}), predicates and statements, {@code if}/{@code else},
 * {@code inline}, {@code #pragma D option}, macro arguments; 64-bit signed and unsigned integer
 * and string expressions with C's operators, casts and typing; globals, associative arrays,
 * {@code this->}, {@code self->}; the builtins and string subroutines of {@link Builtins} and
 * {@link Subroutines}; aggregations count, sum, avg, min, max, stddev, quantize, lquantize,
 * llquantize; actions printf, printa, trace, exit, setopt, clear, trunc, normalize, denormalize;
 * without quiet, the {@code CPU ID FUNCTION:NAME} heading and rows of spec §1.3 (see
 * {@code Runtime}); a fault fires the ERROR clauses, then prints dtrace's error line. Several
 * {@code -s}/{@code -n} programs compile into one consumer ({@link #compile(List, Options)}). The
 * timers' schedule is the harness's: it drives them through {@link #timers()} and {@link #fireTimer}.
 */
public final class DScript implements DTraceReport {
    /** D's {@code execname} in probes the components fire. */
    static final String EXECNAME = "crucible-sim";
    /** Options that change nothing this engine prints (buffer sizes and rates), accepted as dtrace accepts them. */
    private static final Set<String> INERT_OPTIONS = Set.of("bufsize", "aggsize", "aggrate", "switchrate",
            "statusrate", "cleanrate", "dynvarsize", "strsize", "nspec", "specsize", "stackframes", "ustackframes",
            "destructive", "defaultargs", "bufpolicy", "bufresize", "jstackframes", "jstackstrsize");

    /**
     * How the script was invoked.
     *
     * @param quiet            {@code -q}
     * @param allowZeroMatches {@code -Z}: a description matching no probe is not an error
     * @param wallClockNs      {@code walltimestamp}: nanoseconds since the epoch; in virtual time the
     *                         harness passes the simulated clock
     * @param macroArguments   the script's arguments after its name on the command line: {@code $1},
     *                         {@code $2}, ... ({@code $0} is the script name)
     * @param threadPerComponent virtual time: every firing happens on one thread, so {@code self->},
     *                         {@code tid} and strtok()'s state are kept per component instance
     *                         (the firing probe's instance id), standing in for each component's own
     *                         thread in real time; BEGIN, END and timers keep the calling thread's.
     *                         False (the default) keeps them per Java thread
     * @param clockNs          what {@code timestamp} reads in BEGIN and END, which no component fires:
     *                         the components' clock ({@link System#nanoTime} by default; in virtual
     *                         time the harness passes the simulated clock)
     */
    public record Options(boolean quiet, boolean allowZeroMatches, LongSupplier wallClockNs,
            List<String> macroArguments, boolean threadPerComponent, LongSupplier clockNs) {
        public static final Options DEFAULT = new Options(false, false, () -> System.currentTimeMillis() * 1_000_000L,
                List.of(), false, System::nanoTime);

        public Options {
            macroArguments = List.copyOf(macroArguments);
        }

        public Options withQuiet(boolean value) {
            return new Options(value, allowZeroMatches, wallClockNs, macroArguments, threadPerComponent, clockNs);
        }

        public Options withAllowZeroMatches(boolean value) {
            return new Options(quiet, value, wallClockNs, macroArguments, threadPerComponent, clockNs);
        }

        public Options withWallClock(LongSupplier value) {
            return new Options(quiet, allowZeroMatches, value, macroArguments, threadPerComponent, clockNs);
        }

        public Options withThreadPerComponent(boolean value) {
            return new Options(quiet, allowZeroMatches, wallClockNs, macroArguments, value, clockNs);
        }

        public Options withMacroArguments(List<String> value) {
            return new Options(quiet, allowZeroMatches, wallClockNs, value, threadPerComponent, clockNs);
        }

        /** @param value the clock {@code timestamp} reads in BEGIN and END: the components' clock, simulated or real */
        public Options withClock(LongSupplier value) {
            return new Options(quiet, allowZeroMatches, wallClockNs, macroArguments, threadPerComponent, value);
        }
    }

    /** A {@code tick-N} or {@code profile-N} probe of the script, for the harness to schedule. */
    public record Timer(String probeName, long intervalNs, boolean profile) {
    }

    /**
     * One {@code -s} script or {@code -n} description of a consumer, as the user gave it.
     *
     * @param fileName the script's name in dtrace's messages (the path typed, or {@code NAME.d} for a shipped
     *                 script); null for a {@code -n} description
     * @param text     the script's text, or the description
     */
    public record Source(String fileName, String text) {
        public Source {
            java.util.Objects.requireNonNull(text, "text");
        }

        public static Source script(String fileName, String text) {
            return new Source(java.util.Objects.requireNonNull(fileName, "fileName"), text);
        }

        public static Source description(String text) {
            return new Source(null, text);
        }

        public boolean isDescription() {
            return fileName == null;
        }
    }

    /**
     * One program of the consumer: dtrace compiles each {@code -s} and {@code -n} on its own (its own error prefix
     * and {@code $0}), enables each in turn with its own "matched N probes" notice, and runs them all as one
     * consumer: shared variables and aggregations, one heading, one stdout in firing order.
     *
     * @param name              the script's file name, or {@code -n}
     * @param descriptionNotice for {@code -n}: the description as dtrace quotes it in its notice (cut at the
     *                          first {@code {}, {@code /} or {@code ;}); null for a script
     * @param errorPrefix       what its compile errors start with: {@code dtrace: failed to compile script X: },
     *                          or for -n {@code dtrace: invalid probe specifier TEXT: }
     * @param allowZeroMatches  -Z, or {@code #pragma D option zdefs} in this program
     * @param firstClause       the index of its first clause in {@link #clauses}
     * @param clauseEnd         one past the index of its last clause
     */
    private record Unit(String name, String descriptionNotice, String errorPrefix, boolean allowZeroMatches,
            int firstClause, int clauseEnd) {
        String notice(int matched) {
            String what = descriptionNotice != null ? "description '" + descriptionNotice + "'" : "script '" + name + "'";
            return "dtrace: " + what + " matched " + matched + (matched == 1 ? " probe" : " probes");
        }
    }

    private final List<Unit> units = new ArrayList<>();
    /** Per unit, the probes it matched when enabled; null before {@link #enable}. */
    private int[] unitMatches;
    private final Options options;
    private final DProgram program = new DProgram();
    private final Symbols symbols = new Symbols(program);
    private final List<CompiledClause> clauses = new ArrayList<>();
    private final boolean pragmaQuiet;
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<String>> errorListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong nextThreadId = new AtomicLong();
    /** Instance ids are small numbers given out by the harness; frames are kept in an array indexed by them. */
    private static final int MAX_COMPONENT_FRAMES = 1 << 16;
    /** With threadPerComponent: each component's frame by instance id; replaced whole when one is added. */
    private volatile Frame[] componentFrames = new Frame[0];
    private final ThreadLocal<Frame> frames = ThreadLocal.withInitial(() -> symbols.newFrame(nextThreadId.incrementAndGet()));
    private final List<Runnable> exitListeners = new CopyOnWriteArrayList<>();
    private final Runtime runtime = new Runtime();
    private volatile boolean exitRequested;
    private volatile int exitStatus;
    /** The program whose clause called exit() first; null if none did. */
    private volatile Unit exitedUnit;
    private volatile SortOptions sortOptions = SortOptions.DEFAULT;
    private final ErrorLines errorLines = new ErrorLines();
    /** The clauses on dtrace:::ERROR, in order, which every fault runs. */
    private final List<CompiledClause> errorClauses;
    private ProbeRegistry registry;
    /** The script's timer probe names in {@link #timers()} order, which numbers their probe ids. */
    private final List<String> timerNames;
    /** The first timer's probe id, reserved in the registry by {@link #enable}; 0 before. */
    private volatile long firstTimerProbeId;
    /**
     * DTrace's {@code cpu} in a non-quiet row. The harness has no CPUs to name; DTrace's rows name
     * the CPU a probe fired on, and one fixed CPU keeps the output reproducible run to run.
     */
    static final int CPU = 0;

    private DScript(List<Source> sources, Options options) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a D consumer needs at least one script or description");
        }
        this.options = options;
        CompileContext context = new CompileContext(null, symbols, program, options.wallClockNs());
        ExprCompiler expressions = new ExprCompiler(context);
        ActionCompiler actions = new ActionCompiler(context, expressions, runtime);
        boolean quiet = false;
        for (Source source : sources) {
            String name = source.isDescription() ? "-n" : source.fileName();
            String errorPrefix = source.isDescription() ? "dtrace: invalid probe specifier " + source.text() + ": "
                    : "dtrace: failed to compile script " + name + ": ";
            context.startProgram(errorPrefix);
            List<String> macros = new ArrayList<>();
            macros.add(name);
            macros.addAll(options.macroArguments());
            Ast.Program parsed = Parser.parse(source.text(), errorPrefix, macros);
            boolean zero = options.allowZeroMatches();
            for (Ast.Pragma pragma : parsed.pragmas()) {
                checkOption(context, pragma.name(), pragma.value(), pragma.line());
                // Options are the consumer's: a pragma in one program sets them for all.
                quiet |= pragma.name().equals("quiet") && !"0".equals(pragma.value());
                zero |= pragma.name().equals("zdefs");
                applySortOption(pragma.name(), pragma.value());
            }
            for (Ast.Inline inline : parsed.inlines()) {
                if (context.inlines.putIfAbsent(inline.name(), inline) != null) {
                    throw context.error(inline.line(), "identifier redeclared: " + inline.name());
                }
            }
            int firstClause = clauses.size();
            for (Ast.Clause clause : parsed.clauses()) {
                clauses.add(compileClause(clause, context, expressions, actions));
            }
            units.add(new Unit(name, source.isDescription() ? cropDescription(source.text()) : null, errorPrefix,
                    zero, firstClause, clauses.size()));
        }
        this.pragmaQuiet = quiet;
        // The program holds the quiet option from here on; setopt("quiet") changes it there.
        program.setQuiet(quiet || options.quiet());
        program.setSortOptions(sortOptions);
        symbols.allocateGlobals();
        this.errorClauses = clauses.stream().filter(c -> c.targets(ClauseTarget.Kind.ERROR, null)).toList();
        this.timerNames = timers().stream().map(Timer::probeName).toList();
    }

    /** dtrace names a {@code -n} program in its notice by the text before the first {@code {}, {@code /} or {@code ;}. */
    private static String cropDescription(String text) {
        int cut = text.length();
        for (char c : new char[] {'{', '/', ';'}) {
            int at = text.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return text.substring(0, cut);
    }

    /**
     * Compiles a script file's text.
     *
     * @param fileName the script path as the user typed it; it names the script in messages
     * @throws DCompileException with dtrace's message for a syntax, type or name error
     */
    public static DScript compile(String source, String fileName, Options options) {
        return compile(List.of(Source.script(fileName, source)), options);
    }

    /**
     * Compiles a {@code dtrace -n} one-liner, e.g. {@code crucible_upstairs*:::gw-*-start { @ = count(); }}.
     *
     * @throws DCompileException with dtrace's {@code invalid probe specifier} message
     */
    public static DScript compileDescription(String text, Options options) {
        return compile(List.of(Source.description(text)), options);
    }

    /**
     * Compiles several programs into one consumer, as {@code dtrace -s a.d -n '...' -s b.d} does: each compiles on
     * its own, in order, with its own error prefix, but they share variables, aggregations and options, and their
     * clauses run in command-line order on a probe they all match.
     *
     * @throws DCompileException for the first program that does not compile, in its own words
     * @throws IllegalArgumentException if {@code sources} is empty
     */
    public static DScript compile(List<Source> sources, Options options) {
        return new DScript(List.copyOf(sources), options);
    }

    private CompiledClause compileClause(Ast.Clause clause, CompileContext context, ExprCompiler expressions,
            ActionCompiler actions) {
        List<ClauseTarget> targets = new ArrayList<>();
        List<ProbeDefinition> definitions = new ArrayList<>();
        boolean onlyComponentProbes = true;
        for (String text : clause.descriptions()) {
            ClauseTarget target = ClauseTarget.parse(text, context, clause.line());
            targets.add(target);
            if (target.kind() == ClauseTarget.Kind.PROBES) {
                definitions.addAll(ProbeCatalogue.matching(target.description()));
            } else {
                onlyComponentProbes = false;
            }
        }
        if (definitions.isEmpty() || !onlyComponentProbes) {
            // dtrace's own probes have no args[]; an unknown probe's are int64_t, as D types them.
            context.clauseArgTypes = onlyComponentProbes ? null : List.of();
            context.clauseArgCount = 0;
        } else {
            context.clauseArgTypes = ProbeCatalogue.argTypes(definitions);
            context.clauseArgCount = ProbeCatalogue.argCount(definitions);
        }
        Code.Ints predicate = null;
        if (clause.predicate() != null) {
            Typed typed = expressions.compile(clause.predicate());
            if (typed.isString()) {
                throw context.error(clause.predicate().line(), "predicate result must be of scalar type");
            }
            predicate = typed.ints();
        }
        List<Code.Action> compiled = new ArrayList<>();
        for (Ast.Stmt statement : clause.body()) {
            compiled.add(actions.compile(statement));
        }
        if (compiled.isEmpty()) {
            ScriptRuntime out = runtime;
            compiled.add(out::defaultAction);
        }
        return new CompiledClause(clauses.size(), List.copyOf(targets), predicate, compiled.toArray(Code.Action[]::new),
                clause.line());
    }

    // ---- options --------------------------------------------------------------------------------------

    /** Validates an option set by pragma or {@code setopt()}. */
    static void checkOption(CompileContext context, String name, String value, int line) {
        switch (name) {
            case "quiet", "zdefs", "aggsortkey", "aggsortrev":
                return;
            case "aggsortpos", "aggsortkeypos":
                if (value == null || !value.matches("[0-9]+")) {
                    throw context.error(line, "failed to set option '" + name + "' to '" + (value == null ? "" : value)
                            + "': Invalid value for specified option");
                }
                return;
            case "aggzoom", "aggpack", "agghist", "flowindent", "rawbytes", "encoding", "stackindent":
                throw context.error(line, "option " + name + " is not yet supported by this engine",
                        "it changes the output format, which this engine does not implement yet");
            default:
                if (INERT_OPTIONS.contains(name)) {
                    return;
                }
                throw context.error(line, "failed to set option '" + name + "': Invalid option name");
        }
    }

    private void applySortOption(String name, String value) {
        SortOptions o = sortOptions;
        boolean off = "0".equals(value);
        sortOptions = switch (name) {
            case "aggsortkey" -> new SortOptions(!off, o.reverse(), o.keyPos(), o.valuePos());
            case "aggsortrev" -> new SortOptions(o.byKey(), !off, o.keyPos(), o.valuePos());
            case "aggsortkeypos" -> new SortOptions(o.byKey(), o.reverse(), Integer.parseInt(value), o.valuePos());
            case "aggsortpos" -> new SortOptions(o.byKey(), o.reverse(), o.keyPos(), Integer.parseInt(value));
            default -> o;
        };
    }

    // ---- DTraceReport -----------------------------------------------------------------------------------

    /** @return the programs' names without directory or {@code .d}, joined by {@code +}: {@code perfgw+-n} */
    @Override
    public String name() {
        List<String> names = new ArrayList<>();
        for (Unit unit : units) {
            String base = unit.name().substring(unit.name().lastIndexOf('/') + 1);
            names.add(base.endsWith(".d") ? base.substring(0, base.length() - 2) : base);
        }
        return String.join("+", names);
    }

    /** @return the programs' names as dtrace gives them (the script file, or {@code -n}), joined by {@code ", "} */
    @Override
    public String scriptName() {
        return String.join(", ", units.stream().map(Unit::name).toList());
    }

    /** @return whether -q or any program's {@code #pragma D option quiet} set the consumer quiet */
    @Override
    public boolean quiet() {
        return options.quiet() || pragmaQuiet;
    }

    /**
     * The notice of a consumer of one program; with several, each has its own ({@link #matchedNotices}).
     *
     * @throws IllegalStateException for a consumer of several programs
     */
    @Override
    public String matchedNotice(int matched) {
        if (units.size() != 1) {
            throw new IllegalStateException("a consumer of " + units.size() + " programs has one notice each; "
                    + "see matchedNotices()");
        }
        return quiet() ? null : units.get(0).notice(matched);
    }

    /**
     * @return after {@link #enable}, dtrace's "matched N probes" notice of each program, in order (none when quiet:
     *         dtrace reads the quiet option once every program has compiled)
     * @throws IllegalStateException before enable
     */
    public List<String> matchedNotices() {
        int[] matches = unitMatches;
        if (matches == null) {
            throw new IllegalStateException("the notices are known once the consumer is enabled");
        }
        if (quiet()) {
            return List.of();
        }
        List<String> notices = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            notices.add(units.get(i).notice(matches[i]));
        }
        return notices;
    }

    /**
     * Attaches every clause of every program, in order, then runs the BEGIN clauses; the timers' probe ids are
     * reserved in {@code probes} here, after the probes that exist, as DTrace's profile provider creates them.
     *
     * @return the probes matched, as dtrace counts them: the component probes each description
     *         matches now, summed, plus one per BEGIN, END, ERROR, tick or profile description
     * @throws DCompileException naming the first description that matches no probe (without -Z),
     *                           with the closest probe names in its detail
     * @throws IllegalStateException when called twice
     */
    @Override
    public synchronized int enable(ProbeRegistry probes) {
        if (registry != null) {
            throw new IllegalStateException(scriptName() + " is already enabled");
        }
        int[] matches = matchesPerProgram(probes);
        registry = probes;
        if (!timerNames.isEmpty()) {
            firstTimerProbeId = probes.reserveIds(timerNames.size());
        }
        for (CompiledClause clause : clauses) {
            ClauseConsumer consumer = new ClauseConsumer(clause);
            for (ClauseTarget target : clause.targets()) {
                if (target.isBuiltinProbe()) {
                    errorLines.enabled(clause.index(), target.probeName());
                    continue;
                }
                for (Probe probe : probes.probes()) {
                    if (target.description().matches(probe)) {
                        errorLines.enabled(clause.index(), probe);
                    }
                }
                probes.enable(target.text(), consumer);
            }
        }
        unitMatches = matches;
        fireBuiltin(ClauseTarget.Kind.BEGIN, "BEGIN", options.clockNs().getAsLong());
        return java.util.Arrays.stream(matches).sum();
    }

    /**
     * Counts the probes the script's descriptions match on {@code probes}, as its "matched N probes" notices give
     * them (summed over its programs), without enabling anything or running BEGIN: a harness checks a script
     * against a volume before the run.
     *
     * @throws DCompileException naming the first description that matches no probe, unless -Z
     */
    public int countMatches(ProbeRegistry probes) {
        return java.util.Arrays.stream(matchesPerProgram(probes)).sum();
    }

    private int[] matchesPerProgram(ProbeRegistry probes) {
        int[] matches = new int[units.size()];
        for (int u = 0; u < units.size(); u++) {
            Unit unit = units.get(u);
            for (CompiledClause clause : clauses.subList(unit.firstClause(), unit.clauseEnd())) {
                for (ClauseTarget target : clause.targets()) {
                    if (target.isBuiltinProbe()) {
                        matches[u]++;
                        continue;
                    }
                    int count = probes.count(target.text());
                    if (count == 0 && !unit.allowZeroMatches()) {
                        throw noMatch(unit, target, clause.line(), probes);
                    }
                    matches[u] += count;
                }
            }
        }
        return matches;
    }

    private static DCompileException noMatch(Unit unit, ClauseTarget target, int line, ProbeRegistry probes) {
        List<String> closest = ProbeCatalogue.closestNames(probes, target.description().name(), 3);
        String detail = closest.isEmpty() ? "no probes exist yet; use -Z to enable probes created later"
                : "closest probe names: " + String.join(", ", closest);
        // A -n program is named by its whole text, as its syntax errors name it; a script by file and line.
        String prefix = unit.descriptionNotice() != null ? unit.errorPrefix() : unit.errorPrefix() + "line " + line
                + ": ";
        return new DCompileException(prefix + "probe description " + target.description()
                + " does not match any probes", line, detail);
    }

    /** Runs the END clauses, then dtrace's end-of-run output (spec §1.4, §1.5). */
    @Override
    public void finish(RunEnd how) {
        program.end(how, () -> fireBuiltin(ClauseTarget.Kind.END, "END", options.clockNs().getAsLong()));
    }

    @Override
    public List<Aggregation> aggregations() {
        return program.aggregations();
    }

    @Override
    public void enableValueRecording(boolean singleThreaded) {
        program.enableValueRecording(singleThreaded);
    }

    @Override
    public String stdout() {
        return program.stdout();
    }

    /** @return what dtrace would have written to stderr besides the matched notice: runtime error lines */
    public List<String> stderrLines() {
        return Collections.unmodifiableList(stderr);
    }

    /**
     * Hands {@code listener} each runtime error line as the fault happens, on the faulting thread, as dtrace prints
     * them while the run goes on; {@link #stderrLines} keeps them as well.
     */
    public void onErrorLine(java.util.function.Consumer<String> listener) {
        errorListeners.add(listener);
    }

    /** @return whether a clause called {@code exit()}: the harness should end the run with {@link RunEnd#EXIT} */
    public boolean isExitRequested() {
        return exitRequested;
    }

    /** @return the status of the first {@code exit()}; 0 if none */
    public int exitStatus() {
        return exitStatus;
    }

    /** @return the name of the program ({@link #scriptName}'s part) whose clause called {@code exit()} first; null if none */
    public String exitedProgramName() {
        Unit unit = exitedUnit;
        return unit == null ? null : unit.name();
    }

    /** Runs {@code listener} on the firing thread when a clause first calls {@code exit()}. */
    public void onExit(Runnable listener) {
        exitListeners.add(listener);
    }

    /** @return how many entries associative array {@code name} holds; -1 if the script has no such array */
    int arrayEntries(String name) {
        Symbols.Array array = symbols.array(name);
        if (array == null) {
            return -1;
        }
        return array.ints() != null ? array.ints().size() : array.tuples().size();
    }

    /**
     * @return the probe id of dtrace's probe {@code probeName} (BEGIN, END, ERROR or one of the
     *         script's timers) as {@code dtrace -l} would show it: BEGIN, END and ERROR have the
     *         registry's fixed ids; the timers have the ids {@link #enable} reserved for them after the
     *         registry's probes, in {@link #timers()} order (DTrace's profile provider creates them when
     *         the script is enabled, after the probes that exist), so that a probe created later takes
     *         the next id. The error lines and the non-quiet rows use it.
     */
    long builtinProbeId(String probeName) {
        return switch (probeName) {
            case "BEGIN" -> ProbeRegistry.BEGIN_PROBE_ID;
            case "END" -> ProbeRegistry.END_PROBE_ID;
            case "ERROR" -> ProbeRegistry.ERROR_PROBE_ID;
            default -> (firstTimerProbeId != 0 ? firstTimerProbeId : ProbeRegistry.FIRST_PROBE_ID)
                    + Math.max(0, timerNames.indexOf(probeName));
        };
    }

    /** @return the firing probe's id: a component probe's own, or {@link #builtinProbeId} */
    private long probeId(Frame frame) {
        return frame.probe != null ? frame.probe.id() : builtinProbeId(frame.dtraceProbeName);
    }

    /** @return the script's {@code tick-N} and {@code profile-N} probes, each once, in program order */
    public List<Timer> timers() {
        List<Timer> timers = new ArrayList<>();
        for (CompiledClause clause : clauses) {
            for (ClauseTarget target : clause.targets()) {
                boolean profile = target.kind() == ClauseTarget.Kind.PROFILE;
                if (profile || target.kind() == ClauseTarget.Kind.TICK) {
                    Timer timer = new Timer(target.probeName(), target.intervalNs(), profile);
                    if (!timers.contains(timer)) {
                        timers.add(timer);
                    }
                }
            }
        }
        return timers;
    }

    /**
     * Fires the timer probe {@code probeName} (one of {@link #timers()}) at {@code timestampNs}:
     * the harness's scheduler calls this on its clock, the simulated one in virtual time.
     */
    public void fireTimer(String probeName, long timestampNs) {
        if (program.isTracing() && !exitRequested) {
            fireBuiltin(probeName.startsWith("profile-") ? ClauseTarget.Kind.PROFILE : ClauseTarget.Kind.TICK,
                    probeName, timestampNs);
        }
    }

    private void fireBuiltin(ClauseTarget.Kind kind, String probeName, long timestampNs) {
        Frame frame = frames.get();
        FiringOutput interrupted = frame.output;
        if (interrupted != null) {
            // END run from inside a firing (an exit() listener that finishes the run): the
            // exiting firing's record comes first, as dtrace prints it before END's.
            frame.output = null;
            interrupted.end();
        }
        frame.enterClause();
        for (CompiledClause clause : clauses) {
            if (clause.targets(kind, probeName)) {
                frame.load(null, probeName, timestampNs, 0, 0, null, null, null);
                run(clause, frame);
            }
        }
    }

    /** The frame a component probe's firing runs in: the thread's, or with threadPerComponent the component's. */
    private Frame frameFor(Probe probe) {
        if (!options.threadPerComponent()) {
            return frames.get();
        }
        long instanceId = probe.instanceId();
        Frame[] known = componentFrames;
        if (instanceId >= 0 && instanceId < known.length && known[(int) instanceId] != null) {
            return known[(int) instanceId];
        }
        return addComponentFrame(instanceId);
    }

    private synchronized Frame addComponentFrame(long instanceId) {
        if (instanceId < 0 || instanceId > MAX_COMPONENT_FRAMES) {
            throw new IllegalStateException("instance id " + instanceId + " is outside 0.." + MAX_COMPONENT_FRAMES
                    + ", the range threadPerComponent keeps frames for");
        }
        Frame[] known = componentFrames;
        if (instanceId >= known.length) {
            known = java.util.Arrays.copyOf(known, (int) instanceId + 1);
        }
        if (known[(int) instanceId] == null) {
            known[(int) instanceId] = symbols.newFrame(nextThreadId.incrementAndGet());
        }
        componentFrames = known;
        return known[(int) instanceId];
    }

    /**
     * @return the index of the first clause {@code probe} runs: the consumers of one firing run
     *         in clause order, and the first clears the clause-locals for the rest
     */
    private int firstClauseIndex(Probe probe) {
        for (CompiledClause clause : clauses) {
            for (ClauseTarget target : clause.targets()) {
                if (target.kind() == ClauseTarget.Kind.PROBES && target.description().matches(probe)) {
                    return clause.index();
                }
            }
        }
        return -1;
    }

    private void run(CompiledClause clause, Frame frame) {
        try {
            clause.run(frame);
        } catch (DRuntimeException e) {
            runtime.afterFault(frame);
            fault(clause, frame, e);
            return;
        }
        runtime.afterClause(frame);
    }

    /**
     * A clause faulted: the ERROR clauses run, then dtrace's error line is printed. A fault in an ERROR clause
     * does neither, as DTrace counts it as a double error and does not fire ERROR again.
     */
    private void fault(CompiledClause clause, Frame frame, DRuntimeException e) {
        if (frame.inErrorClause) {
            return;
        }
        int enabledProbeId = errorLines.enabledProbeId(clause.index(), frame);
        String line = ErrorLines.line(enabledProbeId, frame, e.getMessage(), probeId(frame));
        if (!errorClauses.isEmpty()) {
            fireError(frame, enabledProbeId, e);
        }
        stderr.add(line);
        for (java.util.function.Consumer<String> listener : errorListeners) {
            listener.accept(line);
        }
    }

    /**
     * Fires dtrace:::ERROR inside the faulted firing, with DTrace's arguments: arg1 the faulting enabled probe's
     * id, arg2 the action's index (0 for the predicate), arg3 the DIF offset (-1: there is no DIF here), arg4 the
     * fault type, arg5 the faulting value. The faulted firing's state is put back afterwards, so that the clauses
     * still to run on it see its arguments and clause-locals.
     */
    private void fireError(Frame frame, int enabledProbeId, DRuntimeException e) {
        Frame.Firing faulted = frame.save();
        long[] errorArgs = {0, enabledProbeId, frame.action, -1, e.faultType(), e.value()};
        long timestampNs = frame.timestampNs;
        frame.inErrorClause = true;
        try {
            frame.enterClause();
            for (CompiledClause clause : errorClauses) {
                frame.load(null, "ERROR", timestampNs, 0, enabledProbeId, null, null, null);
                frame.dtraceArgs = errorArgs;
                run(clause, frame);
            }
        } finally {
            frame.inErrorClause = false;
            frame.restore(faulted);
        }
    }

    /** Parallel arrays: {@code first[i]} says whether the clause is the first {@code probes[i]} runs. */
    private record SeenProbes(Probe[] probes, boolean[] first) {
    }

    /** One clause as a probe consumer; forwards three-argument firings whole. */
    private final class ClauseConsumer implements ProbeConsumer {
        private final CompiledClause clause;
        /**
         * The probes this consumer has seen and, for each, whether this clause is the first its
         * firings run: a few identity compares per firing, no lookup in a shared map. Replaced
         * whole when a probe is added, so the hot path reads one immutable pair of arrays.
         */
        private volatile SeenProbes seen = new SeenProbes(new Probe[0], new boolean[0]);

        ClauseConsumer(CompiledClause clause) {
            this.clause = clause;
        }

        @Override
        public void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1) {
            fire(probe, timestampNs, arg0, arg1, str0, str1, null);
        }

        @Override
        public void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1,
                String str2) {
            fire(probe, timestampNs, arg0, arg1, str0, str1, str2);
        }

        private boolean isFirstClause(Probe probe) {
            SeenProbes known = seen;
            Probe[] probes = known.probes();
            for (int i = 0; i < probes.length; i++) {
                if (probes[i] == probe) {
                    return known.first()[i];
                }
            }
            return addSeen(probe);
        }

        private synchronized boolean addSeen(Probe probe) {
            boolean first = clause.index() == firstClauseIndex(probe);
            SeenProbes known = seen;
            Probe[] probes = java.util.Arrays.copyOf(known.probes(), known.probes().length + 1);
            boolean[] firsts = java.util.Arrays.copyOf(known.first(), probes.length);
            probes[probes.length - 1] = probe;
            firsts[probes.length - 1] = first;
            seen = new SeenProbes(probes, firsts);
            return first;
        }

        private void fire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1, String str2) {
            if (!program.isTracing() || exitRequested) {
                return;
            }
            Frame frame = frameFor(probe);
            if (isFirstClause(probe)) {
                frame.enterClause();
            }
            frame.load(probe, null, timestampNs, arg0, arg1, str0, str1, str2);
            run(clause, frame);
        }
    }

    /** The callbacks compiled actions make. */
    private final class Runtime implements ScriptRuntime {
        /*
         * A firing's first recording action starts its FiringOutput (not quiet, it holds the
         * CPU ID FUNCTION:NAME prefix), the clause's records go into it, and the clause's end
         * writes it to stdout whole; a fault drops it whole, as DTrace drops the faulted record.
         * The console decides on the heading at the first firing that ends, quiet or not, as
         * dtrace's consumer does at its first record. A clause that records nothing
         * (aggregations, assignments) never starts one and prints nothing.
         */
        @Override
        public FiringOutput beforeOutput(Frame frame) {
            FiringOutput current = frame.output;
            if (current != null) {
                return current;
            }
            current = program.firing(CPU, probeId(frame), frame.probe != null ? frame.probe.function() : "",
                    frame.probe != null ? frame.probe.name() : frame.dtraceProbeName);
            frame.output = current;
            return current;
        }

        @Override
        public void defaultAction(Frame frame) {
            // Records no data of its own; not quiet, the firing's row is its whole output.
            beforeOutput(frame);
        }

        @Override
        public void afterClause(Frame frame) {
            FiringOutput current = frame.output;
            if (current != null) {
                frame.output = null;
                current.end();
            }
        }

        @Override
        public void afterFault(Frame frame) {
            frame.output = null;
        }

        @Override
        public void requestExit(int program, int status) {
            synchronized (this) {
                if (exitRequested) {
                    return;
                }
                exitStatus = status;
                exitedUnit = units.get(program);
                exitRequested = true;
            }
            for (Runnable listener : exitListeners) {
                listener.run();
            }
        }

        @Override
        public void setOption(String name, String value) {
            if (name.equals("quiet")) {
                // Firings started from now on read it; the running one keeps its framing.
                program.setQuiet(!"0".equals(value));
                return;
            }
            if (ActionCompiler.SORT_OPTIONS.contains(name)) {
                applySortOption(name, value);
                program.setSortOptions(sortOptions);
            }
        }
    }
}
