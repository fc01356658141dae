package dev.cruciblesim.downstairs;

import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.BlockStamp;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.ExtentVersionsPlease;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.time.ManualClock;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fault injector's switches as the core reads them per job: slow, stall, IO errors and corrupt reads. */
class DownstairsCoreFaultsTest {
    private static final long INSTANCE_ID = 7;
    private static final long UPSTAIRS_ID = 42;
    private static final int BLOCK_BYTES = 4096;
    private static final RegionDefinition REGION = new RegionDefinition(BLOCK_BYTES, 8, 4);
    private static final DependencyRange NO_DEPS = DependencyRange.NONE;
    private static final long SERVICE_NS = 100_000;
    private static final long SEED = 20261202L;

    private final ManualClock clock = new ManualClock(1_000_000);

    /** One core over its own region, probes and recording sink, activated, with the trace cleared. */
    private final class Rig {
        final RecordingTrace trace = new RecordingTrace();
        final Region region;
        final DownstairsFaults faults;
        final DownstairsCore core;

        Rig(Region region, DownstairsFaults faults, ServiceTimeModel serviceTime) {
            this.region = region;
            this.faults = faults;
            ProbeRegistry probes = new ProbeRegistry();
            probes.enable("crucible_downstairs*:::", trace);
            DownstairsConfig config = DownstairsConfig.of(INSTANCE_ID, REGION).withFaults(faults);
            core = new DownstairsCore(config, region, clock, probes, trace, serviceTime);
            core.apply(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
            core.apply(new PromoteToActive(UPSTAIRS_ID));
            trace.clear();
        }
    }

    private Rig bytesRig(ServiceTimeModel serviceTime) {
        return new Rig(Region.sparseInMemory(REGION), new DownstairsFaults(new SplittableRandom(SEED)), serviceTime);
    }

    private Rig bytesRig() {
        return bytesRig(ServiceTimeModel.ZERO);
    }

    // ---------------------------------------------------------------- slow

    @Test
    void shouldMultiplyTheModelsServiceTimeByTheSlowFactor() {
        Rig rig = bytesRig((op, jobId, ioSizeBytes) -> SERVICE_NS);
        rig.faults.slow(4);
        long startNs = clock.nanoTime();

        rig.core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));

