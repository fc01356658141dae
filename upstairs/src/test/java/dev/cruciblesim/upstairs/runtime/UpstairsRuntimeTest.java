package dev.cruciblesim.upstairs.runtime;

import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.ExtentVersionsPlease;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import dev.cruciblesim.sim.time.SystemNanoClock;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime around the core: the Disruptor inbox, the guest API, failures and close. Waits are bounded, never slept. */
class UpstairsRuntimeTest {
    private static final RegionDefinition REGION = new RegionDefinition(512, 16, 4);
    private static final long TIMEOUT_S = 10;

    private final UpstairsRuntime runtime = new UpstairsRuntime(UpstairsConfig.revisionO(1), SystemNanoClock.INSTANCE,
            new ProbeRegistry());
    private final List<FakeDownstairs> downstairs = new ArrayList<>();

    /** Answers every message at once, on the upstairs core thread, from a block map of its own. */
    private final class FakeDownstairs implements MessageSink<Message.ToDownstairs> {
        private final MessageSink<Message.ToUpstairs> replies;
        private final UUID regionUuid;
        private final Map<Long, byte[]> blocks = new HashMap<>();
        /** Sends since the last endOfBatch; read once the core thread has stopped. */
        int sendsNotEnded;
        int batchesEnded;
        volatile boolean explodeOnWrite;

        FakeDownstairs(int clientId) {
            this.replies = runtime.replySink(clientId);
            this.regionUuid = new UUID(0, clientId + 1);
        }

        @Override
        public void endOfBatch() {
            sendsNotEnded = 0;
            batchesEnded++;
        }

        @Override
        public void send(Message.ToDownstairs message) {
            sendsNotEnded++;
            if (message instanceof HereIAm) {
                replies.send(new YesItsMe(1));
            } else if (message instanceof PromoteToActive promote) {
                replies.send(new YouAreNowActive(promote.upstairsId()));
            } else if (message instanceof RegionInfoPlease) {
                replies.send(new RegionInfo(REGION, regionUuid));
            } else if (message instanceof ExtentVersionsPlease) {
                int n = REGION.extentCount();
                replies.send(new ExtentVersions(new long[n], new long[n], new boolean[n]));
            } else if (message instanceof WriteRequest write) {
                if (explodeOnWrite) {
                    throw new IllegalStateException("injected fault");
                }
                int size = REGION.blockSizeBytes();
                for (int i = 0; i < write.data().length / size; i++) {
                    blocks.put(write.blockOffset() + i, Arrays.copyOfRange(write.data(), i * size, (i + 1) * size));
                }
                replies.send(new WriteAck(write.jobId(), null));
            } else if (message instanceof ReadRequest read) {
                int size = REGION.blockSizeBytes();
                byte[] data = new byte[read.blockCount() * size];
                for (int i = 0; i < read.blockCount(); i++) {
                    byte[] block = blocks.get(read.blockOffset() + i);
                    if (block != null) {
                        System.arraycopy(block, 0, data, i * size, size);
                    }
                }
                replies.send(new ReadResponse(read.jobId(), data, null));
            } else if (message instanceof FlushRequest flush) {
                replies.send(new FlushAck(flush.jobId(), null));
            }
        }
    }

