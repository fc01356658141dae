package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.upstairs.policy.RevisionOPolicy;
import dev.cruciblesim.upstairs.policy.UpstairsPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policy seam is real: a second policy, defined only here, changes what the unchanged core
 * does. Each test runs the same inputs under revision O and under the test policy and shows the
 * difference the policy alone makes.
 */
class UpstairsCorePolicyTest {
    /** Revision O except that a write is ready to ack only at the third OK reply, a read at the second. */
    private static final UpstairsPolicy WRITE_AT_THIRD_REPLY = new Delegating(RevisionOPolicy.INSTANCE) {
        @Override
        public String name() {
            return "test-write-at-third";
        }

        @Override
        public int okRepliesToAck(IoOp op) {
            return op == IoOp.WRITE ? 3 : op == IoOp.READ ? 2 : super.okRepliesToAck(op);
        }
    };

    /** Revision O except that jobs depend on nothing and a client takes one job at a time. */
    private static final UpstairsPolicy INDEPENDENT_ONE_AT_A_TIME = new Delegating(RevisionOPolicy.INSTANCE) {
        @Override
        public String name() {
            return "test-independent";
        }

        @Override
        public DependencyRange dependenciesOf(long jobId, IoOp op, long blockOffset, int blockCount,
                long firstUnretiredJobId) {
            return DependencyRange.NONE;
        }

        @Override
        public boolean maySend(int jobsInFlight, int maxInFlightPerClient) {
            return jobsInFlight < 1;
        }
    };

    /** Revision O except that a write error leaves the client healthy and one error fails the write. */
    private static final UpstairsPolicy ERRORS_ARE_TRANSIENT = new Delegating(RevisionOPolicy.INSTANCE) {
        @Override
        public String name() {
            return "test-transient-errors";
        }

        @Override
        public boolean errorFailsClient(IoOp op) {
            return false;
        }

        @Override
        public String resultOf(IoOp op, int okReplies, int errorReplies) {
            return errorReplies > 0 ? "an error under the test policy" : null;
        }
    };

    @Test
    void shouldAckAWriteAtTheReplyCountThePolicySays() {
        UpstairsFixture revisionO = UpstairsFixture.active();
        UpstairsFixture third = UpstairsFixture.active(config(WRITE_AT_THIRD_REPLY));
        for (UpstairsFixture f : List.of(revisionO, third)) {
            RecordingCallback write = f.write(0, 1);
            f.writeOk(0, 1000);
            f.writeOk(1, 1000);
            assertEquals(f == revisionO ? 1 : 0, write.calls(), "acked after two OKs under " + f.core.policy());
            f.writeOk(2, 1000);
            assertTrue(write.succeeded());
        }
        assertEquals(List.of("up-to-ds-write-done(1)", "gw-write-done(1)"),
                third.probes.texts().subList(third.probes.texts().size() - 2, third.probes.texts().size()));
        assertSame(WRITE_AT_THIRD_REPLY, third.core.policy());

        for (UpstairsFixture f : List.of(revisionO, third)) {
            RecordingCallback read = f.read(0, new byte[UpstairsFixture.BLOCK_SIZE_BYTES]);
            f.readOk(0, 1001, new byte[UpstairsFixture.BLOCK_SIZE_BYTES]);
            assertEquals(f == revisionO ? 1 : 0, read.calls(), "a read acked after one OK under " + f.core.policy());
            f.readOk(1, 1001, new byte[UpstairsFixture.BLOCK_SIZE_BYTES]);
            assertTrue(read.succeeded());
        }
    }

    @Test
    void shouldTakeDependenciesAndFlowControlFromThePolicy() {
        UpstairsFixture revisionO = UpstairsFixture.active();
        UpstairsFixture independent = UpstairsFixture.active(config(INDEPENDENT_ONE_AT_A_TIME));
        for (UpstairsFixture f : List.of(revisionO, independent)) {
            f.write(0, 1);
            f.write(1, 1);
        }
        assertEquals(DependencyRange.of(1000, 1000), revisionO.ds(0).request(1001, WriteRequest.class).dependencies());
        assertEquals(List.of(1000L, 1001L), revisionO.ds(0).jobIdsSent());
        assertEquals(List.of(1000L), independent.ds(0).jobIdsSent(), "one job at a time");
        assertEquals("New", independent.core.jobState(1001, 0));

        independent.writeOk(0, 1000);

        assertEquals(List.of(1000L, 1001L), independent.ds(0).jobIdsSent());
        assertEquals(DependencyRange.NONE, independent.ds(0).request(1001, WriteRequest.class).dependencies());
    }

    @Test
    void shouldFailClientsAndGuestsAsThePolicySays() {
        UpstairsFixture revisionO = UpstairsFixture.active();
        UpstairsFixture transientErrors = UpstairsFixture.active(config(ERRORS_ARE_TRANSIENT));
        for (UpstairsFixture f : List.of(revisionO, transientErrors)) {
            RecordingCallback write = f.write(0, 1);
            f.writeError(0, 1000);
            f.writeOk(1, 1000);
            f.writeOk(2, 1000);
            if (f == revisionO) {
                assertTrue(write.succeeded(), "O acks at the second OK whatever the first error");
                assertEquals(DsState.FAILED, f.core.dsState(0));
            } else {
                assertEquals("an error under the test policy", write.error());
                assertEquals(DsState.ACTIVE, f.core.dsState(0));
            }
            f.write(1, 1);
        }
        assertEquals("Skip", revisionO.core.jobState(1001, 0));
        assertEquals(List.of(1000L), revisionO.ds(0).jobIdsSent(), "a failed client is sent nothing more");
        assertEquals("Sent", transientErrors.core.jobState(1001, 0));
        assertEquals(List.of(1000L, 1001L), transientErrors.ds(0).jobIdsSent());
    }

    private static UpstairsConfig config(UpstairsPolicy policy) {
        return UpstairsConfig.revisionO(UpstairsFixture.UPSTAIRS_ID).withPolicy(policy);
    }

    /** A policy that answers as {@code base} does unless a test overrides a rule. */
    private abstract static class Delegating implements UpstairsPolicy {
        private final UpstairsPolicy base;

        Delegating(UpstairsPolicy base) {
            this.base = base;
        }

        @Override
        public DependencyRange dependenciesOf(long jobId, IoOp op, long blockOffset, int blockCount,
                long firstUnretiredJobId) {
            return base.dependenciesOf(jobId, op, blockOffset, blockCount, firstUnretiredJobId);
        }

        @Override
        public int okRepliesToAck(IoOp op) {
            return base.okRepliesToAck(op);
        }

        @Override
        public boolean maySend(int jobsInFlight, int maxInFlightPerClient) {
            return base.maySend(jobsInFlight, maxInFlightPerClient);
        }

        @Override
        public boolean errorFailsClient(IoOp op) {
            return base.errorFailsClient(op);
        }

        @Override
        public String resultOf(IoOp op, int okReplies, int errorReplies) {
            return base.resultOf(op, okReplies, errorReplies);
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
