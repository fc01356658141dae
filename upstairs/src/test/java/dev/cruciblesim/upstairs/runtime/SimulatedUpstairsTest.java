package dev.cruciblesim.upstairs.runtime;

import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.core.UpstairsInput;
import dev.cruciblesim.upstairs.core.UpstairsListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The upstairs in virtual time: a single server whose inputs each take a drawn processing time, in arrival order. */
class SimulatedUpstairsTest {
    private static final long START_NS = 1_000_000_000L;
    private static final long PROCESSING_NS = 5_000;

    private final EventScheduler scheduler = new EventScheduler(START_NS);
    private final CountingModel processing = new CountingModel();
    private final List<List<Message.ToDownstairs>> sent = List.of(new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>());
    private final List<Long> sentAtNs = new ArrayList<>();
    private final SimulatedUpstairs upstairs = new SimulatedUpstairs(UpstairsConfig.revisionO(1), scheduler,
            new ProbeRegistry(), processing, new SplittableRandom(1));

    SimulatedUpstairsTest() {
        List<MessageSink<Message.ToDownstairs>> clients = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            List<Message.ToDownstairs> client = sent.get(c);
            clients.add(message -> {
                client.add(message);
                sentAtNs.add(scheduler.nanoTime());
            });
        }
        upstairs.start(clients, UpstairsListener.NONE);
    }

    @Test
    void shouldApplyInputsDeliveredTogetherInOneProcessingTime() {
        upstairs.deliverTogether(UpstairsInput.CONNECT, UpstairsInput.ACTIVATE);
        runAll();

        assertEquals(1, processing.draws);
        assertInstanceOf(HereIAm.class, sent.get(0).get(0));
        assertEquals(List.of(START_NS + PROCESSING_NS, START_NS + PROCESSING_NS, START_NS + PROCESSING_NS), sentAtNs);

        upstairs.replySink(0).send(new YesItsMe(1));
        runAll();
        assertEquals(2, processing.draws);
        assertInstanceOf(PromoteToActive.class, sent.get(0).get(1), "activation was applied with the connect");
    }

    @Test
    void shouldTakeOneProcessingTimePerInputInArrivalOrder() {
        upstairs.deliver(UpstairsInput.ACTIVATE);
        upstairs.deliver(UpstairsInput.CONNECT);
        upstairs.replySink(1).send(new YesItsMe(1));
        assertFalse(sent.get(0).iterator().hasNext(), "nothing is applied before its processing time");
        runAll();

        assertEquals(3, processing.draws);
        assertEquals(START_NS + 2 * PROCESSING_NS, (long) sentAtNs.get(0), "the connect waited for the activate");
        assertEquals(List.of(HereIAm.class, PromoteToActive.class),
                sent.get(1).stream().map(Object::getClass).toList());
        assertEquals(START_NS + 3 * PROCESSING_NS, (long) sentAtNs.get(sentAtNs.size() - 1));
        assertEquals(START_NS, upstairs.lastReplyNs(), "a reply's arrival, before its processing");
    }

    private void runAll() {
        while (scheduler.runNext()) {
            // every event due
        }
    }

    /** A constant processing time that counts its draws. */
    private static final class CountingModel implements LatencyModel {
        int draws;

        @Override
        public long sampleNs(SplittableRandom random) {
            draws++;
            return PROCESSING_NS;
        }

        @Override
        public double meanNs() {
            return PROCESSING_NS;
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("kind", "counting", "delay_ns", PROCESSING_NS);
        }
    }
}
