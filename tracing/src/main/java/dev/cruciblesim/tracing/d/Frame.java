package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.dtrace.FiringOutput;
import dev.cruciblesim.tracing.probe.ArgType;
import dev.cruciblesim.tracing.probe.Probe;
import java.util.Arrays;
import java.util.List;

/**
 * One thread's evaluation state for one script: the current firing (probe, timestamp,
 * arguments), the clause-locals ({@code this->}, cleared before a firing's first clause), and the
 * thread-locals ({@code self->}), which live here because a frame belongs to one thread.
 * Reused for every firing on its thread, so a firing allocates no frame.
 */
final class Frame {
    /**
     * What {@code arg0..arg9} give for a string argument: D hands clauses a user address for a
     * string, which only {@code copyinstr()} or {@code stringof()} turn into text. Ours encodes the
     * argument position in a fixed, recognisably fake user address.
     */
    static final long STRING_ARGUMENT_ADDRESS = 0x0000_7ff0_0000_0000L;
    private static final long ADDRESS_STRIDE = 0x1000;

    /** Null in BEGIN and END, which fire in dtrace itself. */
    Probe probe;
    /** The name of the dtrace-provider probe when {@link #probe} is null: BEGIN, END or a tick. */
    String dtraceProbeName;
    long timestampNs;
    long arg0;
    long arg1;
    String str0;
    String str1;
    String str2;
    /** The action being run, 1-based, for the error line; 0 while the predicate runs. */
    int action;
    /** When {@link #probe} is null: the dtrace probe's own arguments (ERROR's), or null for none (BEGIN, END, ticks). */
    long[] dtraceArgs;
    /** While an ERROR clause runs: a fault there does not fire ERROR again. */
    boolean inErrorClause;
    /**
     * The value a {@code ++}, {@code --} or {@code op=} target held before it is updated ({@link
     * Code.IntPlace#update}); read by the update's left operand before its right one runs.
     */
    long updatingValue;
    /**
     * Not quiet: the running clause's output for this firing, from its first recording action
     * until the clause ends; null otherwise. A frame runs one clause at a time, so one is enough.
     */
    FiringOutput output;

    final long[] thisLongs;
    final String[] thisStrings;
    final long[] selfLongs;
    final String[] selfStrings;
    /** strtok()'s string and saved position, per thread as in D; a null string means nothing is left. */
    String strtokSource;
    int strtokOffset;
    /**
     * strtok() results by (string instance, offset, delimiter instance): probe names and the
     * delimiter literal are the same String instances firing after firing, so perfgw's
     * {@code strtok(probename, "-")} finds each word here with its resume offset, and a firing
     * neither scans nor allocates. Open addressing; a full neighbourhood only recomputes.
     */
    private final String[] tokenSources = new String[TOKEN_CACHE_SIZE];
    private final String[] tokenDelimiters = new String[TOKEN_CACHE_SIZE];
    private final int[] tokenOffsets = new int[TOKEN_CACHE_SIZE];
    private final int[] tokenNextOffsets = new int[TOKEN_CACHE_SIZE];
    private final String[] tokens = new String[TOKEN_CACHE_SIZE];
    private static final int TOKEN_CACHE_BITS = 8;
    private static final int TOKEN_CACHE_SIZE = 1 << TOKEN_CACHE_BITS;
    private static final int TOKEN_PROBES = 16;
    /**
     * strjoin() results by (first instance, second instance): perfdw's
     * {@code strjoin(this->cmd, " for downstairs client")} joins a strtok() word from the token
     * cache and a literal, the same two instances firing after firing, so the joined key is found
     * here instead of built. Strings are immutable, so a hit is always the right text; a miss (a
     * string built this firing) only costs the concatenation it would have cost anyway.
     */
    private final String[] joinFirsts = new String[JOIN_CACHE_SIZE];
    private final String[] joinSeconds = new String[JOIN_CACHE_SIZE];
    private final String[] joined = new String[JOIN_CACHE_SIZE];
    private static final int JOIN_CACHE_BITS = 6;
    private static final int JOIN_CACHE_SIZE = 1 << JOIN_CACHE_BITS;
    private static final int JOIN_PROBES = 8;
    /** D's {@code tid}: a small per-thread number, stable for the thread's life. */
    final long threadId;

    Frame(int thisLongCount, int thisStringCount, int selfLongCount, int selfStringCount, long threadId) {
        this.thisLongs = new long[thisLongCount];
        this.thisStrings = new String[thisStringCount];
        this.selfLongs = new long[selfLongCount];
        this.selfStrings = new String[selfStringCount];
        this.threadId = threadId;
    }

    void load(Probe probe, String dtraceProbeName, long timestampNs, long arg0, long arg1, String str0, String str1,
            String str2) {
        this.probe = probe;
        this.dtraceProbeName = dtraceProbeName;
        this.timestampNs = timestampNs;
        this.arg0 = arg0;
        this.arg1 = arg1;
        this.str0 = str0;
        this.str1 = str1;
        this.str2 = str2;
        this.action = 0;
        this.dtraceArgs = null;
    }

    /** A firing's state, saved while an ERROR firing runs inside it on this frame (the error path only). */
    record Firing(Probe probe, String dtraceProbeName, long timestampNs, long arg0, long arg1, String str0, String str1,
            String str2, int action, long[] dtraceArgs, long[] thisLongs, String[] thisStrings) {
    }