        assertTrue(rig.core.isBusy());
        assertEquals(startNs + 4 * SERVICE_NS, rig.core.busyUntilNs());
        clock.update(startNs + 4 * SERVICE_NS - 1);
        assertFalse(rig.core.poll(), "not done a nanosecond before four service times");
        assertEquals(List.of(), rig.trace.replies());
        clock.update(startNs + 4 * SERVICE_NS);
        assertTrue(rig.core.poll());
        assertEquals(List.of(new WriteAck(1000, null)), rig.trace.replies());
    }

    @Test
    void shouldGoBackToTheModelsServiceTimeAtFactorOne() {
        Rig rig = bytesRig((op, jobId, ioSizeBytes) -> SERVICE_NS);
        rig.faults.slow(4);
        rig.faults.slow(1.0);
        long startNs = clock.nanoTime();

        rig.core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));

        assertEquals(startNs + SERVICE_NS, rig.core.busyUntilNs());
    }

    // ---------------------------------------------------------------- errors

    @Test
    void shouldAnswerAWriteWithAnInjectedErrorAndLeaveTheRegionUnwritten() {
        Rig rig = bytesRig();
        rig.faults.errors(1.0);

        rig.core.apply(new WriteRequest(1000, NO_DEPS, 2, block(9)));

        WriteAck ack = (WriteAck) rig.trace.lastReply();
        assertEquals(1000, ack.jobId());
        assertEquals("downstairs 7: write job 1000: injected IO error", ack.error());
        assertArrayEquals(new byte[BLOCK_BYTES], rig.region.read(2, 1), "a failed write writes nothing");
        assertEquals(List.of("submit-write-start 1000", "os-write-start 1000", "os-write-done 1000",
                "submit-write-done 1000", "reply WriteAck 1000"), rig.trace.events(),
                "a failed job still fires its four probes");
    }

    @Test
    void shouldAnswerReadsAndFlushesWithInjectedErrors() {
        Rig rig = bytesRig();
        rig.core.apply(new WriteRequest(1000, NO_DEPS, 9, block(4))); // extent 1
        rig.faults.errors(1.0);

        rig.core.apply(new ReadRequest(1001, DependencyRange.of(1000, 1000), 9, 1));
        rig.core.apply(new FlushRequest(1002, DependencyRange.of(1000, 1001), 3, 1));
        rig.core.apply(new ExtentVersionsPlease());

        List<Message.ToUpstairs> replies = rig.trace.replies();
        ReadResponse read = (ReadResponse) replies.get(1);
        assertNull(read.data());
        assertEquals("downstairs 7: read job 1001: injected IO error", read.error());
        FlushAck flush = (FlushAck) replies.get(2);
        assertEquals("downstairs 7: flush job 1002: injected IO error", flush.error());
        ExtentVersions versions = (ExtentVersions) replies.get(3);
        assertArrayEquals(new long[] {0, 0, 0, 0}, versions.flushNumbers(), "a failed flush stamps no extent");
        assertTrue(versions.dirty()[1], "the extent written before the failed flush stays dirty");
    }

    @Test
    void shouldServeNormallyAgainOnceErrorsAreSetToZero() {
        Rig rig = bytesRig();
        rig.faults.errors(1.0);
        rig.core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));
        rig.faults.errors(0.0);

        rig.core.apply(new WriteRequest(1001, NO_DEPS, 0, block(2)));
        rig.core.apply(new ReadRequest(1002, DependencyRange.of(1001, 1001), 0, 1));
        rig.core.apply(new FlushRequest(1003, DependencyRange.of(1001, 1002), 1, 1));

        List<Message.ToUpstairs> replies = rig.trace.replies();
        assertEquals(new WriteAck(1001, null), replies.get(1));
        ReadResponse read = (ReadResponse) replies.get(2);
        assertNull(read.error());
        assertArrayEquals(block(2), read.data());
        assertEquals(new FlushAck(1003, null), replies.get(3));
    }

    // ---------------------------------------------------------------- corrupt reads

    @Test
    void shouldFlipOnlyTheFirstByteOfAReadOfBytesAndLeaveTheRegionAsItWas() {
        Rig rig = bytesRig();
        rig.core.apply(new WriteRequest(1000, NO_DEPS, 3, blocks(5, 6)));
        rig.faults.corruptReads(1.0);

        rig.core.apply(new ReadRequest(1001, DependencyRange.of(1000, 1000), 3, 2));

        ReadResponse read = (ReadResponse) rig.trace.lastReply();
        assertNull(read.error());
        byte[] stored = rig.region.read(3, 2);
        assertArrayEquals(blocks(5, 6), stored, "the region keeps what was written");
        assertEquals(stored.length, read.data().length);
        assertNotEquals(stored[0], read.data()[0], "the first byte is corrupted");
        assertArrayEquals(Arrays.copyOfRange(stored, 1, stored.length),
                Arrays.copyOfRange(read.data(), 1, read.data().length), "every other byte is intact");
    }

    @Test
    void shouldSpoilOnlyTheFirstStampOfAReadOfStampsAndLeaveTheRegionAsItWas() {
        Rig rig = new Rig(Region.stampsInMemory(REGION), new DownstairsFaults(new SplittableRandom(SEED)),
                ServiceTimeModel.ZERO);
        rig.core.apply(WriteRequest.stamped(1000, NO_DEPS, 4, 3, 11));
        rig.faults.corruptReads(1.0);

        rig.core.apply(new ReadRequest(1001, DependencyRange.of(1000, 1000), 4, 3));

        ReadResponse read = (ReadResponse) rig.trace.lastReply();
        assertNull(read.error());
        long[] stored = rig.region.readStamps(4, 3);
        assertEquals(3, read.stamps().length);
        assertNotEquals(stored[0], read.stamps()[0], "the first block's stamp is corrupted");
        assertArrayEquals(Arrays.copyOfRange(stored, 1, 3), Arrays.copyOfRange(read.stamps(), 1, 3));
        assertArrayEquals(new long[] {BlockStamp.of(4, 11), BlockStamp.of(5, 11), BlockStamp.of(6, 11)}, stored,
                "the region keeps what was written");
    }

    @Test
    void shouldLeaveWritesAloneWhenCorruptingReads() {
        Rig rig = bytesRig();
        rig.faults.corruptReads(1.0);

        rig.core.apply(new WriteRequest(1000, NO_DEPS, 0, block(3)));

        assertEquals(new WriteAck(1000, null), rig.trace.lastReply());
        assertArrayEquals(block(3), rig.region.read(0, 1));
    }

    // ---------------------------------------------------------------- stall

    @Test
    void shouldHoldAJobThatWouldFinishEarlierUntilTheStallEnds() {
        Rig rig = bytesRig((op, jobId, ioSizeBytes) -> SERVICE_NS);
        long stallEndNs = clock.nanoTime() + 10 * SERVICE_NS;
        rig.faults.stallUntil(stallEndNs);

        rig.core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));

        assertEquals(stallEndNs, rig.core.busyUntilNs());
        clock.advance(SERVICE_NS);
        assertFalse(rig.core.poll(), "its service time is over but the stall is not");
        clock.update(stallEndNs - 1);
        assertFalse(rig.core.poll());
        assertEquals(List.of("submit-write-start 1000", "os-write-start 1000"), rig.trace.events(),
                "nothing finished and no reply went out during the stall");
        clock.update(stallEndNs);
        assertTrue(rig.core.poll());
        assertEquals(List.of(new WriteAck(1000, null)), rig.trace.replies());
    }

    @Test
    void shouldHoldEvenAJobOfNoServiceTimeUntilTheStallEnds() {
        Rig rig = bytesRig();
        long stallEndNs = clock.nanoTime() + SERVICE_NS;
        rig.faults.stallUntil(stallEndNs);

        rig.core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));

        assertTrue(rig.core.isBusy(), "a stalled downstairs does not answer inside apply");
        assertEquals(stallEndNs, rig.core.busyUntilNs());
        assertEquals(List.of(), rig.trace.replies());
        clock.update(stallEndNs);
        assertTrue(rig.core.poll());
        assertEquals(List.of(new WriteAck(1000, null)), rig.trace.replies());
    }

    @Test
    void shouldExtendTheBusyJobWhenAStallStartsWhileItRuns() {
        Rig rig = bytesRig((op, jobId, ioSizeBytes) -> SERVICE_NS);
        long startNs = clock.nanoTime();
        rig.core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));
        assertEquals(startNs + SERVICE_NS, rig.core.busyUntilNs());

        clock.advance(SERVICE_NS / 2);
        long stallEndNs = clock.nanoTime() + 5 * SERVICE_NS;
        rig.faults.stallUntil(stallEndNs);

        assertEquals(stallEndNs, rig.core.busyUntilNs());
        clock.update(startNs + SERVICE_NS);
        assertFalse(rig.core.poll(), "the stall holds the reply past the job's own end");
        assertEquals(List.of(), rig.trace.replies());
        clock.update(stallEndNs);
        assertTrue(rig.core.poll());
        assertEquals(List.of(new WriteAck(1000, null)), rig.trace.replies());
    }

    @Test
    void shouldNotShortenOrExtendABusyJobForAStallThatEndsBeforeIt() {
        Rig rig = bytesRig((op, jobId, ioSizeBytes) -> SERVICE_NS);
        long startNs = clock.nanoTime();
        rig.core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));

        rig.faults.stallUntil(startNs + SERVICE_NS / 2);

        assertEquals(startNs + SERVICE_NS, rig.core.busyUntilNs());
        clock.update(startNs + SERVICE_NS - 1);
        assertFalse(rig.core.poll());
        clock.update(startNs + SERVICE_NS);
        assertTrue(rig.core.poll());
    }

    // ---------------------------------------------------------------- chance

    @Test
    void shouldFailTheSameJobsForTheSameSeedAndAboutHalfOfThemAtOneHalf() {
        List<Boolean> first = failuresOfWrites(SEED, 1000);
        List<Boolean> second = failuresOfWrites(SEED, 1000);

        assertEquals(first, second, "two cores built the same way fail the same jobs");
        long failed = first.stream().filter(f -> f).count();
        assertTrue(failed >= 400 && failed <= 600, "failed " + failed + " of 1000 at probability 0.5");
        assertNotEquals(first, failuresOfWrites(SEED + 1, 1000), "another seed, other failures");
    }

    @Test
    void shouldCorruptTheSameReadsForTheSameSeedAndAboutHalfOfThemAtOneHalf() {
        List<Boolean> first = corruptionsOfReads(SEED, 1000);
        List<Boolean> second = corruptionsOfReads(SEED, 1000);

        assertEquals(first, second);
        long corrupted = first.stream().filter(c -> c).count();
        assertTrue(corrupted >= 400 && corrupted <= 600, "corrupted " + corrupted + " of 1000 at probability 0.5");
    }

    /** @return for each of {@code count} writes, whether it was answered with an error */
    private List<Boolean> failuresOfWrites(long seed, int count) {
        return outcomes(seed, count, faults -> faults.errors(0.5),
                i -> new WriteRequest(1000 + i, NO_DEPS, i % 32, block(i)), reply -> ((WriteAck) reply).error() != null);
    }

    /** @return for each of {@code count} reads of a block holding 7s, whether its first byte came back otherwise */
    private List<Boolean> corruptionsOfReads(long seed, int count) {
        return outcomes(seed, count, faults -> faults.corruptReads(0.5), i -> new ReadRequest(1000 + i, NO_DEPS, 0, 1),
                reply -> ((ReadResponse) reply).data()[0] != 7);
    }

    /**
     * @return for each of {@code count} jobs on a fresh core seeded with {@code seed} whose block 0 holds 7s, with
     *         {@code fault} switched on, whether its reply shows the fault
     */
    private List<Boolean> outcomes(long seed, int count, Consumer<DownstairsFaults> fault,
            IntFunction<Message.JobRequest> job, Predicate<Message.ToUpstairs> showsFault) {
        Rig rig = new Rig(Region.sparseInMemory(REGION), new DownstairsFaults(new SplittableRandom(seed)),
                ServiceTimeModel.ZERO);
        rig.core.apply(new WriteRequest(999, NO_DEPS, 0, block(7)));
        rig.trace.clear();
        fault.accept(rig.faults);
        for (int i = 0; i < count; i++) {
            rig.core.apply(job.apply(i));
        }
        List<Message.ToUpstairs> replies = rig.trace.replies();
        assertEquals(count, replies.size());
        return replies.stream().map(showsFault::test).toList();
    }

    // ---------------------------------------------------------------- no faults

    @Test
    void shouldBehaveAlikeWithoutSwitchesAndWithSwitchesThatAreAllOff() {
        Consumer<Rig> jobs = rig -> {
            rig.core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));
            rig.core.apply(new ReadRequest(1001, DependencyRange.of(1000, 1000), 0, 2));
            rig.core.apply(new WriteRequest(1002, NO_DEPS, 0, new byte[100])); // refused by the region
            rig.core.apply(new ReadRequest(1003, NO_DEPS, 30, 4)); // outside the region
            rig.core.apply(new FlushRequest(1004, DependencyRange.of(1000, 1003), 1, 1));
            rig.core.apply(new ExtentVersionsPlease());
            while (rig.core.isBusy()) {
                clock.update(rig.core.busyUntilNs());
                rig.core.poll();
            }
        };
        ServiceTimeModel serviceTime = (op, jobId, ioSizeBytes) -> SERVICE_NS + ioSizeBytes;

        Rig withoutFaults = new Rig(Region.sparseInMemory(REGION), null, serviceTime);
        long startNs = clock.nanoTime();
        jobs.accept(withoutFaults);
        long withoutElapsedNs = clock.nanoTime() - startNs;

        Rig withIdleFaults = bytesRig(serviceTime);
        // Turned on and back off, as an injector leaves them after its faults end.
        withIdleFaults.faults.slow(3);
        withIdleFaults.faults.errors(1.0);
        withIdleFaults.faults.corruptReads(1.0);
        withIdleFaults.faults.stallUntil(clock.nanoTime() + SERVICE_NS);
        withIdleFaults.faults.slow(1.0);
        withIdleFaults.faults.errors(0.0);
        withIdleFaults.faults.corruptReads(0.0);
        withIdleFaults.faults.stallUntil(Long.MIN_VALUE);
        startNs = clock.nanoTime();
        jobs.accept(withIdleFaults);

        assertNull(withoutFaults.core.config().faults());
        assertEquals(withoutElapsedNs, clock.nanoTime() - startNs, "the same service times");
        assertEquals(shown(withoutFaults.trace.replies()), shown(withIdleFaults.trace.replies()));
        assertEquals(withoutFaults.trace.events(), withIdleFaults.trace.events());
        assertEquals(6, withoutFaults.trace.replies().size());
    }

    /** Replies by content: their records compare arrays by identity. */
    private static List<String> shown(List<Message.ToUpstairs> replies) {
        HexFormat hex = HexFormat.of();
        List<String> shown = new ArrayList<>();
        for (Message.ToUpstairs reply : replies) {
            if (reply instanceof ReadResponse read) {
                shown.add("read " + read.jobId() + " error=" + read.error() + " data="
                        + (read.data() == null ? null : hex.formatHex(read.data())) + " stamps="
                        + Arrays.toString(read.stamps()));
            } else if (reply instanceof ExtentVersions versions) {
                shown.add("versions " + Arrays.toString(versions.flushNumbers()) + " "
                        + Arrays.toString(versions.generations()) + " " + Arrays.toString(versions.dirty()));
            } else {
                shown.add(reply.toString());
            }
        }
        return shown;
    }

    private static byte[] block(int value) {
        byte[] data = new byte[BLOCK_BYTES];
        Arrays.fill(data, (byte) value);
        return data;
    }

    private static byte[] blocks(int first, int second) {
        byte[] data = new byte[2 * BLOCK_BYTES];
        Arrays.fill(data, 0, BLOCK_BYTES, (byte) first);
        Arrays.fill(data, BLOCK_BYTES, 2 * BLOCK_BYTES, (byte) second);
        return data;
    }
}
