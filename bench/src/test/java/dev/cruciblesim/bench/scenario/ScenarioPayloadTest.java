package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.workload.Payload;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.cruciblesim.bench.scenario.ScenarioFixtures.error;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.set;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code volume.payload}: stamps by default in virtual time, bytes in real time, and bytes wherever asked. */
class ScenarioPayloadTest {
    @Test
    void shouldDefaultToStampsInVirtualTimeAndBytesInRealTime() {
        assertEquals(Payload.STAMPS, yaml("clock: virtual\n").payload());
        assertEquals(Payload.BYTES, yaml("clock: real\n").payload());
        assertEquals(Payload.BYTES, yaml("seed: 1\n").payload(), "real time is the default clock");
        // The default follows the clock as finally set, whoever set it.
        assertEquals(Payload.STAMPS, yaml("clock: real\n", set("clock", "virtual")).payload());
    }

    @Test
    void shouldKeepBytesInVirtualTimeWhenAsked() {
        assertEquals(Payload.BYTES, yaml("clock: virtual\nvolume: {payload: bytes}\n").payload());
        assertEquals(Payload.BYTES, yaml("clock: virtual\n", set("volume.payload", "bytes")).payload());
        assertEquals(Payload.STAMPS, yaml("clock: virtual\nvolume: {payload: stamps}\n").payload());
    }

    @Test
    void shouldRecordThePayloadInTheScenarioDescription() {
        Map<?, ?> volume = (Map<?, ?>) yaml("clock: virtual\n").describe().get("volume");
        assertEquals("stamps", volume.get("payload"));
        volume = (Map<?, ?>) yaml("clock: real\n").describe().get("volume");
        assertEquals("bytes", volume.get("payload"));
    }

    @Test
    void shouldRefuseStampsInRealTimeAndUnknownPayloads() {
        assertEquals("scenarios/x.yaml:2: volume.payload: stamps stand for bytes in virtual time only: real time "
                + "measures this implementation moving real bytes; use payload bytes, or clock virtual",
                error("clock: real\nvolume: {payload: stamps}\n"));
        assertEquals("scenarios/x.yaml:1: volume.payload: must be stamps or bytes, got 'zeros'",
                error("volume: {payload: zeros}\nclock: virtual\n"));
    }
}
