package dev.cruciblesim.upstairs.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Revision O sends a client at most {@code maxInFlightPerClient} unanswered jobs (spec §2.3, §4.6). */
class UpstairsCoreFlowControlTest {

    @Test
    void shouldSendEachClientAtMostOneHundredJobsAtRevisionO() {
        UpstairsFixture f = UpstairsFixture.active();
        assertEquals(100, f.core.config().maxInFlightPerClient());
        for (int i = 0; i < 150; i++) {
            f.write(i, 1);
        }

        for (int c = 0; c < 3; c++) {
            assertEquals(ids(1000, 1100), f.ds(c).jobIdsSent());
            assertEquals(100, f.core.inFlight(c));
            assertEquals("New", f.core.jobState(1100, c));
        }
        assertEquals(300, f.probes.named("ds-write-io-start").size());
        assertEquals(150, f.probes.named("up-to-ds-write-start").size(), "every job is created, sent or not");
        assertEquals(150, f.core.jobsOutstanding());

        f.writeOk(1, 1000);

        assertEquals(ids(1000, 1101), f.ds(1).jobIdsSent());
        assertEquals(ids(1000, 1100), f.ds(0).jobIdsSent());
        assertEquals(ids(1000, 1100), f.ds(2).jobIdsSent());
        assertEquals(100, f.core.inFlight(1));
        assertEquals("ds-write-io-start(1100,1)", f.probes.texts().get(f.probes.size() - 1));
    }

    @Test
    void shouldLetExactlyOneMoreJobOutPerReplyWithASmallCap() {
        UpstairsFixture f = UpstairsFixture.active(
                UpstairsConfig.revisionO(UpstairsFixture.UPSTAIRS_ID).withMaxInFlightPerClient(2));
        for (int i = 0; i < 5; i++) {
            f.write(i, 1);
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(List.of(1000L, 1001L), f.ds(c).jobIdsSent());
        }

        f.writeOk(0, 1001);
        assertEquals(List.of(1000L, 1001L, 1002L), f.ds(0).jobIdsSent());
        assertEquals(List.of(1000L, 1001L), f.ds(1).jobIdsSent(), "another client's reply frees nothing here");

        f.writeOk(0, 1000);
        assertEquals(List.of(1000L, 1001L, 1002L, 1003L), f.ds(0).jobIdsSent());
        assertEquals(2, f.core.inFlight(0));

        f.writeOk(2, 1000);
        assertEquals(List.of(1000L, 1001L, 1002L), f.ds(2).jobIdsSent());
    }

    @Test
    void shouldCountFlushesAndReadsAgainstTheCap() {
        UpstairsFixture f = UpstairsFixture.active(
                UpstairsConfig.revisionO(UpstairsFixture.UPSTAIRS_ID).withMaxInFlightPerClient(2));
        f.flush();
        f.read(0, new byte[UpstairsFixture.BLOCK_SIZE_BYTES]);
        RecordingCallback write = f.write(0, 1);

        assertEquals(List.of(1000L, 1001L), f.ds(0).jobIdsSent());
        assertEquals("New", f.core.jobState(1002, 0));

        f.flushOk(0, 1000);
        assertEquals(List.of(1000L, 1001L, 1002L), f.ds(0).jobIdsSent());
        assertEquals(0, write.calls());
    }

    @Test
    void shouldSendHeldJobsInJobIdOrder() {
        UpstairsFixture f = UpstairsFixture.active(
                UpstairsConfig.revisionO(UpstairsFixture.UPSTAIRS_ID).withMaxInFlightPerClient(1));
        for (int i = 0; i < 4; i++) {
            f.write(i, 1);
        }
        for (long id = 1000; id < 1003; id++) {
            f.writeOk(2, id);
        }

        assertEquals(ids(1000, 1004), f.ds(2).jobIdsSent());
    }

    private static List<Long> ids(long fromInclusive, long toExclusive) {
        return LongStream.range(fromInclusive, toExclusive).boxed().toList();
    }
}
