package dev.cruciblesim.tracing.dtrace;

/**
 * DTrace's aggregation sort options (spec §6.2). {@link #DEFAULT} sorts by value, then key.
 *
 * @param byKey      {@code aggsortkey}: sort by key tuple only
 * @param reverse    {@code aggsortrev}: reverse every comparison, the variable-id order included
 * @param keyPos     {@code aggsortkeypos}: the key field the key comparison starts at, wrapping around
 * @param valuePos   {@code aggsortpos}: in a multi-aggregation printa, the aggregation whose value sorts first
 */
public record SortOptions(boolean byKey, boolean reverse, int keyPos, int valuePos) {
    public static final SortOptions DEFAULT = new SortOptions(false, false, 0, 0);

    public SortOptions {
        if (keyPos < 0 || valuePos < 0) {
            throw new IllegalArgumentException("aggsortkeypos and aggsortpos must not be negative");
        }
    }
}
