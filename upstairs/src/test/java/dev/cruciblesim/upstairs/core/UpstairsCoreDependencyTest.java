package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.WriteRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.cruciblesim.upstairs.core.UpstairsFixture.BLOCK_SIZE_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Revision-O dependency ranges and retirement by a flush finished on all three (spec §3.1, §4.3). */
class UpstairsCoreDependencyTest {
    private final UpstairsFixture f = UpstairsFixture.active();

    @Test
    void shouldMakeEachJobDependOnEveryUnretiredEarlierJob() {
        f.write(0, 1);
        f.read(0, new byte[BLOCK_SIZE_BYTES]);
        f.flush();
        f.write(9, 1);

        for (int c = 0; c < 3; c++) {
            assertEquals(DependencyRange.NONE, dependencies(c, 1000, WriteRequest.class));
            assertEquals(DependencyRange.of(1000, 1000), dependencies(c, 1001, ReadRequest.class));
            assertEquals(DependencyRange.of(1000, 1001), dependencies(c, 1002, FlushRequest.class));
            assertEquals(DependencyRange.of(1000, 1002), dependencies(c, 1003, WriteRequest.class));
        }
    }

    @Test
    void shouldKeepDependingOnAckedJobsUntilAFlushRetiresThem() {
        f.write(0, 1);
        f.writeOkEverywhere(1000);

        f.write(1, 1);

        assertEquals(DependencyRange.of(1000, 1000), dependencies(0, 1001, WriteRequest.class));
        assertEquals(2, f.core.jobsOutstanding());
    }

    @Test
    void shouldRetireEverythingUpToAFlushFinishedOnAllThree() {
        f.write(0, 1);
        f.flush();
        f.write(1, 1);
        assertEquals(DependencyRange.of(1000, 1001), dependencies(0, 1002, WriteRequest.class));

        f.writeOkEverywhere(1000);
        f.flushOkEverywhere(1001);

        assertEquals(1, f.core.jobsOutstanding(), "write 1002 is not retired");
        assertEquals(1002, f.core.firstUnretiredJobId());
        assertNull(f.core.jobState(1000, 0));
        assertNull(f.core.jobState(1001, 0));
        assertEquals("Sent", f.core.jobState(1002, 0));

        f.write(2, 1);
        for (int c = 0; c < 3; c++) {
            assertEquals(DependencyRange.of(1002, 1002), dependencies(c, 1003, WriteRequest.class));
        }
    }

    @Test
    void shouldGiveTheFirstJobAfterARetiringFlushNoDependencies() {
        f.flush();
        f.flushOkEverywhere(1000);

        f.write(0, 1);

        assertEquals(1, f.core.jobsOutstanding());
        assertEquals(1001, f.core.firstUnretiredJobId());
        assertEquals(DependencyRange.NONE, dependencies(0, 1001, WriteRequest.class));
    }

    @Test
    void shouldNotRetireAFlushAckedAtTheSecondReplyUntilTheThirdArrives() {
        f.write(0, 1);
        f.writeOkEverywhere(1000);
        RecordingCallback flush = f.flush();

        f.flushOk(0, 1001);
        f.flushOk(2, 1001);
        assertEquals(1, flush.calls());
        assertEquals(2, f.core.jobsOutstanding());
        assertEquals(1000, f.core.firstUnretiredJobId());

        f.flushOk(1, 1001);
        assertEquals(0, f.core.jobsOutstanding());
        assertEquals(1002, f.core.firstUnretiredJobId());
    }

    @Test
    void shouldRetireAFlushThatFinishedWithAnErrorOnOneClient() {
        f.flush();
        f.flushOk(0, 1000);
        f.flushOk(1, 1000);
        f.flushError(2, 1000);

        assertEquals(0, f.core.jobsOutstanding());
    }

    @Test
    void shouldRetireAFlushSkippedByAFailedClientOnceTheOthersFinishIt() {
        f.write(0, 1);
        f.writeError(2, 1000);
        f.writeOk(0, 1000);
        f.writeOk(1, 1000);
        f.flush();

        f.flushOk(0, 1001);
        f.flushOk(1, 1001);

        assertEquals(0, f.core.jobsOutstanding());
        assertEquals(1002, f.core.firstUnretiredJobId());
    }

    @Test
    void shouldNotRetireAFlushWhileAnEarlierJobIsStillInFlight() {
        // A client that failed still has its earlier jobs in flight while later flushes skip it.
        f.write(0, 1);
        f.write(1, 1);
        f.writeError(2, 1000);
        f.writeOk(0, 1000);
        f.writeOk(1, 1000);
        f.writeOk(0, 1001);
        f.writeOk(1, 1001);
        f.flush();
        f.flushOk(0, 1002);
        f.flushOk(1, 1002);
        assertEquals("Sent", f.core.jobState(1001, 2));
        assertEquals(3, f.core.jobsOutstanding(), "write 1001 is still in flight on client 2");

        f.writeOk(2, 1001);
        f.flush();
        f.flushOk(0, 1003);
        f.flushOk(1, 1003);

        assertEquals(0, f.core.jobsOutstanding(), "the next flush retires everything up to it");
        assertEquals(1004, f.core.firstUnretiredJobId());
    }

    @Test
    void shouldRetireAFinishedFlushWhenTheLastEarlierJobCompletes() {
        f.write(0, 1);
        f.write(1, 1);
        f.writeError(2, 1000);
        f.writeOk(0, 1000);
        f.writeOk(1, 1000);
        f.writeOk(0, 1001);
        f.writeOk(1, 1001);
        f.flush();
        f.flushOk(0, 1002);
        f.flushOk(1, 1002);

        f.writeOk(2, 1001);

        assertEquals(0, f.core.jobsOutstanding(), "flush 1002 is Done/Done/Skip and everything before it finished");
        assertEquals(1003, f.core.firstUnretiredJobId());
    }

    @Test
    void shouldRetireAFinishedFlushWhenTheLastClientSkipsIt() {
        UpstairsFixture capped = UpstairsFixture.active(
                UpstairsConfig.revisionO(UpstairsFixture.UPSTAIRS_ID).withMaxInFlightPerClient(1));
        capped.write(0, 1);
        capped.flush();
        capped.writeOk(0, 1000);
        capped.writeOk(1, 1000);
        capped.flushOk(0, 1001);
        capped.flushOk(1, 1001);
        assertEquals("New", capped.core.jobState(1001, 2), "the flush waits behind write 1000 on client 2");

        capped.writeError(2, 1000);

        assertEquals(List.of(1000L), capped.ds(2).jobIdsSent(), "the flush was skipped, never sent");
        assertEquals(0, capped.core.jobsOutstanding(), "flush 1001 is Done/Done/Skip and write 1000 finished");
        assertEquals(1002, capped.core.firstUnretiredJobId());
    }

    private DependencyRange dependencies(int clientId, long jobId, Class<? extends Message.JobMessage> type) {
        Message.JobMessage request = f.ds(clientId).request(jobId, type);
        if (request instanceof WriteRequest write) {
            return write.dependencies();
        }
        if (request instanceof ReadRequest read) {
            return read.dependencies();
        }
        return ((FlushRequest) request).dependencies();
    }
}
