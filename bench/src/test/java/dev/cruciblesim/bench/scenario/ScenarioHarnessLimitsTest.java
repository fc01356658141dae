package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.workload.HarnessLimits;
import org.junit.jupiter.api.Test;

import static dev.cruciblesim.bench.scenario.ScenarioFixtures.error;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness' limits (HarnessLimits and the cross-checks) hold for every scenario that binds: each limit
 * binds at its edge and is refused one step beyond, with a located message.
 */
class ScenarioHarnessLimitsTest {
    @Test
    void shouldBindTheLargestVolumeAndRefuseOneBlockMore() {
        long maxBlocks = HarnessLimits.MAX_VOLUME_BLOCKS;
        Scenario largest = yaml("volume: {block_size: 512, extent_size: " + maxBlocks / 1024 + ", extent_count: 1024}\n");
        assertEquals(maxBlocks, largest.volume().totalBlocks());
        String beyond = error("volume: {block_size: 512, extent_size: " + (maxBlocks / 1024 + 1) + ", extent_count: 1024}\n");
        assertTrue(beyond.startsWith("scenarios/x.yaml:1: volume.extent_count: "), beyond);
        assertTrue(beyond.contains("the harness tracks at most " + maxBlocks), beyond);
    }

    @Test
    void shouldBindTheLargestIoAndRefuseOneBlockMore() {
        int maxBytes = HarnessLimits.MAX_IO_BYTES;
        assertEquals(maxBytes, yaml("workload: {bs: " + maxBytes + "}\n").workload().job().blockSizes().minBytes());
        String beyond = error("workload: {bs: " + (maxBytes + 4096) + "}\n");
        assertTrue(beyond.startsWith("scenarios/x.yaml:1: workload.bs: must be at most 1 MiB"), beyond);
    }

    @Test
    void shouldBindTheMostInFlightAndRefuseOneMore() {
        int max = HarnessLimits.MAX_IN_FLIGHT_PER_CLIENT;
        assertEquals(max, yaml("upstairs: {max_in_flight: " + max + "}\n").upstairs().maxInFlightPerClient());
        assertEquals("scenarios/x.yaml:1: upstairs.max_in_flight: must be an integer from 1 to " + max + ", got '"
                + (max + 1) + "'", error("upstairs: {max_in_flight: " + (max + 1) + "}\n"));
    }

    @Test
    void shouldBindARegionOfExactlyTheLargestIoAndRefuseLess() {
        assertEquals(8192, yaml("volume: {extent_size: 2, extent_count: 1}\nworkload: {bs: 8k, iodepth: 64}\n")
                .workload().job().sizeBytes());
        String beyond = error("volume: {extent_size: 1, extent_count: 1}\nworkload: {bs: 8k}\n");
        assertTrue(beyond.startsWith("scenarios/x.yaml:2: workload.bs: the job's region of 4096 bytes cannot hold"),
                beyond);
    }

    @Test
    void shouldBindTheDeepestQueueAndRefuseOneMore() {
        int max = HarnessLimits.MAX_IN_FLIGHT_PER_CLIENT;
        assertEquals(max, yaml("workload: {iodepth: " + max + "}\n").workload().job().ioDepth());
        assertEquals("scenarios/x.yaml:1: workload.iodepth: must be an integer from 1 to " + max + ", got '"
                + (max + 1) + "'", error("workload: {iodepth: " + (max + 1) + "}\n"));
    }

    @Test
    void shouldKeepMillisecondPeriodsConvertibleToWholeMilliseconds() {
        Scenario shortest = yaml("upstairs: {flush_timeout: 1ms, status_interval: 1ms}\ndrain_timeout: 1ms\n"
                + "output: {hlog_interval: 1ms}\n");
        assertEquals(1_000_000, shortest.upstairs().flushTimeoutNs());
        assertEquals(1_000_000, shortest.drainTimeoutNs());
        assertEquals("scenarios/x.yaml:1: drain_timeout: must be a duration of at least 1ms, got '999us'",
                error("drain_timeout: 999us\n"));
    }
}
