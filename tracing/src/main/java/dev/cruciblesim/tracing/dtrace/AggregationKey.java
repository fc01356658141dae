package dev.cruciblesim.tracing.dtrace;

import java.util.Arrays;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An immutable aggregation key tuple: each field is a string or a 64-bit number (4-byte fields
 * are stored sign-extended). The hot path never builds one for a key that already exists: the
 * shard table compares its stored keys against the raw arguments with {@code matches(...)}, using
 * the static {@code hashOf(...)} functions, which agree with {@link #hashCode()}.
 */
public final class AggregationKey {
    /** The key of a keyless aggregation such as {@code @a = count()}. */
    public static final AggregationKey EMPTY = new AggregationKey(new String[0], new long[0]);

    private final String[] strings;
    private final long[] numbers;
    private final int hash;

    private AggregationKey(String[] strings, long[] numbers) {
        this.strings = strings;
        this.numbers = numbers;
        int h = 1;
        for (int i = 0; i < strings.length; i++) {
            h = 31 * h + (strings[i] != null ? strings[i].hashCode() : Long.hashCode(numbers[i]));
        }
        this.hash = h;
    }

    /**
     * @param fields each a {@link String} or an integral {@link Number}
     * @throws IllegalArgumentException for null or other types
     */
    public static AggregationKey of(Object... fields) {
        String[] strings = new String[fields.length];
        long[] numbers = new long[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Object field = fields[i];
            if (field instanceof String s) {
                strings[i] = s;
            } else if (field instanceof Long || field instanceof Integer || field instanceof Short
                    || field instanceof Byte) {
                numbers[i] = ((Number) field).longValue();
            } else {
                throw new IllegalArgumentException("key field " + i + " must be a String or an integer, not " + field);
            }
        }
        return new AggregationKey(strings, numbers);
    }

    public static AggregationKey of(String field0) {
        return new AggregationKey(new String[] {Objects.requireNonNull(field0)}, new long[1]);
    }

    public static AggregationKey of(String field0, long field1) {
        return new AggregationKey(new String[] {Objects.requireNonNull(field0), null}, new long[] {0L, field1});
    }

    public static AggregationKey of(long field0) {
        return new AggregationKey(new String[1], new long[] {field0});
    }

    static int hashOf(String field0) {
        return 31 + field0.hashCode();
    }

    static int hashOf(String field0, long field1) {
        return 31 * (31 + field0.hashCode()) + Long.hashCode(field1);
    }

    static int hashOf(long field0) {
        return 31 + Long.hashCode(field0);
    }

    boolean matches(String field0) {
        return strings.length == 1 && field0.equals(strings[0]);
    }

    boolean matches(String field0, long field1) {
        return strings.length == 2 && numbers[1] == field1 && strings[1] == null && field0.equals(strings[0]);
    }

    boolean matches(long field0) {
        return strings.length == 1 && strings[0] == null && numbers[0] == field0;
    }

    public int size() {
        return strings.length;
    }

    public boolean isString(int field) {
        return strings[field] != null;
    }

    /** @throws IllegalStateException if the field is a number */
    public String string(int field) {
        String s = strings[field];
        if (s == null) {
            throw new IllegalStateException("key field " + field + " of " + this + " is a number");
        }
        return s;
    }

    public long number(int field) {
        if (strings[field] != null) {
            throw new IllegalStateException("key field " + field + " of " + this + " is a string");
        }
        return numbers[field];
    }

    /** @return this key with each 4-byte field cut to 32 bits, or this key if nothing changes */
    AggregationKey narrowed(KeyType[] types) {
        long[] narrowed = null;
        for (int i = 0; i < types.length; i++) {
            if (types[i] == KeyType.INT32 && numbers[i] != (int) numbers[i]) {
                if (narrowed == null) {
                    narrowed = numbers.clone();
                }
                narrowed[i] = (int) numbers[i];
            }
        }
        return narrowed == null ? this : new AggregationKey(strings, narrowed);
    }

    void checkSignature(KeyType[] types, String aggregationName) {
        if (types.length != strings.length) {
            throw new IllegalArgumentException("@" + aggregationName + " has " + types.length + " key fields, got "
                    + this);
        }
        for (int i = 0; i < types.length; i++) {
            if (types[i].isString() != isString(i)) {
                throw new IllegalArgumentException("@" + aggregationName + " key field " + i + " is " + types[i]
                        + ", got " + this);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AggregationKey k && hash == k.hash && Arrays.equals(numbers, k.numbers)
                && Arrays.equals(strings, k.strings);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < strings.length; i++) {
            joiner.add(strings[i] != null ? '"' + strings[i] + '"' : Long.toString(numbers[i]));
        }
        return joiner.toString();
    }
}
