package dev.cruciblesim.tracing.dtrace;

/**
 * One key with the state of each aggregation in a printa, a zero state where an aggregation lacks
 * the key, and each aggregation's {@code normalize()} factor for it (1 where it has none).
 */
record JoinedRecord(AggregationKey key, long[][] states, long[] normals) {
}
