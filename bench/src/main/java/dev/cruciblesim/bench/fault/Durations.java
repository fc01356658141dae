package dev.cruciblesim.bench.fault;

import java.math.BigDecimal;

/** Short human durations for fault descriptions: the largest unit that keeps the number whole or nearly so. */
final class Durations {
    private Durations() {
    }

    static String brief(long ns) {
        if (ns % 1_000_000_000L == 0) {
            return ns / 1_000_000_000L + "s";
        }
        if (ns >= 1_000_000_000L) {
            return BigDecimal.valueOf(ns, 9).stripTrailingZeros().toPlainString() + "s";
        }
        if (ns % 1_000_000L == 0) {
            return ns / 1_000_000L + "ms";
        }
        if (ns >= 1_000_000L) {
            return BigDecimal.valueOf(ns, 6).stripTrailingZeros().toPlainString() + "ms";
        }
        return ns % 1_000L == 0 ? ns / 1_000L + "us" : ns + "ns";
    }
}
