package dev.cruciblesim.upstairs.core;

import org.junit.jupiter.api.Test;

import static dev.cruciblesim.upstairs.core.UpstairsFixture.BLOCK_SIZE_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guest reads and writes the core refuses before they become jobs: the guest gets a reason, no
 * probe fires, no job id is used and nothing is sent. The region has 1500 blocks of 4096 bytes.
 */
class UpstairsCoreGuestValidationTest {
    private final UpstairsFixture f = UpstairsFixture.active();

    @Test
    void shouldRejectAWriteThatIsNotAWholeNumberOfBlocks() {
        RecordingCallback callback = new RecordingCallback();
        f.core.apply(UpstairsInput.write(0, new byte[BLOCK_SIZE_BYTES + 512], callback));

        assertRejected(callback, "4608 bytes", "4096-byte block size");
    }

    @Test
    void shouldRejectAnUnalignedRead() {
        RecordingCallback callback = f.read(0, new byte[100]);

        assertRejected(callback, "read", "100 bytes");
    }

    @Test
    void shouldRejectAnEmptyWrite() {
        RecordingCallback callback = new RecordingCallback();
        f.core.apply(UpstairsInput.write(3, new byte[0], callback));

        assertRejected(callback, "write at block 3", "empty");
    }

    @Test
    void shouldRejectAnEmptyRead() {
        RecordingCallback callback = f.read(3, new byte[0]);

        assertRejected(callback, "read at block 3", "empty");
    }

    @Test
    void shouldRejectAnOffsetBeyondTheEnd() {
        RecordingCallback callback = f.write(1500, 1);

        assertRejected(callback, "at block 1500", "outside the volume of 1500 blocks");
    }

    @Test
    void shouldRejectAReadThatRunsPastTheEnd() {
        RecordingCallback callback = f.read(1499, new byte[2 * BLOCK_SIZE_BYTES]);

        assertRejected(callback, "2 block(s) at block 1499", "outside the volume");
    }

    @Test
    void shouldRejectANegativeOffset() {
        RecordingCallback callback = f.write(-1, 1);

        assertRejected(callback, "at block -1", "outside the volume");
    }

    @Test
    void shouldAcceptTheLastBlock() {
        RecordingCallback callback = f.write(1499, 1);

        assertEquals(0, callback.calls());
        assertEquals(1001, f.core.nextJobId());
        assertEquals(1, f.ds(0).ioRequests().size());
    }

    @Test
    void shouldRejectIoBeforeActivation() {
        UpstairsFixture inactive = new UpstairsFixture();
        inactive.core.apply(UpstairsInput.CONNECT);
        inactive.forgetRecorded();
        RecordingCallback write = new RecordingCallback();
        RecordingCallback read = new RecordingCallback();
        RecordingCallback flush = new RecordingCallback();

        inactive.core.apply(UpstairsInput.write(0, new byte[BLOCK_SIZE_BYTES], write));
        inactive.core.apply(UpstairsInput.read(0, new byte[BLOCK_SIZE_BYTES], read));
        inactive.core.apply(UpstairsInput.flush(flush));

        assertTrue(write.error().contains("write rejected") && write.error().contains("not active"), write.error());
        assertTrue(read.error().contains("read rejected") && read.error().contains("not active"), read.error());
        assertTrue(flush.error().contains("flush rejected") && flush.error().contains("not active"), flush.error());
        assertTrue(inactive.probes.firings().isEmpty());
        assertEquals(1000, inactive.core.nextJobId());
        assertEquals(0, inactive.core.guestIosOutstanding());
        for (int c = 0; c < 3; c++) {
            assertTrue(inactive.ds(c).sent().isEmpty());
        }
    }

    @Test
    void shouldNotSpendAGuestIdOnARejectedIo() {
        f.write(0, 0);
        f.write(0, 1);

        assertEquals(1, f.probes.named("gw-write-start").get(0).arg0());
    }

    private void assertRejected(RecordingCallback callback, String... expectedParts) {
        String error = callback.error();
        assertTrue(error != null && error.contains("rejected"), error);
        for (String part : expectedParts) {
            assertTrue(error.contains(part), "'" + error + "' should mention '" + part + "'");
        }
        assertTrue(f.probes.firings().isEmpty(), f.probes.texts().toString());
        assertEquals(1000, f.core.nextJobId());
        assertEquals(0, f.core.jobsOutstanding());
        assertEquals(0, f.core.guestIosOutstanding());
        for (int c = 0; c < 3; c++) {
            assertTrue(f.ds(c).sent().isEmpty());
        }
        assertNull(f.core.fatalError(), "a bad request is the guest's problem, not fatal");
    }
}
