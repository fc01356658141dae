package dev.cruciblesim.tracing.dtrace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One thread's part of an aggregation, the analogue of DTrace's per-CPU buffer: an open-addressing
 * table of key → state written only by its owner thread and read by the printing thread.
 *
 * <p>Single writer, so no CAS: a new entry is fully built (and already updated once) before a
 * release store puts it in a slot, and a grown table is published through a volatile field.
 * Entries are never removed: {@code clear()} and {@code trunc()} instead move the aggregation to a
 * new generation ({@link Aggregation}), and an entry of an older one counts as empty until its
 * owner fires it again and restarts it. So a key a {@code trunc()} removed keeps its slot, which
 * bounds the table by the keys a thread has ever seen. Lookups with raw arguments ({@code String}, {@code String+long},
 * {@code long}) compare against stored keys, so a hit allocates nothing. When the aggregation
 * records values, each entry also carries its key's {@link RecordedValues}, created with the entry.
 */
final class AggregationShard {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Entry[].class);
    private static final int INITIAL_CAPACITY = 16;

    private static final VarHandle GENERATION;

    static {
        try {
            GENERATION = MethodHandles.lookup().findVarHandle(Entry.class, "generation", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final class Entry {
        final AggregationKey key;
        final long[] state;
        /** The raw values of this key, or null when the aggregation does not record them. */
        final RecordedValues values;
        /**
         * The aggregation generation {@link #state} belongs to. The owner writes it with a release
         * store after the state, so a reader that acquires the current generation sees that
         * generation's state, never the reset in between.
         */
        private int generation;

        Entry(AggregationKey key, long[] state, RecordedValues values, int generation) {
            this.key = key;
            this.state = state;
            this.values = values;
            this.generation = generation;
        }

        /** Owner thread only. */
        int generation() {
            return generation;
        }

        /**
         * Owner thread only: the first firing of this key since the aggregation moved to
         * {@code generation}. Starts the state afresh, applies the firing, then publishes.
         */
        void restart(AggregationFunction function, int generation, long value, long incr) {
            for (int i = 0; i < state.length; i++) {
                Cells.set(state, i, 0);
            }
            function.initialize(state);
            function.update(state, value, incr);
            GENERATION.setRelease(this, generation);
        }

        /** Any thread. */
        int publishedGeneration() {
            return (int) GENERATION.getAcquire(this);
        }
    }

    private final AggregationFunction function;
    private volatile Entry[] slots = new Entry[INITIAL_CAPACITY];
    private int size;
    /** The entry of the empty key, once inserted; owner thread only, like the lookups. */
    Entry keyless;

    AggregationShard(AggregationFunction function) {
        this.function = function;
    }

    /** @return the entry for {@code key}, or null; owner thread only */
    Entry find(AggregationKey key) {
        Entry[] table = slots;
        int mask = table.length - 1;
        for (int i = spread(key.hashCode()) & mask; ; i = (i + 1) & mask) {
            Entry e = table[i];
            if (e == null) {
                return null;
            }
            if (e.key.equals(key)) {
                return e;
            }
        }
    }

    Entry find(String field0) {
        Entry[] table = slots;
        int mask = table.length - 1;
        for (int i = spread(AggregationKey.hashOf(field0)) & mask; ; i = (i + 1) & mask) {
            Entry e = table[i];
            if (e == null) {
                return null;
            }
            if (e.key.matches(field0)) {
                return e;
            }
        }
    }

    Entry find(String field0, long field1) {
        Entry[] table = slots;
        int mask = table.length - 1;
        for (int i = spread(AggregationKey.hashOf(field0, field1)) & mask; ; i = (i + 1) & mask) {
            Entry e = table[i];
            if (e == null) {
                return null;
            }
            if (e.key.matches(field0, field1)) {
                return e;
            }
        }
    }

    Entry find(long field0) {
        Entry[] table = slots;
        int mask = table.length - 1;
        for (int i = spread(AggregationKey.hashOf(field0)) & mask; ; i = (i + 1) & mask) {
            Entry e = table[i];
            if (e == null) {
                return null;
            }
            if (e.key.matches(field0)) {
                return e;
            }
        }
    }

    /**
     * Adds a key seen for the first time on this thread, applying its first update before
     * publishing it.
     *
     * @param values the entry's new, empty {@link RecordedValues}, or null when the aggregation
     *               does not record values; the first value is recorded into it here
     * @param generation the aggregation's generation as the firing read it
     */
    void insert(AggregationKey key, long value, long incr, RecordedValues values, int generation) {
        long[] state = new long[function.stateLength()];
        function.initialize(state);
        function.update(state, value, incr);
        if (values != null) {
            values.record(value, incr);
        }
        Entry[] table = slots;
        if ((size + 1) * 2 > table.length) {
            table = grow(table);
        }
        Entry entry = new Entry(key, state, values, generation);
        place(table, entry);
        size++;
        if (key.size() == 0) {
            keyless = entry;
        }
    }

    private Entry[] grow(Entry[] old) {
        Entry[] bigger = new Entry[old.length * 2];
        for (Entry e : old) {
            if (e != null) {
                place(bigger, e);
            }
        }
        slots = bigger;
        return bigger;
    }

    private static void place(Entry[] table, Entry entry) {
        int mask = table.length - 1;
        int i = spread(entry.key.hashCode()) & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        SLOTS.setRelease(table, i, entry);
    }

    /** Any thread: visits each entry of {@code generation} with a private copy of its state. */
    void forEachSnapshot(int generation, BiConsumer<AggregationKey, long[]> visitor) {
        Entry[] table = slots;
        for (int i = 0; i < table.length; i++) {
            Entry e = (Entry) SLOTS.getAcquire(table, i);
            if (e != null && e.publishedGeneration() == generation) {
                visitor.accept(e.key, Cells.snapshot(e.state));
            }
        }
    }

    /** Any thread: visits the key of each entry of {@code generation}, copying no state. */
    void forEachKey(int generation, Consumer<AggregationKey> visitor) {
        Entry[] table = slots;
        for (int i = 0; i < table.length; i++) {
            Entry e = (Entry) SLOTS.getAcquire(table, i);
            if (e != null && e.publishedGeneration() == generation) {
                visitor.accept(e.key);
            }
        }
    }

    /** Any thread: visits each entry that records values, with its live {@link RecordedValues}. */
    void forEachRecordedValues(BiConsumer<AggregationKey, RecordedValues> visitor) {
        Entry[] table = slots;
        for (int i = 0; i < table.length; i++) {
            Entry e = (Entry) SLOTS.getAcquire(table, i);
            if (e != null && e.values != null) {
                visitor.accept(e.key, e.values);
            }
        }
    }

    /** Fibonacci hashing: String and small-long hashes cluster in the low bits, linear probing hates that. */
    private static int spread(int hash) {
        return (hash * 0x9E3779B9) >>> 16 ^ hash * 0x9E3779B9;
    }
}
