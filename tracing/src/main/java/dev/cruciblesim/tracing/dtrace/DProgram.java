package dev.cruciblesim.tracing.dtrace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The running state of one D script: its aggregation variables (ids in first-mention order), its
 * stdout, and the end-of-run framing. A report declares its aggregations when it is built, fires
 * into them from probe consumers, and calls {@link #end} once.
 *
 * <p>Output rules implemented here: format-less printa (§2, §2.3), printa with a format (§7),
 * printf (§8), the END dump of every aggregation no printa has printed, sorted (§1.4 to §1.6, §6).
 * A D engine prints a clause's output through {@link #firing}, which adds the non-quiet
 * {@code CPU ID FUNCTION:NAME} framing (§1.3) and {@code trace()}. The aggregation actions
 * {@code clear()}, {@code trunc()}, {@code normalize()} and {@code denormalize()} may run on any
 * firing thread while others fire ({@link Aggregation}).
 */
public final class DProgram {
    private final List<Aggregation> aggregations = new CopyOnWriteArrayList<>();
    /** Guarded by {@code aggregations}' monitor, like the recording mode. */
    private final List<AssociativeLongArray> associativeArrays = new ArrayList<>();
    private final ConsoleOutput stdout = new ConsoleOutput();
    private volatile SortOptions sortOptions = SortOptions.DEFAULT;
    private volatile boolean tracing = true;
    private volatile boolean quiet;
    private boolean recordValues;
    private boolean singleThreadedValues;
    /** Set with single-threaded value recording: every firing happens on the thread that enabled it. */
    private boolean singleThreadedFiring;

    /**
     * Declares {@code @name}; call in the order the script first mentions each variable, which
     * fixes the variable ids and so the END dump order.
     *
     * @throws IllegalArgumentException if the name is taken
     */
    public Aggregation aggregation(String name, AggregationFunction function, KeyType... keyTypes) {
        Objects.requireNonNull(function, "function");
        synchronized (aggregations) {
            for (Aggregation existing : aggregations) {
                if (existing.name().equals(name)) {
                    throw new IllegalArgumentException("@" + name + " is already declared");
                }
            }
            Aggregation aggregation = new Aggregation(name, aggregations.size() + 1, function, keyTypes);
            if (recordValues) {
                aggregation.enableValueRecording(singleThreadedValues);
            }
            if (singleThreadedFiring) {
                aggregation.assumeSingleThreaded();
            }
            aggregations.add(aggregation);
            return aggregation;
        }
    }

    /** {@link #enableValueRecording(boolean) enableValueRecording(false)}: concurrent mode. */
    public void enableValueRecording() {
        enableValueRecording(false);
    }

    /**
     * Enables value recording ({@link Aggregation#enableValueRecording(boolean)}) on every quantize,
     * lquantize and llquantize aggregation, those declared later included; call before anything fires.
     *
     * @param singleThreaded true if the caller promises that every firing and every sampling of
     *                       the values happen on one thread, the calling one: aggregations and
     *                       associative arrays then skip their per-thread lookups and locks
     * @throws IllegalStateException if one of them has already fired, unless it already records
     *                               values in this mode
     */
    public void enableValueRecording(boolean singleThreaded) {
        synchronized (aggregations) {
            for (Aggregation aggregation : aggregations) {
                aggregation.enableValueRecording(singleThreaded);
                if (singleThreaded) {
                    aggregation.assumeSingleThreaded();
                }
            }
            recordValues = true;
            singleThreadedValues = singleThreaded;
            if (singleThreaded) {
                for (AssociativeLongArray array : associativeArrays) {
                    array.assumeSingleThreaded();
                }
            }
            singleThreadedFiring = singleThreaded;
        }
    }

    /**
     * Declares a D global associative array for this script; under single-threaded value
     * recording it, too, skips its locks.
     */
    public AssociativeLongArray associativeArray() {
        AssociativeLongArray array = new AssociativeLongArray();
        synchronized (aggregations) {
            associativeArrays.add(array);
            if (singleThreadedValues) {
                array.assumeSingleThreaded();
            }
        }
        return array;
    }

    /** @return the aggregations in variable-id order */
    public List<Aggregation> aggregations() {
        return List.copyOf(aggregations);
    }

    /** {@code #pragma D option aggsortkey ...}. */
    public void setSortOptions(SortOptions options) {
        this.sortOptions = Objects.requireNonNull(options);
    }

    /** @return false once {@link #end} was called: consumers must then ignore firings, as tracing has stopped */
    public boolean isTracing() {
        return tracing;
    }

    /**
     * {@code quiet} ({@code -q}, {@code #pragma D option quiet}, {@code setopt("quiet")}): whether
     * {@link #firing} frames a firing's output with the {@code CPU ID FUNCTION:NAME} columns
     * (spec §1.3). DTrace's default is not quiet. The methods that print straight to stdout
     * ({@link #printf}, {@link #printa}) never frame, as the built-in reports, all quiet, expect.
     */
    public void setQuiet(boolean quiet) {
        this.quiet = quiet;
    }

    /** @return the {@code quiet} option as last set; false by default, as in DTrace */
    public boolean isQuiet() {
        return quiet;
    }

    /**
     * Starts the output of one clause's firing on one probe: what DTrace's consumer prints for one
     * enabled-probe record. Record the clause's output actions on it in order and call
     * {@link FiringOutput#end()} once; the whole firing then reaches stdout as one chunk. Start one
     * only for a clause that records data: any of trace, printf, printa, exit, or the default
     * action of an empty clause. A clause of only aggregations and assignments prints nothing in
     * DTrace, not even the prefix.
     *
     * <p>Not quiet, the firing prints {@code R3(cpu) R6(probeId) R32(function:name) } before its
     * records and a newline after them, and the first firing of the run prints the column heading
     * first; quiet, just the records. The quiet option is read here, at the start of the firing.
     *
     * @param cpu       DTrace's {@code cpu}; the harness has no CPUs to report, so the engine picks one
     * @param probeId   the probe's id as {@code dtrace -l} shows it (1 is {@code dtrace:::BEGIN})
     * @param function  the probe's function field, empty for BEGIN, END and the tick probes
     * @param name      the probe's name
     */
    public FiringOutput firing(int cpu, long probeId, String function, String name) {
        return new FiringOutput(this, quiet, cpu, probeId, function, name);
    }

    /** {@code printf(format, args...)}: formats on the calling thread and appends the result whole. */
    public void printf(PrintFormat format, Object... args) {
        StringBuilder out = new StringBuilder();
        format.format(out, args);
        stdout.append(out);
    }

    /** {@code printa(@a, @b, ...)} without a format: a newline, then one default-format line per key. */
    public void printa(Aggregation... printed) {
        StringBuilder out = new StringBuilder();
        renderPrinta(out, printed);
        stdout.append(out);
    }

    /** {@code printa(format, @a, @b, ...)}: the format once per key, in sort order, and nothing else. */
    public void printa(String format, Aggregation... printed) {
        printa(PrintFormat.compile(format), printed);
    }

    /** @see #printa(String, Aggregation...) */
    public void printa(PrintFormat format, Aggregation... printed) {
        StringBuilder out = new StringBuilder();
        renderPrinta(out, format, printed);
        stdout.append(out);
    }

    void renderPrinta(StringBuilder out, Aggregation... printed) {
        KeyType[] keyTypes = checkJoinable(printed);
        out.append('\n');
        for (JoinedRecord record : sortedRecords(printed)) {
            appendKey(out, keyTypes, record.key());
            for (int i = 0; i < printed.length; i++) {
                printed[i].function().appendValue(out, record.states()[i], record.normals()[i]);
            }
            out.append('\n');
        }
        markPrinted(printed);
    }

    void renderPrinta(StringBuilder out, PrintFormat format, Aggregation... printed) {
        KeyType[] keyTypes = checkJoinable(printed);
        if (format.keyConversions() > keyTypes.length) {
            throw new IllegalArgumentException("printa format \"" + format + "\" has " + format.keyConversions()
                    + " key conversions but the key has " + keyTypes.length + " fields");
        }
        for (JoinedRecord record : sortedRecords(printed)) {
            format.formatRecord(out, record.key(), keyTypes, printed, record.states(), record.normals());
        }
        markPrinted(printed);
    }

    ConsoleOutput console() {
        return stdout;
    }

    /**
     * {@code clear(@a)}: zeroes every value and keeps every key, so the keys still print, with
     * zero values (spec §6.2). Any thread, while others fire.
     */
    public void clear(Aggregation aggregation) {
        own(aggregation).clear();
    }

    /** {@code trunc(@a)}: removes every key; the aggregation prints nothing until it fires again. */
    public void trunc(Aggregation aggregation) {
        own(aggregation).truncate(0, null);
    }

    /**
     * {@code trunc(@a, count)}: keeps the {@code count} largest entries by value, or for a negative
     * count the {@code -count} smallest, and removes the rest. The order is DTrace's sorted walk:
     * value, then key from {@code aggsortkeypos}; {@code aggsortkey} and {@code aggsortrev} do not
     * apply. Any thread, while others fire.
     */
    public void trunc(Aggregation aggregation, long count) {
        Aggregation own = own(aggregation);
        SortOptions byValue = new SortOptions(false, false, sortOptions.keyPos(), 0);
        RecordOrder order = new RecordOrder(byValue, own.keyTypeArray(), new Aggregation[] {own});
        Comparator<AggregationRecord> ascending = Comparator.comparing(
                record -> new JoinedRecord(record.key(), new long[][] {record.state()}, new long[] {Normal.NONE}),
                order);
        // Long.MIN_VALUE has no positive counterpart; it keeps everything, as any count that large does.
        long kept = count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count);
        own.truncate(kept, count < 0 ? ascending : ascending.reversed());
    }

    /**
     * {@code normalize(@a, normal)}: from now on the keys @a has print their values divided by
     * {@code normal}, histogram counts included (not their bars), as DTrace does (spec §3.4);
     * {@code denormalize(@a)} undoes it. Keys that first appear later are not normalized.
     *
     * @param normal DTrace's factor, an unsigned 64-bit integer
     * @throws ArithmeticException if {@code normal} is 0
     */
    public void normalize(Aggregation aggregation, long normal) {
        own(aggregation).normalize(normal);
    }

    /** {@code denormalize(@a)}: the keys @a has print their raw values again. */
    public void denormalize(Aggregation aggregation) {
        own(aggregation).denormalize();
    }

    private Aggregation own(Aggregation aggregation) {
        if (!aggregations.contains(Objects.requireNonNull(aggregation, "aggregation"))) {
            throw new IllegalArgumentException(aggregation + " belongs to another program");
        }
        return aggregation;
    }

    /**
     * Ends the run: stops tracing, writes the ^C newline if {@code how} is an interrupt, runs the
     * END clause, writes the pre-dump newline, then dumps every aggregation no printa printed.
     *
     * @param endClause the script's END clause, or null if it has none
     * @throws IllegalStateException if the run already ended
     */
    public synchronized void end(RunEnd how, Runnable endClause) {
        if (!tracing) {
            throw new IllegalStateException("the run already ended");
        }
        tracing = false;
        if (how == RunEnd.INTERRUPT) {
            stdout.append("\n");
        }
        if (endClause != null) {
            endClause.run();
        }
        stdout.append("\n");
        stdout.append(renderUnprinted());
    }

    /** @return the END dump of the aggregations not yet printed: default-format records, sorted (§6) */
    public String renderUnprinted() {
        List<Aggregation> ordered = new ArrayList<>(aggregations);
        SortOptions options = sortOptions;
        if (options.reverse()) {
            java.util.Collections.reverse(ordered);
        }
        StringBuilder out = new StringBuilder();
        for (Aggregation aggregation : ordered) {
            if (aggregation.isPrinted()) {
                continue;
            }
            Aggregation[] one = {aggregation};
            for (JoinedRecord record : sortedRecords(one)) {
                appendKey(out, aggregation.keyTypeArray(), record.key());
                aggregation.function().appendValue(out, record.states()[0], record.normals()[0]);
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** @return everything written to stdout so far; thread-safe */
    public String stdout() {
        return stdout.text();
    }

    private static void appendKey(StringBuilder out, KeyType[] keyTypes, AggregationKey key) {
        for (int i = 0; i < keyTypes.length; i++) {
            keyTypes[i].append(out, key, i);
        }
    }

    private static void markPrinted(Aggregation[] printed) {
        for (Aggregation aggregation : printed) {
            aggregation.markPrinted();
        }
    }

    private KeyType[] checkJoinable(Aggregation[] printed) {
        if (printed.length == 0) {
            throw new IllegalArgumentException("printa needs at least one aggregation");
        }
        KeyType[] keyTypes = printed[0].keyTypeArray();
        for (Aggregation aggregation : printed) {
            if (!aggregations.contains(aggregation)) {
                throw new IllegalArgumentException(aggregation + " belongs to another program");
            }
            if (!Arrays.equals(keyTypes, aggregation.keyTypeArray())) {
                throw new IllegalArgumentException("printa of " + Arrays.toString(printed)
                        + ": the key signatures differ");
            }
        }
        return keyTypes;
    }

    /** The union of the aggregations' keys, with a zero state standing in for a missing key (§2.3, §7). */
    private List<JoinedRecord> sortedRecords(Aggregation[] printed) {
        Map<AggregationKey, JoinedRecord> joined = new HashMap<>();
        for (int i = 0; i < printed.length; i++) {
            for (AggregationRecord record : printed[i].snapshot()) {
                JoinedRecord row = joined.computeIfAbsent(record.key(),
                        key -> new JoinedRecord(key, new long[printed.length][], new long[printed.length]));
                row.states()[i] = record.state();
                row.normals()[i] = record.normal();
            }
        }
        List<JoinedRecord> records = new ArrayList<>(joined.size());
        for (JoinedRecord row : joined.values()) {
            for (int i = 0; i < printed.length; i++) {
                if (row.states()[i] == null) {
                    row.states()[i] = new long[printed[i].function().stateLength()];
                    row.normals()[i] = Normal.NONE;
                }
            }
            records.add(row);
        }
        records.sort(new RecordOrder(sortOptions, printed[0].keyTypeArray(), printed));
        return records;
    }
}
