package dev.cruciblesim.bench.workload;

import java.util.Locale;

/**
 * What a write carries through the model ({@code volume.payload}): the bytes themselves, or a stamp per block that
 * stands for them (see {@link dev.cruciblesim.sim.protocol.BlockStamp}). Both are verified read by read against the
 * same {@link WriteOracle}; stamps cost the same for any IO size and a few bytes per written block. Virtual time
 * stamps by default; real time always moves bytes, since it measures this implementation, copies included.
 */
public enum Payload {
    /** A token per write, a stamp per block: nothing is generated, copied or kept but the token. */
    STAMPS,
    /** Pseudo-random (or zero, or pattern) data generated per write, stored and compared byte by byte. */
    BYTES;

    /** @return the word a scenario file uses, also what report.json records: {@code stamps} or {@code bytes} */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
