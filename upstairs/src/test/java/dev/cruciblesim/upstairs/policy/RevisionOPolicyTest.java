package dev.cruciblesim.upstairs.policy;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.IoOp;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Revision O's rules as the spec states them (§3.1 dependencies, §4.1 quorums, §4.3 flow control, §4.4 errors). */
class RevisionOPolicyTest {
    private final UpstairsPolicy o = RevisionOPolicy.INSTANCE;

    @Test
    void shouldMakeEveryJobDependOnEveryUnretiredEarlierJob() {
        assertEquals(DependencyRange.of(1000, 1041), o.dependenciesOf(1042, IoOp.WRITE, 7, 1, 1000));
        assertEquals(DependencyRange.of(1040, 1041), o.dependenciesOf(1042, IoOp.READ, 0, 8, 1040));
        assertEquals(DependencyRange.NONE, o.dependenciesOf(1000, IoOp.FLUSH, 0, 0, 1000));
    }

    @Test
    void shouldGiveTheSameRangeByItsEndsAsWhole() {
        long[][] cases = {{1042, 1000}, {1042, 1040}, {1000, 1000}, {1001, 1001}};
        for (long[] c : cases) {
            DependencyRange whole = o.dependenciesOf(c[0], IoOp.WRITE, 3, 1, c[1]);
            long first = o.firstDependencyOf(c[0], IoOp.WRITE, 3, 1, c[1]);
            long last = o.lastDependencyOf(c[0], IoOp.WRITE, 3, 1, c[1]);
            assertEquals(whole, DependencyRange.of(first, last), "job " + c[0] + ", first unretired " + c[1]);
        }
    }

    @Test
    void shouldAckAReadAtTheFirstOkAndWritesAndFlushesAtTheSecond() {
        assertEquals(1, o.okRepliesToAck(IoOp.READ));
        assertEquals(2, o.okRepliesToAck(IoOp.WRITE));
        assertEquals(2, o.okRepliesToAck(IoOp.FLUSH));
    }

    @Test
    void shouldSendWhileBelowTheLimit() {
        assertTrue(o.maySend(99, 100));
        assertFalse(o.maySend(100, 100));
    }

    @Test
    void shouldFailAClientOnAWriteOrFlushErrorOnly() {
        assertFalse(o.errorFailsClient(IoOp.READ));
        assertTrue(o.errorFailsClient(IoOp.WRITE));
        assertTrue(o.errorFailsClient(IoOp.FLUSH));
    }

    @Test
    void shouldFailAReadWithNoDataAndAWriteOrFlushWithTwoErrors() {
        assertNull(o.resultOf(IoOp.READ, 1, 2));
        assertEquals("3 out of 3 downstairs returned an error", o.resultOf(IoOp.READ, 0, 3));
        assertEquals("2 out of 3 downstairs returned an error", o.resultOf(IoOp.READ, 0, 2), "one skipped, no data");
        assertNull(o.resultOf(IoOp.WRITE, 2, 1));
        assertEquals("2 out of 3 downstairs returned an error", o.resultOf(IoOp.FLUSH, 1, 2));
    }

    @Test
    void shouldBeFoundByItsName() {
        assertSame(o, UpstairsPolicies.named("o"));
        assertNull(UpstairsPolicies.named("h"));
        assertEquals(List.of("o"), UpstairsPolicies.names());
        assertSame(o, UpstairsPolicies.DEFAULT);
    }
}
