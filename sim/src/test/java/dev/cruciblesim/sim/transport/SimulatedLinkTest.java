package dev.cruciblesim.sim.transport;

import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.latency.LatencyModels;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A simulated connection that breaks: what was in transit and what is sent while it is down never arrives. */
class SimulatedLinkTest {
    @Test
    void shouldLoseWhatIsInTransitOrSentWhileDisconnectedAndKeepOrderAfter() {
        EventScheduler scheduler = new EventScheduler(1_000);
        SimulatedLink<Message.ToUpstairs> link = new SimulatedLink<>("test", scheduler, LatencyModels.constant(100),
                new SplittableRandom(1));
        List<Long> delivered = new ArrayList<>();
        link.connect(message -> delivered.add(((FlushAck) message).jobId()));

        link.send(new FlushAck(1, null)); // due at 1100
        scheduler.schedule(1_050, (payload, arg) -> {
            link.disconnect(); // job 1 is in transit
            link.send(new FlushAck(2, null));
        }, null, 0);
        scheduler.schedule(1_200, (payload, arg) -> {
            link.reconnect();
            link.send(new FlushAck(3, null));
            link.send(new FlushAck(4, null));
        }, null, 0);
        while (scheduler.runNext()) {
            assertTrue(scheduler.nanoTime() < 10_000, "runs out of events");
        }

        assertEquals(List.of(3L, 4L), delivered);
        assertEquals(2, link.messagesDropped());
        assertEquals(3, link.messagesSent(), "a message sent while down is not sent");
        assertTrue(link.isConnected());
        link.disconnect();
        assertFalse(link.isConnected());
    }
}
