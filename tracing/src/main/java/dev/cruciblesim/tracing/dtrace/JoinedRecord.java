package dev.cruciblesim.tracing.dtrace;

/** One key with the state of each aggregation in a printa, a zero state where an aggregation lacks the key. */
record JoinedRecord(AggregationKey key, long[][] states) {
}