    private Guest activeGuest() throws Exception {
        for (int c = 0; c < 3; c++) {
            downstairs.add(new FakeDownstairs(c));
        }
        runtime.start(downstairs);
        assertEquals(REGION, runtime.activate().get(TIMEOUT_S, TimeUnit.SECONDS));
        return runtime.guest();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void shouldActivateAndReadBackWhatWasWritten() throws Exception {
        Guest guest = activeGuest();
        byte[] data = new byte[2 * REGION.blockSizeBytes()];
        Arrays.fill(data, (byte) 7);
        data[600] = 9;
        guest.write(3, data).get(TIMEOUT_S, TimeUnit.SECONDS);
        guest.flush().get(TIMEOUT_S, TimeUnit.SECONDS);
        byte[] buffer = new byte[data.length];
        guest.read(3, buffer).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertArrayEquals(data, buffer);
        assertEquals(REGION, guest.region());
    }

    @Test
    void shouldEndEveryBatchOfSendsOnEveryClient() throws Exception {
        Guest guest = activeGuest();
        guest.write(3, new byte[REGION.blockSizeBytes()]).get(TIMEOUT_S, TimeUnit.SECONDS);
        runtime.close(); // drains the core: what it did to the fakes is visible here from now on
        for (FakeDownstairs ds : downstairs) {
            assertEquals(0, ds.sendsNotEnded, "a send was left in a batch never ended");
            assertTrue(ds.batchesEnded >= 2, "negotiation and the write are batches of their own: "
                    + ds.batchesEnded);
        }
    }

    @Test
    void shouldRejectBadIoOnTheCallersThreadBeforeItReachesTheCore() throws Exception {
        Guest guest = activeGuest();
        CompletableFuture<Void> outside = guest.write(REGION.totalBlocks(), new byte[REGION.blockSizeBytes()]);
        assertTrue(outside.isCompletedExceptionally(), "failed at once, without a trip through the core");
        ExecutionException e = assertThrows(ExecutionException.class, outside::get);
        assertTrue(e.getCause() instanceof GuestIoException);
        assertTrue(e.getCause().getMessage().contains("outside the volume of 64 blocks"), e.getCause().getMessage());
        assertTrue(guest.read(0, new byte[100]).isCompletedExceptionally());
        assertTrue(guest.read(0, new byte[0]).isCompletedExceptionally());
    }

    @Test
    void shouldRejectIoBeforeActivation() {
        Guest guest = runtime.guest();
        CompletableFuture<Void> early = guest.read(0, new byte[REGION.blockSizeBytes()]);
        assertTrue(early.isCompletedExceptionally());
        ExecutionException e = assertThrows(ExecutionException.class, early::get);
        assertTrue(e.getCause().getMessage().contains("not active"), e.getCause().getMessage());
    }

    @Test
    void shouldFailTheIoThatBrokeTheCoreAndEveryLaterOne() throws Exception {
        Guest guest = activeGuest();
        downstairs.get(1).explodeOnWrite = true;
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<String> firstError = new CompletableFuture<>();
        guest.write(0, new byte[REGION.blockSizeBytes()], error -> {
            calls.incrementAndGet();
            firstError.complete(error);
        });
        assertTrue(firstError.get(TIMEOUT_S, TimeUnit.SECONDS).contains("injected fault"));
        runtime.onCoreThread(core -> { }).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(1, calls.get(), "the broken IO's callback runs exactly once");
        ExecutionException broken = assertThrows(ExecutionException.class,
                () -> guest.write(1, new byte[REGION.blockSizeBytes()]).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertTrue(broken.getCause().getMessage().contains("upstairs core failed on WRITE"),
                broken.getCause().getMessage());
        assertTrue(runtime.failure().contains("injected fault"), runtime.failure());

        ExecutionException later = assertThrows(ExecutionException.class,
                () -> guest.read(0, new byte[REGION.blockSizeBytes()]).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertTrue(later.getCause().getMessage().contains("rejected"), later.getCause().getMessage());
    }

    @Test
    void shouldRefuseIoAfterClose() throws Exception {
        Guest guest = activeGuest();
        runtime.close();
        CompletableFuture<Void> afterClose = guest.flush();
        assertTrue(afterClose.isCompletedExceptionally());
        ExecutionException e = assertThrows(ExecutionException.class, afterClose::get);
        assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
        assertTrue(guest.write(0, new byte[REGION.blockSizeBytes()]).isCompletedExceptionally());
    }

    @Test
    void shouldRunCallsOnTheCoreThreadBetweenEvents() throws Exception {
        activeGuest();
        String[] status = new String[1];
        runtime.onCoreThread(core -> status[0] = core.statusJson()).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals("{\"ok\":{\"up_count\":0,\"ds_count\":0,\"ds_state\":[\"Active\",\"Active\",\"Active\"]}}",
                status[0]);
    }
}
