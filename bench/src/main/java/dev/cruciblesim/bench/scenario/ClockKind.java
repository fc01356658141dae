package dev.cruciblesim.bench.scenario;

import java.util.Locale;

/** Which time a run lives in: the wall clock (measures the implementation) or a simulated one (measures the model). */
public enum ClockKind {
    /** Threads, real delays, {@code System.nanoTime()}. */
    REAL,
    /** One thread, a discrete-event scheduler; the same scenario and seed give byte-identical reports. */
    VIRTUAL;

    /** @return the word a scenario file uses: {@code real} or {@code virtual} */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
