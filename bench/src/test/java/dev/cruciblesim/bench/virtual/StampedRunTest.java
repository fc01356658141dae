package dev.cruciblesim.bench.virtual;

import dev.cruciblesim.bench.bundle.ReportJson;
import dev.cruciblesim.bench.bundle.ScenarioHash;
import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.harness.VolumeAssembly;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.scenario.ScenarioOverride;
import dev.cruciblesim.bench.workload.Payload;
import dev.cruciblesim.downstairs.region.ExtentStore;
import dev.cruciblesim.downstairs.region.SparseStampExtentStore;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.tracing.report.DTraceReport;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs whose writes carry stamps instead of bytes: they repeat byte for byte, take exactly the simulated time the
 * same run with bytes takes, and a downstairs that returns a stale stamp fails the run as stale bytes would.
 */
class StampedRunTest {
    /** Random models on every path, per-byte service times, IO from 4 KiB to 1 MiB, reads and writes overlapping. */
    private static final String RANDOM_MODELS = String.join("\n",
            "clock: virtual",
            "seed: 5",
            "volume: {block_size: 4096, extent_size: 512, extent_count: 8}",
            "upstairs: {processing: {kind: exponential, mean: 2us}}",
            "downstairs:",
            "  all:",
            "    link: {to_downstairs: {kind: lognormal, median: 25us, sigma: 0.4}, to_upstairs: 20us}",
            "    service:",
            "      read: {fixed: {kind: exponential, mean: 30us}, per_byte_ns: 0.25}",
            "      write: {fixed: {kind: uniform, min: 20us, max: 80us}, per_byte_ns: 0.5}",
            "      flush: {fixed: 200us}",
            "workload: {rw: randrw, bssplit: 4k/70:64k/20:1m/10, iodepth: 8, fsync: 8, runtime: 40ms}",
            "");

    /** Eight blocks at queue depth 1: every block is written and read again many times. */
    private static final String SMALL_VOLUME = String.join("\n",
            "clock: virtual",
            "volume: {block_size: 4096, extent_size: 8, extent_count: 1}",
            "downstairs:",
            "  all:",
            "    link: {to_downstairs: 10us, to_upstairs: 10us}",
            "    service: {read: {fixed: 20us}, write: {fixed: 30us}, flush: {fixed: 50us}}",
            "workload: {rw: randrw, bs: 4k, iodepth: 1, number_ios: 400, runtime: 0}",
            "");

    private static Scenario scenario(String yaml, ScenarioOverride... overrides) {
        return ScenarioLoader.loadText(yaml, "stamps.yaml", Path.of("."), List.of(overrides));
    }

    private static RunOutcome run(Scenario scenario, VolumeAssembly.Stores stores) {
        return new VirtualHarness(scenario, intervals -> { }, null, stores)
                .execute(new PrintWriter(new StringWriter()));
    }

    private static String stdout(RunOutcome outcome) {
        StringBuilder text = new StringBuilder();
        for (DTraceReport report : outcome.reports()) {
            text.append(report.stdout());
        }
        return text.toString();
    }

    @Test
    void twoRunsWithStampsAreByteIdenticalAndTakeTheTimeTheRunWithBytesTakes() {
        Scenario stamps = scenario(RANDOM_MODELS);
        Scenario bytes = scenario(RANDOM_MODELS, new ScenarioOverride("volume.payload", "bytes", "--set"));
        assertEquals(Payload.STAMPS, stamps.payload());
        RunOutcome first = run(stamps, VolumeAssembly.Stores.IN_MEMORY);
        RunOutcome second = run(scenario(RANDOM_MODELS), VolumeAssembly.Stores.IN_MEMORY);
        assertTrue(first.succeeded(), () -> first.failures().toString());
        assertTrue(first.workload().verifiedReads() > 100, "reads were checked: " + first.workload().verifiedReads());
        assertEquals(first.workload().reads(), first.workload().verifiedReads());

        String firstJson = ReportJson.render(stamps, first);
        assertEquals(firstJson, ReportJson.render(stamps, second));
        assertEquals(stdout(first), stdout(second));

        RunOutcome withBytes = run(bytes, VolumeAssembly.Stores.IN_MEMORY);
        assertTrue(withBytes.succeeded(), () -> withBytes.failures().toString());
        // Stamps change no timing: every report and every number is the same, bar the payload the scenario names.
        assertEquals(stdout(first), stdout(withBytes));
        String bytesJson = ReportJson.render(bytes, withBytes);
        assertNotEquals(firstJson, bytesJson);
        // The payload is part of the scenario, so its hash differs too.
        assertNotEquals(ScenarioHash.of(stamps), ScenarioHash.of(bytes));
        assertEquals(firstJson, bytesJson.replace("\"payload\" : \"bytes\"", "\"payload\" : \"stamps\"")
                .replace(ScenarioHash.of(bytes), ScenarioHash.of(stamps)));
    }

