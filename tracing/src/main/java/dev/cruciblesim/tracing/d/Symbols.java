package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.dtrace.AssociativeLongArray;
import dev.cruciblesim.tracing.dtrace.DProgram;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A script's variables, declared as the compiler meets their first assignment in program text
 * (as D gives them their types), and the storage of the global ones. Clause-local and
 * thread-local variables get slot numbers here and live in each thread's {@link Frame}.
 *
 * <p>Globals are plain arrays, as D globals are plain memory: two threads writing one global race
 * in D too. Associative arrays are thread-safe.
 */
final class Symbols {
    /** Where a scalar lives and what type it has; {@code index} counts longs and strings apart. */
    record Slot(DType type, int index) {
    }

    /**
     * An associative array: its key signature and value type fixed at the first assignment.
     * Integer-keyed (one or two keys) integer arrays, the start-stamp pattern, use the unboxed
     * {@link AssociativeLongArray}; any other shape a tuple-keyed map.
     */
    record Array(String name, List<DType> keyTypes, DType valueType, AssociativeLongArray ints, TupleArray tuples) {
    }

    private final DProgram program;
    private final Map<String, Slot> globals = new HashMap<>();
    private final Map<String, Slot> clauseLocals = new HashMap<>();
    private final Map<String, Slot> threadLocals = new HashMap<>();
    private final Map<String, Array> arrays = new HashMap<>();
    private final int[] globalCounts = new int[2];
    private final int[] clauseLocalCounts = new int[2];
    private final int[] threadLocalCounts = new int[2];
    /** Set once compiling ends: the globals' storage. */
    long[] globalLongs = new long[0];
    String[] globalStrings = new String[0];

    Symbols(DProgram program) {
        this.program = program;
    }

    Slot global(String name) {
        return globals.get(name);
    }

    Slot declareGlobal(String name, DType type) {
        return declare(globals, globalCounts, name, type);
    }

    Slot clauseLocal(String name) {
        return clauseLocals.get(name);
    }

    Slot declareClauseLocal(String name, DType type) {
        return declare(clauseLocals, clauseLocalCounts, name, type);
    }

    Slot threadLocal(String name) {
        return threadLocals.get(name);
    }

    Slot declareThreadLocal(String name, DType type) {
        return declare(threadLocals, threadLocalCounts, name, type);
    }

    Array array(String name) {
        return arrays.get(name);
    }

    Array declareArray(String name, List<DType> keyTypes, DType valueType) {
        boolean unboxed = !valueType.isString() && keyTypes.size() <= 2
                && keyTypes.stream().allMatch(DType::isInteger);
        Array array = new Array(name, List.copyOf(keyTypes), valueType, unboxed ? program.associativeArray() : null,
                unboxed ? null : new TupleArray());
        arrays.put(name, array);
        return array;
    }

    private static Slot declare(Map<String, Slot> table, int[] counts, String name, DType type) {
        int kind = type.isString() ? 1 : 0;
        Slot slot = new Slot(type, counts[kind]++);
        table.put(name, slot);
        return slot;
    }

    /** Allocates the globals once every clause is compiled. */
    void allocateGlobals() {
        globalLongs = new long[globalCounts[0]];
        globalStrings = new String[globalCounts[1]];
    }

    /** @return a fresh frame for one thread, sized for every clause-local and thread-local */
    Frame newFrame(long threadId) {
        return new Frame(clauseLocalCounts[0], clauseLocalCounts[1], threadLocalCounts[0], threadLocalCounts[1],
                threadId);
    }
}
