package dev.cruciblesim.tracing.dtrace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Release/acquire access to the {@code long[]} state of a shard entry. Only the owning thread
 * writes a shard, so a read-modify-write needs no atomicity, only a release store that lets the
 * printing thread see whole values (a plain {@code mov} on x86, {@code stlr} on ARM).
 */
final class Cells {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private Cells() {
    }

    /** Owner thread only. */
    static void add(long[] state, int index, long delta) {
        LONGS.setRelease(state, index, state[index] + delta);
    }

    /** Owner thread only. */
    static void set(long[] state, int index, long value) {
        LONGS.setRelease(state, index, value);
    }

    /** Any thread: one cell as published by its owner. */
    static long get(long[] state, int index) {
        return (long) LONGS.getAcquire(state, index);
    }

    /** Any thread: copies {@code state} as published by its owner. */
    static long[] snapshot(long[] state) {
        long[] copy = new long[state.length];
        for (int i = 0; i < state.length; i++) {
            copy[i] = (long) LONGS.getAcquire(state, i);
        }
        return copy;
    }
}
