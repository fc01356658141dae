package dev.cruciblesim.tracing.dtrace;

/**
 * A D global associative array of 64-bit values keyed by one or two 64-bit integers, such as
 * {@code start[arg0]} or {@code start[arg0, arg1]}. As in D, 0 means "no entry": storing 0 deletes
 * the entry and reading a missing entry gives 0. (So a start stamped at timestamp 0 counts as
 * unset; real timestamps are never 0, and a simulation clock should not start there either.)
 *
 * <p>Threading: any thread may call any method. The table is split into {@value #STRIPES}
 * stripes chosen by the key hash, each an open-addressing (linear probing, backward-shift
 * deletion) table of primitive arrays guarded by its own monitor. So there is no global lock, no
 * boxing, and an uncontended monitor per operation; entries are freed when consumed.
 * Rejected: a {@code ConcurrentHashMap<Long, Long>} (two boxes per store) and a lock-free
 * table (deletion with tombstones makes it grow without bound under unique job ids).
 */
public final class AssociativeLongArray {
    private static final int STRIPES = 64;
    private static final int STRIPE_SHIFT = 64 - Integer.numberOfTrailingZeros(STRIPES);

    private final Stripe[] stripes = new Stripe[STRIPES];
    /**
     * Set before any use when every caller is one thread (virtual time): then this one table holds
     * every entry and no stripe or monitor is used.
     */
    private Compact compact;

