package dev.cruciblesim.tracing.probe;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.time.ManualClock;
import dev.cruciblesim.sim.time.NanoClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeRegistryTest {
    private final ManualClock clock = new ManualClock(100);
    private final ProbeRegistry registry = new ProbeRegistry();

    private void createUpstairsProbes(long instanceId) {
        registry.create(CrucibleProbes.UP_STATUS, instanceId, clock);
        for (IoOp op : IoOp.values()) {
            registry.create(CrucibleProbes.gwStart(op), instanceId, clock);
            registry.create(CrucibleProbes.gwDone(op), instanceId, clock);
            registry.create(CrucibleProbes.dsIoStart(op), instanceId, clock);
            registry.create(CrucibleProbes.dsIoDone(op), instanceId, clock);
        }
    }

    @Test
    void shouldCountMatchesOfDTraceStyleDescriptions() {
        createUpstairsProbes(1);
        assertEquals(3, registry.count("crucible_upstairs*:::gw-*-start"));
        assertEquals(6, registry.count("crucible_upstairs*:::ds-*-io-*"));
        assertEquals(1, registry.count("crucible_upstairs1:::up-status"));
        assertEquals(0, registry.count("crucible_upstairs2:::up-status"));
        assertEquals(2, registry.count("gw-[rw]*-done"));
        assertEquals(1, registry.count("submit_read:gw-read-start"));
        assertEquals(1, registry.count("crucible-sim:submit_read:gw-read-?tart"));
        assertEquals(13, registry.count("crucible_upstairs*:::"));
        assertEquals(0, registry.count("crucible_downstairs*:::"));
        assertEquals(1, registry.count("up\\-status"));
        assertEquals(2, registry.count("gw-[!f]*-start"));
    }

    @Test
    void shouldRejectMalformedDescriptions() {
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> registry.enable("a:b:c:d:e", (p, t, a0, a1, s0, s1) -> { }));
        assertTrue(tooMany.getMessage().contains("'a:b:c:d:e'"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.count("gw-[abc"));
        assertThrows(IllegalArgumentException.class, () -> registry.count(" "));
    }

    @Test
    void shouldDeliverFiringsWithTheComponentClockAndArguments() {
        Probe probe = registry.create(CrucibleProbes.dsIoStart(IoOp.WRITE), 7, clock);
        List<String> seen = new ArrayList<>();
        assertEquals(1, registry.enable("crucible_upstairs7:::ds-write-io-start",
                (p, t, a0, a1, s0, s1) -> seen.add(p.fullName() + " t=" + t + " " + a0 + "," + a1)));
        clock.advance(5);
        probe.fire(1000, 2);
        assertEquals(List.of("crucible_upstairs7:crucible-sim:io_send:ds-write-io-start t=105 1000,2"), seen);
    }

    @Test
    void shouldEnableProbesCreatedAfterTheEnabling() {
        List<Long> seen = new ArrayList<>();
        assertEquals(0, registry.enable("crucible_upstairs*:::gw-read-start", (p, t, a0, a1, s0, s1) -> seen.add(a0)));
        Probe later = registry.create(CrucibleProbes.gwStart(IoOp.READ), 1, clock);
        assertTrue(later.isEnabled());
        later.fire(42);
        assertEquals(List.of(42L), seen);
    }

    @Test
    void shouldFanOutToEveryConsumerInEnablingOrder() {
        Probe probe = registry.create(CrucibleProbes.gwDone(IoOp.FLUSH), 1, clock);
        List<String> seen = new ArrayList<>();
        registry.enable("gw-flush-done", (p, t, a0, a1, s0, s1) -> seen.add("first " + a0));
        registry.enable("crucible_upstairs*:::gw-*", (p, t, a0, a1, s0, s1) -> seen.add("second " + a0));
        registry.enable("gw-read-done", (p, t, a0, a1, s0, s1) -> seen.add("never"));
        probe.fire(3);
        assertEquals(List.of("first 3", "second 3"), seen);
    }

    @Test
    void shouldNotReadTheClockWhenDisabled() {
        AtomicInteger clockReads = new AtomicInteger();
        NanoClock counting = () -> {
            clockReads.incrementAndGet();
            return 1;
        };
        Probe probe = registry.create(CrucibleProbes.gwStart(IoOp.WRITE), 1, counting);
        assertFalse(probe.isEnabled());
        probe.fire(1);
        probe.fire(1, 2);
        probe.fire("a", "b");
        assertEquals(0, clockReads.get());
        registry.enable("gw-write-start", (p, t, a0, a1, s0, s1) -> { });
        probe.fire(1);
        assertEquals(1, clockReads.get());
        registry.disableAll();
        probe.fire(1);
        assertEquals(1, clockReads.get());
    }

    @Test
    void shouldRefuseTheSameProbeTwiceForOneInstance() {
        registry.create(CrucibleProbes.UP_STATUS, 1, clock);
        registry.create(CrucibleProbes.UP_STATUS, 2, clock);
        assertThrows(IllegalStateException.class, () -> registry.create(CrucibleProbes.UP_STATUS, 1, clock));
    }

    @Test
    void shouldCatalogueEveryRevisionOProbeOnce() {
        assertEquals(1 + 6 * 3 + 4 * 3, CrucibleProbes.all().size());
        assertEquals(CrucibleProbes.all().size(), CrucibleProbes.all().stream()
                .map(d -> d.provider() + ":" + d.name()).distinct().count());
    }
}