    Firing save() {
        return new Firing(probe, dtraceProbeName, timestampNs, arg0, arg1, str0, str1, str2, action, dtraceArgs, thisLongs.clone(), thisStrings.clone());
    }

    void restore(Firing saved) {
        load(saved.probe(), saved.dtraceProbeName(), saved.timestampNs(), saved.arg0(), saved.arg1(), saved.str0(),
                saved.str1(), saved.str2());
        action = saved.action();
        dtraceArgs = saved.dtraceArgs();
        System.arraycopy(saved.thisLongs(), 0, thisLongs, 0, thisLongs.length);
        System.arraycopy(saved.thisStrings(), 0, thisStrings, 0, thisStrings.length);
    }

    /** Clears the clause-locals: each firing starts with none set; its clauses then share them, as in D. */
    void enterClause() {
        if (thisLongs.length > 0) {
            Arrays.fill(thisLongs, 0);
        }
        if (thisStrings.length > 0) {
            Arrays.fill(thisStrings, null);
        }
    }

    /** strtok() from the thread's saved string and offset, through the token cache. */
    String strtok(String delimiters) {
        String source = strtokSource;
        int offset = strtokOffset;
        int home = (System.identityHashCode(source) * 0x9E3779B9 + offset * 0x85EBCA6B) >>> (32 - TOKEN_CACHE_BITS);
        int slot = home;
        // Linear probing over a few slots, so that the handful of (name, offset) pairs a script
        // tokenises all stay cached whatever their identity hashes; past them, overwrite home.
        for (int i = 0; i < TOKEN_PROBES; i++) {
            int candidate = (home + i) & (TOKEN_CACHE_SIZE - 1);
            String cached = tokenSources[candidate];
            if (cached == source && tokenOffsets[candidate] == offset && tokenDelimiters[candidate] == delimiters) {
                return resume(tokens[candidate], tokenNextOffsets[candidate]);
            }
            if (cached == null) {
                slot = candidate;
                break;
            }
        }
        int start = offset;
        while (start < source.length() && delimiters.indexOf(source.charAt(start)) >= 0) {
            start++;
        }
        String token = null;
        int next = -1;
        if (start < source.length()) {
            int end = start;
            while (end < source.length() && delimiters.indexOf(source.charAt(end)) < 0) {
                end++;
            }
            token = source.substring(start, end);
            // C's strtok writes a NUL over the delimiter and resumes after it.
            next = end + 1;
        }
        tokenSources[slot] = source;
        tokenDelimiters[slot] = delimiters;
        tokenOffsets[slot] = offset;
        tokenNextOffsets[slot] = next;
        tokens[slot] = token;
        return resume(token, next);
    }

    /** {@code strjoin(first, second)} through the join cache; both non-null. */
    String strjoin(String first, String second) {
        int home = (System.identityHashCode(first) * 0x9E3779B9 + System.identityHashCode(second) * 0x85EBCA6B)
                >>> (32 - JOIN_CACHE_BITS);
        int slot = home;
        // Linear probing, as the token cache: a script's few joined pairs all stay cached.
        for (int i = 0; i < JOIN_PROBES; i++) {
            int candidate = (home + i) & (JOIN_CACHE_SIZE - 1);
            String cached = joinFirsts[candidate];
            if (cached == first && joinSeconds[candidate] == second) {
                return joined[candidate];
            }
            if (cached == null) {
                slot = candidate;
                break;
            }
        }
        String result = first.concat(second);
        joinFirsts[slot] = first;
        joinSeconds[slot] = second;
        joined[slot] = result;
        return result;
    }

    private String resume(String token, int next) {
        if (token == null) {
            strtokSource = null;
        } else {
            strtokOffset = next;
        }
        return token;
    }

    /** {@code argN}: an integer argument's value, a string argument's address, 0 past the last argument. */
    long intArg(int n) {
        if (probe == null) {
            long[] own = dtraceArgs;
            return own != null && n < own.length ? own[n] : 0;
        }
        List<ArgType> types = probe.definition().argTypes();
        if (n < types.size() && types.get(n) == ArgType.STRING) {
            return STRING_ARGUMENT_ADDRESS + n * ADDRESS_STRIDE;
        }
        return n == 0 ? arg0 : n == 1 ? arg1 : 0;
    }

    /** {@code args[n]} of a string-typed argument. */
    String stringArg(int n) {
        return n == 0 ? str0 : n == 1 ? str1 : n == 2 ? str2 : null;
    }

    /** {@code copyinstr(address)}: the string argument an {@link #intArg} address stands for. */
    String stringAt(long address) {
        long offset = address - STRING_ARGUMENT_ADDRESS;
        if (probe != null && offset >= 0 && offset % ADDRESS_STRIDE == 0 && offset / ADDRESS_STRIDE < 3) {
            int n = (int) (offset / ADDRESS_STRIDE);
            List<ArgType> types = probe.definition().argTypes();
            String text = n < types.size() && types.get(n) == ArgType.STRING ? stringArg(n) : null;
            if (text != null) {
                return text;
            }
        }
        throw DRuntimeException.invalidAddress(address);
    }
}