    public AssociativeLongArray() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /**
     * Promises that from now on one thread alone uses this array, so operations skip the stripe
     * monitors (uncontended, each still costs an atomic instruction). Call before any other use.
     */
    public void assumeSingleThreaded() {
        if (compact != null) {
            return;
        }
        Compact table = new Compact();
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                for (int i = 0; i < stripe.values.length; i++) {
                    if (stripe.values[i] != 0) {
                        table.put(stripe.keys0[i], stripe.keys1[i], stripe.values[i]);
                    }
                }
            }
        }
        compact = table;
    }

    /** {@code a[key] = value}; a value of 0 deletes. */
    public void put(long key, long value) {
        put(key, 0, value);
    }

    /** {@code a[key0, key1] = value}; a value of 0 deletes. */
    public void put(long key0, long key1, long value) {
        Compact table = compact;
        if (table != null) {
            if (value == 0) {
                table.remove(key0, key1);
            } else {
                table.put(key0, key1, value);
            }
            return;
        }
        long hash = hash(key0, key1);
        Stripe stripe = stripes[(int) (hash >>> STRIPE_SHIFT)];
        synchronized (stripe) {
            stripe.set(key0, key1, (int) hash, value);
        }
    }

    /** @return {@code a[key]}, or 0 */
    public long get(long key) {
        return get(key, 0);
    }

    /** @return {@code a[key0, key1]}, or 0 */
    public long get(long key0, long key1) {
        Compact table = compact;
        if (table != null) {
            return table.get(key0, key1);
        }
        long hash = hash(key0, key1);
        Stripe stripe = stripes[(int) (hash >>> STRIPE_SHIFT)];
        synchronized (stripe) {
            return stripe.get(key0, key1, (int) hash);
        }
    }

    /**
     * Reads and deletes in one step: a predicate {@code /a[key]/}, a use of {@code a[key]}, and
     * {@code a[key] = 0} together.
     *
     * @return the value that was stored, or 0 if none
     */
    public long remove(long key) {
        return remove(key, 0);
    }

    /** @see #remove(long) */
    public long remove(long key0, long key1) {
        Compact table = compact;
        if (table != null) {
            return table.remove(key0, key1);
        }
        long hash = hash(key0, key1);
        Stripe stripe = stripes[(int) (hash >>> STRIPE_SHIFT)];
        synchronized (stripe) {
            return stripe.remove(key0, key1, (int) hash);
        }
    }

    /** @return how many entries are set; a moment's view when other threads are writing */
    public int size() {
        Compact table = compact;
        if (table != null) {
            return table.size;
        }
        int size = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                size += stripe.size;
            }
        }
        return size;
    }

    /** Stafford's mix13 over both keys: the high bits pick the stripe, the low bits the slot. */
    private static long hash(long key0, long key1) {
        long h = key0 * 0x9E3779B97F4A7C15L + key1;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    /** A linear-probing table; a slot is free when its value is 0. Caller holds the monitor. */
    private static final class Stripe {
        /** {@code a[key0, key1] = value}, where 0 deletes. */
        void set(long key0, long key1, int hash, long value) {
            if (value == 0) {
                remove(key0, key1, hash);
            } else {
                put(key0, key1, hash, value);
            }
        }

        private long[] keys0 = new long[8];
        private long[] keys1 = new long[8];
        private long[] values = new long[8];
        private int size;

        long get(long key0, long key1, int hash) {
            int mask = values.length - 1;
            for (int i = hash & mask; values[i] != 0; i = (i + 1) & mask) {
                if (keys0[i] == key0 && keys1[i] == key1) {
                    return values[i];
                }
            }
            return 0;
        }

        void put(long key0, long key1, int hash, long value) {
            int mask = values.length - 1;
            int i = hash & mask;
            for (; values[i] != 0; i = (i + 1) & mask) {
                if (keys0[i] == key0 && keys1[i] == key1) {
                    values[i] = value;
                    return;
                }
            }
            keys0[i] = key0;
            keys1[i] = key1;
            values[i] = value;
            if (++size * 3 > values.length * 2) {
                grow();
            }
        }

        long remove(long key0, long key1, int hash) {
            int mask = values.length - 1;
            int i = hash & mask;
            for (; values[i] != 0; i = (i + 1) & mask) {
                if (keys0[i] == key0 && keys1[i] == key1) {
                    long old = values[i];
                    shiftBack(i);
                    size--;
                    return old;
                }
            }
            return 0;
        }

        /** Closes the hole at {@code hole} by moving back later entries of the run whose home is at or before it. */
        private void shiftBack(int hole) {
            int mask = values.length - 1;
            int j = hole;
            while (true) {
                j = (j + 1) & mask;
                if (values[j] == 0) {
                    break;
                }
                int home = (int) hash(keys0[j], keys1[j]) & mask;
                // Leave j alone if its home lies cyclically in (hole, j].
                boolean homeInRange = hole <= j ? hole < home && home <= j : hole < home || home <= j;
                if (!homeInRange) {
                    keys0[hole] = keys0[j];
                    keys1[hole] = keys1[j];
                    values[hole] = values[j];
                    hole = j;
                }
            }
            values[hole] = 0;
        }

        private void grow() {
            long[] oldKeys0 = keys0;
            long[] oldKeys1 = keys1;
            long[] oldValues = values;
            keys0 = new long[oldValues.length * 2];
            keys1 = new long[oldValues.length * 2];
            values = new long[oldValues.length * 2];
            int mask = values.length - 1;
            for (int k = 0; k < oldValues.length; k++) {
                if (oldValues[k] != 0) {
                    int i = (int) hash(oldKeys0[k], oldKeys1[k]) & mask;
                    while (values[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    keys0[i] = oldKeys0[k];
                    keys1[i] = oldKeys1[k];
                    values[i] = oldValues[k];
                }
            }
        }
    }

    /**
     * The single-threaded table: one linear-probing table with each slot's two keys and value side
     * by side in one array, so an operation touches one or two cache lines where a stripe touches
     * its object and three arrays; Fibonacci hashing, one multiply, where the stripes need the
     * high bits mixed as well. A slot is free when its value is 0; deletion shifts back.
     */
    private static final class Compact {
        private static final long GOLDEN = 0x9E3779B97F4A7C15L;

        /** key0, key1, value of slot i at 3i, 3i + 1, 3i + 2. */
        private long[] slots = new long[3 * 32];
        private int shift = 64 - 5;
        private int mask = 31;
        private int size;

        private int home(long key0, long key1) {
            return (int) (((key0 * GOLDEN) ^ key1) * GOLDEN >>> shift);
        }

        long get(long key0, long key1) {
            long[] t = slots;
            for (int i = home(key0, key1); t[3 * i + 2] != 0; i = (i + 1) & mask) {
                if (t[3 * i] == key0 && t[3 * i + 1] == key1) {
                    return t[3 * i + 2];
                }
            }
            return 0;
        }

        void put(long key0, long key1, long value) {
            long[] t = slots;
            int i = home(key0, key1);
            for (; t[3 * i + 2] != 0; i = (i + 1) & mask) {
                if (t[3 * i] == key0 && t[3 * i + 1] == key1) {
                    t[3 * i + 2] = value;
                    return;
                }
            }
            t[3 * i] = key0;
            t[3 * i + 1] = key1;
            t[3 * i + 2] = value;
            if (++size * 2 > mask + 1) {
                grow();
            }
        }

        long remove(long key0, long key1) {
            long[] t = slots;
            for (int i = home(key0, key1); t[3 * i + 2] != 0; i = (i + 1) & mask) {
                if (t[3 * i] == key0 && t[3 * i + 1] == key1) {
                    long old = t[3 * i + 2];
                    shiftBack(i);
                    size--;
                    return old;
                }
            }
            return 0;
        }

        /** As {@link Stripe#shiftBack}: moves back later entries of the run whose home is not in (hole, j]. */
        private void shiftBack(int hole) {
            long[] t = slots;
            int j = hole;
            while (true) {
                j = (j + 1) & mask;
                if (t[3 * j + 2] == 0) {
                    break;
                }
                int home = home(t[3 * j], t[3 * j + 1]);
                boolean homeInRange = hole <= j ? hole < home && home <= j : hole < home || home <= j;
                if (!homeInRange) {
                    t[3 * hole] = t[3 * j];
                    t[3 * hole + 1] = t[3 * j + 1];
                    t[3 * hole + 2] = t[3 * j + 2];
                    hole = j;
                }
            }
            t[3 * hole + 2] = 0;
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            mask = mask * 2 + 1;
            shift--;
            size = 0;
            for (int k = 0; k < old.length; k += 3) {
                if (old[k + 2] != 0) {
                    put(old[k], old[k + 1], old[k + 2]);
                }
            }
        }
    }
}
