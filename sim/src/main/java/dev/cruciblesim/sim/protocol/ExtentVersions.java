package dev.cruciblesim.sim.protocol;

import java.util.Arrays;

/**
 * Per extent: generation number, flush number and dirty bit. The upstairs compares these across
 * the three downstairs at start-up to decide whether reconciliation is needed. The arrays are
 * copied on the way in and out, so a message can be shared safely.
 */
public record ExtentVersions(long[] generations, long[] flushNumbers, boolean[] dirty) implements Message.ToUpstairs {
    public ExtentVersions {
        if (generations.length != flushNumbers.length || generations.length != dirty.length) {
            throw new IllegalArgumentException("extent version arrays differ in length: " + generations.length
                    + ", " + flushNumbers.length + ", " + dirty.length);
        }
        generations = generations.clone();
        flushNumbers = flushNumbers.clone();
        dirty = dirty.clone();
    }

    @Override
    public long[] generations() {
        return generations.clone();
    }

    @Override
    public long[] flushNumbers() {
        return flushNumbers.clone();
    }

    @Override
    public boolean[] dirty() {
        return dirty.clone();
    }

    /** @return extent {@code extent}'s generation, without copying the array */
    public long generation(int extent) {
        return generations[extent];
    }

    /** @return extent {@code extent}'s flush number, without copying the array */
    public long flushNumber(int extent) {
        return flushNumbers[extent];
    }

    /** @return extent {@code extent}'s dirty bit, without copying the array */
    public boolean isDirty(int extent) {
        return dirty[extent];
    }

    public int extentCount() {
        return generations.length;
    }

    /** @return true when both describe the same (generation, flush number, dirty) for every extent */
    public boolean sameVersionsAs(ExtentVersions other) {
        return Arrays.equals(generations, other.generations) && Arrays.equals(flushNumbers, other.flushNumbers)
                && Arrays.equals(dirty, other.dirty);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtentVersions other && sameVersionsAs(other);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(generations) + Arrays.hashCode(flushNumbers)) + Arrays.hashCode(dirty);
    }

    @Override
    public String toString() {
        return "ExtentVersions[gen=" + Arrays.toString(generations) + ", flush=" + Arrays.toString(flushNumbers)
                + ", dirty=" + Arrays.toString(dirty) + "]";
    }
}
