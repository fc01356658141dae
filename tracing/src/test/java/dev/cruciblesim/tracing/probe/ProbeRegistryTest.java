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
    void shouldNumberProbesInCreationOrderAfterDTracesBeginEndAndError() {
        Probe first = registry.create(CrucibleProbes.gwStart(IoOp.READ), 1, clock);
        Probe second = registry.create(CrucibleProbes.gwStart(IoOp.READ), 2, clock);

        assertEquals(4, first.id());
        assertEquals(5, second.id());
        assertEquals(ProbeRegistry.ERROR_PROBE_ID + 1, ProbeRegistry.FIRST_PROBE_ID);
    }

    @Test
    void shouldGiveProbesCreatedAfterAReservationTheIdsAfterIt() {
        Probe first = registry.create(CrucibleProbes.gwStart(IoOp.READ), 1, clock);
        long reserved = registry.reserveIds(2);
        Probe later = registry.create(CrucibleProbes.gwStart(IoOp.READ), 2, clock);

        assertEquals(first.id() + 1, reserved);
        assertEquals(reserved + 2, later.id());
        assertEquals(2, registry.size());
        assertThrows(IllegalArgumentException.class, () -> registry.reserveIds(-1));
    }

    @Test
    void shouldMatchRawFieldsLikeAProbe() {
        ProbeDescription begin = ProbeDescription.parse("dtrace:::BEGIN");

        assertTrue(begin.matches(ProbeRegistry.DTRACE_PROVIDER, "", "", "BEGIN"));
        assertFalse(begin.matches(ProbeRegistry.DTRACE_PROVIDER, "", "", "END"));
        assertTrue(ProbeDescription.parse("BEGIN").matches("dtrace", "", "", "BEGIN"));
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

    /** Records a three-argument firing whole: a lambda would only see the first two arguments. */
    private static final class ThreeArgumentRecorder implements ProbeConsumer {
        private final String name;
        private final List<String> seen;

        ThreeArgumentRecorder(String name, List<String> seen) {
            this.name = name;
            this.seen = seen;
        }

        @Override
        public void onFire(Probe p, long t, long a0, long a1, String s0, String s1) {
            seen.add(name + " without a third argument");
        }

        @Override
        public void onFire(Probe p, long t, long a0, long a1, String s0, String s1, String s2) {
            seen.add(name + " t=" + t + " " + a0 + "," + a1 + "," + s2);
        }
    }

    @Test
    void shouldFanOutAThreeArgumentFiringWhole() {
        Probe probe = registry.create(FaultProbes.faultStart(), 1, clock);
        List<String> seen = new ArrayList<>();
        registry.enable("crucible_sim_fault*:::fault-start", new ThreeArgumentRecorder("first", seen));
        registry.enable("fault-*", new ThreeArgumentRecorder("second", seen));
        // A two-argument consumer on the same probe gets the integers; the string is dropped.
        registry.enable("fault-start", (p, t, a0, a1, s0, s1) -> seen.add("lambda " + a0 + "," + a1 + "," + s0 + "," + s1));
        clock.advance(5);
        probe.fire(4, 2, "stall");
        assertEquals(List.of("first t=105 4,2,stall", "second t=105 4,2,stall", "lambda 4,2,null,null"), seen);
    }

    @Test
    void shouldCatalogueTheFaultProbesWithThreeArguments() {
        assertEquals(List.of(FaultProbes.faultStart(), FaultProbes.faultEnd()), FaultProbes.all());
        for (ProbeDefinition definition : FaultProbes.all()) {
            assertEquals("crucible_sim_fault", definition.provider());
            assertEquals(List.of("fault_id", "client", "kind"), definition.argNames());
            assertEquals(List.of(ArgType.UINT64, ArgType.UINT64, ArgType.STRING), definition.argTypes());
            assertFalse(definition.firesWhen().isEmpty());
        }
        assertEquals(List.of("fault-start", "fault-end"), FaultProbes.all().stream().map(ProbeDefinition::name).toList());
        Probe end = registry.create(FaultProbes.faultEnd(), 0, clock);
        assertEquals("crucible_sim_fault0:crucible-sim:revert:fault-end", end.fullName());
        assertEquals(List.of("disconnect", "stall", "slow", "errors", "corrupt", "kill", "restart"), FaultProbes.KINDS);
    }

    @Test
    void shouldRefuseArgumentsThatHaveNoSlot() {
        List<ArgType> threeInts = List.of(ArgType.UINT64, ArgType.UINT64, ArgType.UINT64);
        IllegalArgumentException notAString = assertThrows(IllegalArgumentException.class,
                () -> new ProbeDefinition("p", "f", "n", List.of("a", "b", "c"), threeInts, "never"));
        assertTrue(notAString.getMessage().contains("third argument must be a string"), notAString.getMessage());
        List<ArgType> four = List.of(ArgType.UINT64, ArgType.UINT64, ArgType.STRING, ArgType.STRING);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> new ProbeDefinition("p", "f", "n", List.of("a", "b", "c", "d"), four, "never"));
        assertTrue(tooMany.getMessage().contains("at most 3 arguments"), tooMany.getMessage());
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
        probe.fire(1, 2, "c");
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