    @Test
    void aStaleStampFromOneDownstairsFailsTheRun() {
        // Client 1 keeps block 3's first write forever: its later reads of block 3 are stale.
        RunOutcome outcome = run(scenario(SMALL_VOLUME), staleAt(3, client -> client == 1));

        assertFalse(outcome.succeeded());
        String failures = String.join("\n", outcome.failures());
        assertTrue(failures.contains("read mismatch: job ") && failures.contains(" block 3: client 0 returned block "
                + "stamp 3, write token ") && failures.contains(" but client 1 returned block stamp 3, write token "),
                failures);
    }

    @Test
    void aStaleStampAllThreeDownstairsAgreeOnIsCaughtByTheReadCheck() {
        RunOutcome outcome = run(scenario(SMALL_VOLUME), staleAt(3, client -> true));

        assertFalse(outcome.succeeded());
        String failures = String.join("\n", outcome.failures());
        assertTrue(failures.contains("job workload: read verification failed at block 3: expected block stamp 3, "
                + "write token ") && failures.contains(", got block stamp 3, write token "), failures);
        assertEquals(outcome.workload().reads() - 1, outcome.workload().verifiedReads(),
                "every read but the stale one verified");
    }

    /** @return stores of stamps where each client {@code faulty} names ignores all writes to {@code block} but one */
    private static VolumeAssembly.Stores staleAt(long block, IntPredicate faulty) {
        return (clientId, region, payload) -> faulty.test(clientId) ? new StaleBlockStore(region, block)
                : VolumeAssembly.Stores.IN_MEMORY.store(clientId, region, payload);
    }

    /** A test-only faulty downstairs store: after its first write, one block keeps that write's token. */
    private static final class StaleBlockStore implements ExtentStore {
        private final SparseStampExtentStore store;
        private final long staleBlock;
        private final long extentSizeBlocks;
        private boolean written;

        StaleBlockStore(RegionDefinition region, long staleBlock) {
            this.store = new SparseStampExtentStore(region, new UUID(0, 1));
            this.staleBlock = staleBlock;
            this.extentSizeBlocks = region.extentSizeBlocks();
        }

        @Override
        public UUID regionUuid() {
            return store.regionUuid();
        }

        @Override
        public void writeTokens(int extent, int firstBlock, int blockCount, long token) {
            long first = extent * extentSizeBlocks + firstBlock;
            if (!written || staleBlock < first || staleBlock >= first + blockCount) {
                written |= staleBlock >= first && staleBlock < first + blockCount;
                store.writeTokens(extent, firstBlock, blockCount, token);
                return;
            }
            int before = (int) (staleBlock - first);
            if (before > 0) {
                store.writeTokens(extent, firstBlock, before, token);
            }
            if (before + 1 < blockCount) {
                store.writeTokens(extent, firstBlock + before + 1, blockCount - before - 1, token);
            }
        }

        @Override
        public void readTokens(int extent, int firstBlock, int blockCount, long[] dst, int dstOffset) {
            store.readTokens(extent, firstBlock, blockCount, dst, dstOffset);
        }

        @Override
        public boolean holdsStamps() {
            return true;
        }

        @Override
        public RegionDefinition definition() {
            return store.definition();
        }

        @Override
        public void read(int extent, int firstBlock, int blockCount, byte[] dst, int dstOffsetBytes) {
            store.read(extent, firstBlock, blockCount, dst, dstOffsetBytes);
        }

        @Override
        public void write(int extent, int firstBlock, int blockCount, byte[] src, int srcOffsetBytes) {
            store.write(extent, firstBlock, blockCount, src, srcOffsetBytes);
        }

        @Override
        public void flush(int extent, long flushNumber, long generation) {
            store.flush(extent, flushNumber, generation);
        }

        @Override
        public void flushDirty(long flushNumber, long generation) {
            store.flushDirty(flushNumber, generation);
        }

        @Override
        public long flushNumber(int extent) {
            return store.flushNumber(extent);
        }

        @Override
        public long generation(int extent) {
            return store.generation(extent);
        }

        @Override
        public boolean isDirty(int extent) {
            return store.isDirty(extent);
        }

        @Override
        public long allocatedBytes() {
            return store.allocatedBytes();
        }
    }
}
