package dev.cruciblesim.sim.protocol.wire;

import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.wire.GoldenFrames.GoldenFrame;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.assertSameMessage;
import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.decode;
import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.encode;
import static dev.cruciblesim.sim.protocol.wire.WireTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Every message type against frames written by hand from the layout table ({@link GoldenFrames}). */
class MessageGoldenBytesTest {
    static List<GoldenFrame> goldenFrames() {
        return GoldenFrames.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFrames")
    void shouldEncodeEachMessageToItsGoldenFrame(GoldenFrame golden) {
        assertEquals(hex(golden.frame()), hex(encode(golden.message())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFrames")
    void shouldDecodeEachGoldenFrameToItsMessage(GoldenFrame golden) throws WireFormatException {
        ByteBuffer frame = ByteBuffer.wrap(golden.frame());
        assertSameMessage(golden.message(), new MessageDecoder().decode(frame));
        assertEquals(frame.limit(), frame.position(), "decoding consumes the frame");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFrames")
    void shouldRoundTripThroughTheDecoderAndBack(GoldenFrame golden) throws WireFormatException {
        assertEquals(hex(golden.frame()), hex(encode(decode(golden.frame()))));
    }

    @Test
    void shouldWriteAnIpv4MappedAddressBackAsIpv6() throws WireFormatException {
        // ::ffff:192.168.1.20 sent as IPv6; Java's InetAddress alone would turn it into IPv4 and shorten the frame.
        byte[] frame = hex("34000000", "20000000", "0700000000000000", "0300000000000000", "00", // 52 bytes
                "01", "00000000000000000000ffffc0a80114", "d711", "0000000000000000");
        assertEquals(hex(frame), hex(encode(decode(frame))));
    }

    @Test
    void shouldHaveAGoldenFrameForEveryTag() {
        Set<MessageLayout> covered = GoldenFrames.ALL.stream()
                .map(golden -> MessageLayout.of(golden.message()))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(MessageLayout.class)));
        assertEquals(EnumSet.allOf(MessageLayout.class), covered);
    }

    @Test
    void shouldHaveALayoutForEveryMessageType() {
        Set<Class<?>> messageTypes = new HashSet<>();
        Deque<Class<?>> toVisit = new ArrayDeque<>(List.of(Message.class));
        while (!toVisit.isEmpty()) {
            Class<?> type = toVisit.pop();
            if (type.isSealed()) {
                toVisit.addAll(Arrays.asList(type.getPermittedSubclasses()));
            } else {
                messageTypes.add(type);
            }
        }
        Set<Class<?>> laidOut = Arrays.stream(MessageLayout.values())
                .map(MessageLayout::messageType)
                .collect(Collectors.toSet());
        assertEquals(messageTypes, laidOut);
        assertEquals(28, messageTypes.size(), "13 negotiation, 2 ping, 6 reconciliation, 6 IO and the error report");
    }

    @Test
    void shouldFindEachLayoutByItsTag() {
        for (MessageLayout layout : MessageLayout.values()) {
            assertSame(layout, MessageLayout.ofTag(layout.tag()));
        }
        assertEquals(null, MessageLayout.ofTag(0), "tag 0 is never used");
        assertEquals(null, MessageLayout.ofTag(-1));
        assertEquals(null, MessageLayout.ofTag(0xFFFF_FFFFL));
    }
}
