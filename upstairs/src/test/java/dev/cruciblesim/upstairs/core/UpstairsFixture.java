package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import dev.cruciblesim.sim.time.ManualClock;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * An {@link UpstairsCore} wired to three {@link FakeDownstairs}, a {@link ManualClock} and a
 * {@link ProbeRecorder} enabled on every {@code crucible_upstairs} probe. No threads: a test
 * drives the core by calling its {@code apply} with inputs and answering for the downstairs.
 */
final class UpstairsFixture {
    static final long UPSTAIRS_ID = 42;
    static final int BLOCK_SIZE_BYTES = 4096;
    /** 15 extents of 100 blocks: 1500 blocks. */
    static final RegionDefinition REGION = new RegionDefinition(BLOCK_SIZE_BYTES, 100, 15);
    /** The region UUID each fake downstairs reports: client c's is {@code (0, c + 1)}. */
    static UUID regionUuid(int clientId) {
        return new UUID(0, clientId + 1);
    }

    /** {@code up-status} plus six probes for each of read, write and flush. */
    static final int UPSTAIRS_PROBE_COUNT = 1 + 6 * 3;

    final ManualClock clock = new ManualClock(1_000);
    final ProbeRegistry registry = new ProbeRegistry();
    final ProbeRecorder probes = new ProbeRecorder();
    final RecordingListener listener = new RecordingListener();
    final List<FakeDownstairs> downstairs = List.of(new FakeDownstairs(), new FakeDownstairs(), new FakeDownstairs());
    final UpstairsCore core;
    final int probesMatched;

    UpstairsFixture() {
        this(UpstairsConfig.revisionO(UPSTAIRS_ID));
    }

    UpstairsFixture(UpstairsConfig config) {
        core = new UpstairsCore(config, clock, registry, downstairs, listener);
        probesMatched = registry.enable("crucible_upstairs*:::", probes);
    }

    /** @return a fixture whose core is already active, with the negotiation traffic and probes forgotten */
    static UpstairsFixture active() {
        return active(UpstairsConfig.revisionO(UPSTAIRS_ID));
    }

    static UpstairsFixture active(UpstairsConfig config) {
        UpstairsFixture fixture = new UpstairsFixture(config);
        fixture.activate(zeroExtentVersions());
        return fixture;
    }

    FakeDownstairs ds(int clientId) {
        return downstairs.get(clientId);
    }

    /** Drives negotiation to Active, every client answering {@code versions}, then forgets what was recorded. */
    void activate(ExtentVersions versions) {
        core.apply(UpstairsInput.CONNECT);
        for (int c = 0; c < UpstairsCore.CLIENT_COUNT; c++) {
            core.apply(UpstairsInput.reply(c, new YesItsMe(1)));
        }
        core.apply(UpstairsInput.ACTIVATE);
        for (int c = 0; c < UpstairsCore.CLIENT_COUNT; c++) {
            core.apply(UpstairsInput.reply(c, new YouAreNowActive(UPSTAIRS_ID)));
            core.apply(UpstairsInput.reply(c, new RegionInfo(REGION, regionUuid(c))));
            core.apply(UpstairsInput.reply(c, versions));
        }
        if (!core.isActive()) {
            throw new AssertionError("negotiation did not make the upstairs active: " + core.fatalError());
        }
        forgetRecorded();
    }

    void forgetRecorded() {
        probes.clear();
        for (FakeDownstairs fake : downstairs) {
            fake.clear();
        }
    }

    static ExtentVersions zeroExtentVersions() {
        int extents = REGION.extentCount();
        return new ExtentVersions(new long[extents], new long[extents], new boolean[extents]);
    }

    // ------------------------------------------------------------------ guest IO

    RecordingCallback write(long blockOffset, int blocks) {
        RecordingCallback callback = new RecordingCallback();
        core.apply(UpstairsInput.write(blockOffset, new byte[blocks * BLOCK_SIZE_BYTES], callback));
        return callback;
    }

    RecordingCallback read(long blockOffset, byte[] buffer) {
        RecordingCallback callback = new RecordingCallback();
        core.apply(UpstairsInput.read(blockOffset, buffer, callback));
        return callback;
    }

    RecordingCallback flush() {
        RecordingCallback callback = new RecordingCallback();
        core.apply(UpstairsInput.flush(callback));
        return callback;
    }

    // ------------------------------------------------------------------ downstairs replies

    void writeOk(int clientId, long jobId) {
        core.apply(UpstairsInput.reply(clientId, new WriteAck(jobId, null)));
    }

    void writeError(int clientId, long jobId) {
        core.apply(UpstairsInput.reply(clientId, new WriteAck(jobId, "injected write error")));
    }

    void flushOk(int clientId, long jobId) {
        core.apply(UpstairsInput.reply(clientId, new FlushAck(jobId, null)));
    }

    void flushError(int clientId, long jobId) {
        core.apply(UpstairsInput.reply(clientId, new FlushAck(jobId, "injected flush error")));
    }

    void readOk(int clientId, long jobId, byte[] data) {
        core.apply(UpstairsInput.reply(clientId, new ReadResponse(jobId, data, null)));
    }

    void readError(int clientId, long jobId) {
        core.apply(UpstairsInput.reply(clientId, new ReadResponse(jobId, null, "injected read error")));
    }

    /** Every client answers write {@code jobId} with OK, client 0 first. */
    void writeOkEverywhere(long jobId) {
        for (int c = 0; c < UpstairsCore.CLIENT_COUNT; c++) {
            writeOk(c, jobId);
        }
    }

    void flushOkEverywhere(long jobId) {
        for (int c = 0; c < UpstairsCore.CLIENT_COUNT; c++) {
            flushOk(c, jobId);
        }
    }

    /** @return {@code blocks} blocks whose every byte is {@code value} */
    static byte[] filled(int blocks, int value) {
        byte[] data = new byte[blocks * BLOCK_SIZE_BYTES];
        Arrays.fill(data, (byte) value);
        return data;
    }
}
