package dev.cruciblesim.tracing.dtrace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * One D aggregation variable, e.g. {@code @time[string, uint64_t] = quantize(...)}; created by
 * {@link DProgram#aggregation}, which gives it its variable id.
 *
 * <p>Threading: any number of threads may call the {@code aggregate} methods at once. Each thread
 * writes its own {@link AggregationShard} (found through a {@link ThreadLocal} and registered once
 * in a copy-on-write list), so firing takes no lock and, for a key the thread has seen before,
 * allocates nothing; the shards are merged when printing, as DTrace merges per-CPU buffers. A
 * shard outlives its thread, so nothing a finished thread recorded is lost. Use the overload that
 * fits the key shape; the raw-argument overloads avoid building an {@link AggregationKey}.
 *
 * <p>With {@link #enableValueRecording(boolean)} each entry also records the raw values; that path
 * too takes no lock and allocates nothing per firing, and when it is off it costs one null check.
 * In its single-threaded mode it also takes no atomic instruction: the caller then promises that
 * every firing and every sampling of the values happens on one thread.
 *
 * <p>{@code clear()}, {@code trunc()} and {@code normalize()} run on a firing thread while others
 * fire, and no thread may write another's shard. So they act the way DTrace's consumer does on its
 * own copy: this class keeps a consumer-side map of what earlier generations left (DTrace's
 * user-level aggregation buffer) and moves the aggregation to a new generation. Shard state of an
 * older generation counts as empty; a shard entry restarts from empty the next time its thread
 * fires it. The printed state of a key is the carried state merged with the shard states of the
 * current generation: after {@code clear()} the carried state is all zeros, which is why DTrace
 * prints 0 for a cleared {@code min()} of positive values until the entry is removed. The
 * consumer-side operations ({@link #snapshot()}, printing, clear, trunc, normalize) serialize on
 * one lock; firing never takes it, and costs one extra volatile read of the generation.
 * Recorded values ({@link RecordedValues}) are not DTrace state and are never cleared.
 */
public final class Aggregation {
    private static final int NO_VALUES = 0;
    private static final int CONCURRENT_VALUES = 1;
    private static final int SINGLE_THREADED_VALUES = 2;

    private final String name;
    private final int variableId;
    private final AggregationFunction function;
    private final KeyType[] keyTypes;
    private final boolean secondFieldIsInt32;
    private final List<AggregationShard> shards = new CopyOnWriteArrayList<>();
    private final ThreadLocal<AggregationShard> localShard = ThreadLocal.withInitial(this::newShard);
    /** The one shard, once {@link #assumeSingleThreaded()} was called: no ThreadLocal lookup per firing. */
    private AggregationShard onlyShard;
    private volatile boolean printed;
    /** Bumped under {@link #consumerLock} by clear and trunc: shard state of an older generation is discarded. */
    private volatile int generation;
    private final Object consumerLock = new Object();
    /** What earlier generations left per key; guarded by {@link #consumerLock}. */
    private Map<AggregationKey, long[]> carried = new HashMap<>();
    /** {@code normalize()} factors of the keys that have one; guarded by {@link #consumerLock}. */
    private final Map<AggregationKey, Long> normals = new HashMap<>();
    /**
     * {@link #NO_VALUES}, {@link #CONCURRENT_VALUES} or {@link #SINGLE_THREADED_VALUES}; fixed once
     * a shard exists. Read on a thread's first sight of a key only, so its cost stays off the
     * per-firing path.
     */
    private volatile int valueMode = NO_VALUES;

    Aggregation(String name, int variableId, AggregationFunction function, KeyType... keyTypes) {
        this.name = name;
        this.variableId = variableId;
        this.function = function;
        this.keyTypes = keyTypes.clone();
        this.secondFieldIsInt32 = keyTypes.length == 2 && keyTypes[1] == KeyType.INT32;
    }

    private AggregationShard newShard() {
        AggregationShard shard = new AggregationShard(function);
        synchronized (shards) {
            shards.add(shard);
        }
        return shard;
    }

    /** @return the name without the {@code @} */
    public String name() {
        return name;
    }

    /** @return the D variable id: 1 for the first aggregation mentioned in the program, and so on */
    public int variableId() {
        return variableId;
    }

    public AggregationFunction function() {
        return function;
    }

    public List<KeyType> keyTypes() {
        return List.of(keyTypes);
    }

    /** @return whether this function has value distributions to record: quantize, lquantize and llquantize */
    public boolean recordsValueDistribution() {
        return function instanceof QuantizeFunction || function instanceof LinearQuantizeFunction
                || function instanceof LogLinearQuantizeFunction;
    }

    /** {@link #enableValueRecording(boolean) enableValueRecording(false)}: concurrent mode. */
    public void enableValueRecording() {
        enableValueRecording(false);
    }

    /**
     * Also keeps every key's raw values ({@link RecordedValues}): an HdrHistogram and exact
     * count/sum/min/max, for percentiles and interval logs that power-of-two buckets cannot give.
     * A no-op for count, sum, avg, min and max, whose values are not distributions, and when
     * already enabled in the same mode.
     *
     * @param singleThreaded false for probes firing on any threads while a sampler takes intervals
     *                       on another; true when the caller promises that all firing and all
     *                       sampling happen on one thread, which lets each value be recorded into
     *                       a plain histogram with plain fields: no recorder, no atomics
     * @throws IllegalStateException if the aggregation has already fired, unless it already
     *                               records values in this mode: entries made before would have no
     *                               (or the other kind of) recorded values
     */
    public void enableValueRecording(boolean singleThreaded) {
        if (!recordsValueDistribution()) {
            return;
        }
        int mode = singleThreaded ? SINGLE_THREADED_VALUES : CONCURRENT_VALUES;
        synchronized (shards) {
            int current = valueMode;
            if (current == mode) {
                return;
            }
            if (!shards.isEmpty()) {
                throw new IllegalStateException((current == NO_VALUES ? "enable value recording on "
                        : "switch the value recording mode of ") + this + " before it fires");
            }
            valueMode = mode;
        }
    }

    /**
     * Promises that from now on every firing happens on the calling thread (virtual time): the
     * aggregation then keeps that thread's shard at hand instead of looking it up per firing.
     * Reading (snapshots, printing) may still happen on any thread.
     */
    public void assumeSingleThreaded() {
        onlyShard = localShard.get();
    }

    private AggregationShard shard() {
        AggregationShard shard = onlyShard;
        return shard != null ? shard : localShard.get();
    }

    /** @return whether {@link #enableValueRecording(boolean)} took effect */
    public boolean isValueRecordingEnabled() {
        return valueMode != NO_VALUES;
    }

    /** @return whether values are recorded in single-threaded mode */
    public boolean isValueRecordingSingleThreaded() {
        return valueMode == SINGLE_THREADED_VALUES;
    }

    /**
     * Visits every shard's {@link RecordedValues} with its key, one call per key per thread that
     * fired it (so a key may come several times), in no particular order. In concurrent mode any
     * thread may call this while others fire; in single-threaded mode, only the firing thread.
     * Nothing is visited unless value recording is enabled.
     */
    public void forEachRecordedValues(BiConsumer<AggregationKey, RecordedValues> visitor) {
        for (AggregationShard shard : shards) {
            shard.forEachRecordedValues(visitor);
        }
    }

    /** @return whether a printa has printed this variable, which keeps it out of the END dump (spec §1.6) */
    public boolean isPrinted() {
        return printed;
    }

    void markPrinted() {
        printed = true;
    }

    /** Keyless: {@code @a = fn(value)}. For count the value is ignored. */
    public void aggregate(long value) {
        aggregateKeyless(value);
    }

    /** Keyless {@code @a = count()}. */
    public void increment() {
        aggregateKeyless(0);
    }

    /** The shard keeps its keyless entry at hand: no hashing, no probing, no key comparison. */
    private void aggregateKeyless(long value) {
        AggregationShard.Entry entry = shard().keyless;
        if (entry != null) {
            update(entry, value, 1);
        } else {
            aggregate(AggregationKey.EMPTY, value, 1);
        }
    }

    /** {@code @a[field0] = fn(value)} with one string key field. */
    public void aggregate(String field0, long value) {
        AggregationShard shard = shard();
        AggregationShard.Entry entry = shard.find(field0);
        if (entry != null) {
            update(entry, value, 1);
        } else {
            insert(shard, AggregationKey.of(field0), value, 1);
        }
    }

    /** {@code @a[field0, field1] = fn(value)} with a string and an integer key field. */
    public void aggregate(String field0, long field1, long value) {
        aggregate(field0, field1, value, 1);
    }

    /** {@code @a[field0, field1] = quantize(value, incr)}: {@code incr} weights histogram buckets. */
    public void aggregate(String field0, long field1, long value, long incr) {
        long number = secondFieldIsInt32 ? (int) field1 : field1;
        AggregationShard shard = shard();
        AggregationShard.Entry entry = shard.find(field0, number);
        if (entry != null) {
            update(entry, value, incr);
        } else {
            insert(shard, AggregationKey.of(field0, number), value, incr);
        }
    }

    /** {@code @a[field0] = fn(value)} with one integer key field. */
    public void aggregate(long field0, long value) {
        long number = keyTypes.length == 1 && keyTypes[0] == KeyType.INT32 ? (int) field0 : field0;
        AggregationShard shard = shard();
        AggregationShard.Entry entry = shard.find(number);
        if (entry != null) {
            update(entry, value, 1);
        } else {
            insert(shard, AggregationKey.of(number), value, 1);
        }
    }

    /**
     * A firing on a key this shard has seen: the function's state (restarted first if a clear or
     * trunc has moved the aggregation on since), then the value recorder if any.
     */
    private void update(AggregationShard.Entry entry, long value, long incr) {
        int current = generation;
        if (entry.generation() == current) {
            function.update(entry.state, value, incr);
        } else {
            entry.restart(function, current, value, incr);
        }
        RecordedValues values = entry.values;
        if (values != null) {
            values.record(value, incr);
        }
    }

    /** Any key shape; allocates only if {@code key} has a 4-byte field out of 32-bit range. */
    public void aggregate(AggregationKey key, long value) {
        aggregate(key, value, 1);
    }

    /** Any key shape with a histogram weight, as in {@code quantize(value, incr)}. */
    public void aggregate(AggregationKey key, long value, long incr) {
        AggregationKey narrowed = key.narrowed(keyTypes);
        AggregationShard shard = shard();
        AggregationShard.Entry entry = shard.find(narrowed);
        if (entry != null) {
            update(entry, value, incr);
        } else {
            insert(shard, narrowed, value, incr);
        }
    }

    private void insert(AggregationShard shard, AggregationKey key, long value, long incr) {
        // Checked only on a thread's first sight of a key, so a wrong-shaped call fails fast
        // without a per-firing cost.
        key.checkSignature(keyTypes, name);
        int mode = valueMode;
        shard.insert(key, value, incr,
                mode == NO_VALUES ? null : RecordedValues.create(mode == SINGLE_THREADED_VALUES), generation);
    }

    /**
     * @return every key with its state merged over the carried state and every shard, and its
     *         {@code normalize()} factor, in no particular order
     */
    public List<AggregationRecord> snapshot() {
        synchronized (consumerLock) {
            Map<AggregationKey, long[]> merged = mergedStates();
            List<AggregationRecord> records = new ArrayList<>(merged.size());
            merged.forEach((key, state) -> records.add(new AggregationRecord(key, function, state,
                    normals.getOrDefault(key, Normal.NONE))));
            return records;
        }
    }

    /** Under {@link #consumerLock}: the keys {@link #mergedStates()} would give, without copying any state. */
    private Set<AggregationKey> currentKeys() {
        Set<AggregationKey> keys = new HashSet<>(carried.keySet());
        int current = generation;
        for (AggregationShard shard : shards) {
            shard.forEachKey(current, keys::add);
        }
        return keys;
    }

    /** Under {@link #consumerLock}: private copies, the carried state merged with the current generation's. */
    private Map<AggregationKey, long[]> mergedStates() {
        Map<AggregationKey, long[]> merged = new HashMap<>();
        carried.forEach((key, state) -> merged.put(key, state.clone()));
        int current = generation;
        for (AggregationShard shard : shards) {
            shard.forEachSnapshot(current, (key, state) -> {
                long[] into = merged.putIfAbsent(key, state);
                if (into != null) {
                    function.merge(into, state);
                }
            });
        }
        return merged;
    }

    /** {@code clear(@a)}: every key stays and its value becomes zero (spec §6.2); factors stay too. */
    void clear() {
        synchronized (consumerLock) {
            Map<AggregationKey, long[]> zeros = new HashMap<>();
            for (AggregationKey key : currentKeys()) {
                zeros.put(key, new long[function.stateLength()]);
            }
            carried = zeros;
            generation++;
        }
    }

    /**
     * {@code trunc(@a, count)}: keeps the {@code count} entries that come first in
     * {@code valueOrder} and removes the rest with their factors; a removed key that fires again
     * starts afresh. {@code trunc(@a)} is a count of 0.
     *
     * @param valueOrder the order of DTrace's sorted walk for this truncation, largest first for
     *                   a positive count
     */
    void truncate(long count, Comparator<AggregationRecord> valueOrder) {
        synchronized (consumerLock) {
            Map<AggregationKey, long[]> kept = new HashMap<>();
            if (count > 0) {
                List<AggregationRecord> records = new ArrayList<>();
                mergedStates().forEach((key, state) -> records.add(new AggregationRecord(key, function, state)));
                records.sort(valueOrder);
                for (AggregationRecord record : records.subList(0, (int) Math.min(count, records.size()))) {
                    kept.put(record.key(), record.state());
                }
            }
            carried = kept;
            normals.keySet().retainAll(kept.keySet());
            generation++;
        }
    }

    /**
     * {@code normalize(@a, normal)}: the keys present now print divided by {@code normal}; keys
     * that first appear later print as they are, as in DTrace, whose factor lives on each entry.
     *
     * @param normal an unsigned 64-bit factor; 1 is {@link #denormalize()} for the present keys
     * @throws ArithmeticException for 0, which DTrace would divide by
     */
    void normalize(long normal) {
        if (normal == 0) {
            throw new ArithmeticException("normalize( ) of @" + name + " by zero");
        }
        synchronized (consumerLock) {
            for (AggregationKey key : currentKeys()) {
                if (normal == Normal.NONE) {
                    normals.remove(key);
                } else {
                    normals.put(key, normal);
                }
            }
        }
    }

    /** {@code denormalize(@a)}: the keys present now print their raw values again. */
    void denormalize() {
        normalize(Normal.NONE);
    }

    KeyType[] keyTypeArray() {
        return keyTypes;
    }

    @Override
    public String toString() {
        return "@" + name + keyTypes() + " = " + function;
    }
}
