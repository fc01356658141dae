package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.ExtentClose;
import dev.cruciblesim.sim.protocol.ExtentFlush;
import dev.cruciblesim.sim.protocol.ExtentReopen;
import dev.cruciblesim.sim.protocol.ExtentRepair;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.Message;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Start-up reconciliation's repair list (O's {@code DownstairsMend}, §5.4 and §6.1) and how far the upstairs has got
 * through it. Every extent whose three (generation, flush number, dirty) are not all equal and clean is repaired from
 * one source, in extent order, in four steps, each acknowledged by every client it was sent to before the next:
 *
 * <pre>
 *  ExtentFlush  (source only, with its own flush number and generation: the source is clean at them)
 *  ExtentClose  (all three: no IO to the extent meanwhile)
 *  ExtentRepair (the destinations: copy the extent whole from the source's repair address)
 *  ExtentReopen (all three)
 * </pre>
 *
 * The source is the client with the highest generation, then the highest flush number, then dirty over clean, then
 * the lowest client id. The destinations are the others whose version differs from the source's, or all of them when
 * the source is dirty, since then nobody's data is known to match it.
 *
 * <p>Steps are made as they are sent, from three ints per bad extent, so that a region of many extents costs no list
 * of messages. Not thread-safe: the upstairs core's.
 */
final class Reconciliation {
    static final int STEPS_PER_EXTENT = 4;
    static final int ALL_CLIENTS = (1 << UpstairsCore.CLIENT_COUNT) - 1;
    private static final String[] STEP_NAMES = {"ExtentFlush", "ExtentClose", "ExtentRepair", "ExtentReopen"};

    private final ExtentVersions[] versions;
    private final InetSocketAddress[] repairAddresses;
    private final int[] badExtents;
    private final int[] sources;
    /** Per bad extent, a bit per destination client. */
    private final int[] destinations;
    private final long firstRepairId;
    /** Index of the step in flight: bad extent {@code step / 4}, kind {@code step % 4}. */
    private int step = -1;
    /** The clients the step in flight still waits for, a bit each. */
    private int awaiting;

    /**
     * @param versions        each client's extent versions, by client id
     * @param repairAddresses each client's repair server, as its YesItsMe said
     * @param firstRepairId   the repair id of the first step; each later step takes the next
     */
    Reconciliation(ExtentVersions[] versions, InetSocketAddress[] repairAddresses, long firstRepairId) {
        this.versions = versions.clone();
        this.repairAddresses = repairAddresses.clone();
        this.firstRepairId = firstRepairId;
        int extentCount = versions[0].extentCount();
        int[] bad = new int[extentCount];
        int[] source = new int[extentCount];
        int[] dest = new int[extentCount];
        int count = 0;
        for (int extent = 0; extent < extentCount; extent++) {
            if (needsRepair(versions, extent)) {
                bad[count] = extent;
                source[count] = sourceOf(versions, extent);
                dest[count] = destinationsOf(versions, extent, source[count]);
                count++;
            }
        }
        this.badExtents = Arrays.copyOf(bad, count);
        this.sources = Arrays.copyOf(source, count);
        this.destinations = Arrays.copyOf(dest, count);
    }

    /** @return true when the three disagree on the extent, or any has it dirty */
    static boolean needsRepair(ExtentVersions[] versions, int extent) {
        long generation = versions[0].generation(extent);
        long flushNumber = versions[0].flushNumber(extent);
        for (ExtentVersions client : versions) {
            if (client.isDirty(extent) || client.generation(extent) != generation
                    || client.flushNumber(extent) != flushNumber) {
                return true;
            }
        }
        return false;
    }

    /** @return the client to repair {@code extent} from: highest generation, flush number, dirty, lowest id */
    static int sourceOf(ExtentVersions[] versions, int extent) {
        int best = 0;
        for (int c = 1; c < versions.length; c++) {
            if (compare(versions[c], versions[best], extent) > 0) {
                best = c; // only a strictly better one replaces, so ties go to the lowest id
            }
        }
        return best;
    }

    private static int compare(ExtentVersions a, ExtentVersions b, int extent) {
        int byGeneration = Long.compare(a.generation(extent), b.generation(extent));
        if (byGeneration != 0) {
            return byGeneration;
        }
        int byFlush = Long.compare(a.flushNumber(extent), b.flushNumber(extent));
        return byFlush != 0 ? byFlush : Boolean.compare(a.isDirty(extent), b.isDirty(extent));
    }

    /** @return a bit per client that must copy {@code extent} from {@code source} */
    static int destinationsOf(ExtentVersions[] versions, int extent, int source) {
        ExtentVersions from = versions[source];
        int mask = 0;
        for (int c = 0; c < versions.length; c++) {
            if (c != source && (from.isDirty(extent) || versions[c].isDirty(extent)
                    || versions[c].generation(extent) != from.generation(extent)
                    || versions[c].flushNumber(extent) != from.flushNumber(extent))) {
                mask |= 1 << c;
            }
        }
        return mask;
    }

    /** @return how many extents are repaired */
    int badExtentCount() {
        return badExtents.length;
    }

    int stepCount() {
        return badExtents.length * STEPS_PER_EXTENT;
    }

    boolean isDone() {
        return step >= stepCount();
    }

    /** Moves to the next step. @return whether there was one; if so, send {@link #message()} to {@link #awaiting()} */
    boolean advance() {
        step++;
        if (isDone()) {
            awaiting = 0;
            return false;
        }
        int kind = step % STEPS_PER_EXTENT;
        int index = step / STEPS_PER_EXTENT;
        awaiting = switch (kind) {
            case 0 -> 1 << sources[index];
            case 2 -> destinations[index];
            default -> ALL_CLIENTS;
        };
        return true;
    }

    /** @return the step in flight's message (made anew: steps are sent once) */
    Message.ToDownstairs message() {
        int index = step / STEPS_PER_EXTENT;
        int extent = badExtents[index];
        int source = sources[index];
        long repairId = repairId();
        return switch (step % STEPS_PER_EXTENT) {
            case 0 -> new ExtentFlush(repairId, extent, source, versions[source].flushNumber(extent),
                    versions[source].generation(extent));
            case 1 -> new ExtentClose(repairId, extent);
            case 2 -> new ExtentRepair(repairId, extent, source, repairAddresses[source], clientsOf(destinations[index]));
            default -> new ExtentReopen(repairId, extent);
        };
    }

    private static int[] clientsOf(int mask) {
        int[] clients = new int[Integer.bitCount(mask)];
        int i = 0;
        for (int c = 0; c < UpstairsCore.CLIENT_COUNT; c++) {
            if ((mask & (1 << c)) != 0) {
                clients[i++] = c;
            }
        }
        return clients;
    }

    long repairId() {
        return firstRepairId + step;
    }

    /** @return the clients the step in flight still waits for, a bit each */
    int awaiting() {
        return awaiting;
    }

    boolean awaits(int clientId) {
        return (awaiting & (1 << clientId)) != 0;
    }

    /** Client {@code clientId} acknowledged the step in flight. @return whether every client it was sent to has */
    boolean acknowledged(int clientId) {
        awaiting &= ~(1 << clientId);
        return awaiting == 0;
    }

    /** @return e.g. "ExtentRepair of extent 4 (step 7 of 12, repair id 7)", for error messages */
    String describeStep() {
        int index = Math.min(step, stepCount() - 1) / STEPS_PER_EXTENT;
        return STEP_NAMES[step % STEPS_PER_EXTENT] + " of extent " + badExtents[index] + " (step " + (step + 1)
                + " of " + stepCount() + ", repair id " + repairId() + ")";
    }
}
