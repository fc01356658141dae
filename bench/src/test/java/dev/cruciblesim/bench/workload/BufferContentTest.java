package dev.cruciblesim.bench.workload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferContentTest {
    @Test
    void shouldParseFiosPatternFormsAndDescribeThemWhole() {
        assertArrayEquals(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef},
                BufferContent.pattern("0xDEADBEEF").patternBytes());
        assertArrayEquals("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                BufferContent.pattern("'abc'").patternBytes());
        // A long pattern is recorded whole in report.json, not cut like a message.
        String long40 = "0x" + "ab".repeat(40);
        assertEquals(long40, BufferContent.pattern(long40).describe());
        assertEquals("random", BufferContent.RANDOM.describe());
        assertEquals("zero", BufferContent.ZERO.describe());
    }

    @Test
    void shouldRefuseWhatIsNotAPattern() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BufferContent.pattern("0xabc")).getMessage()
                .contains("even number of hex digits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BufferContent.pattern("dead")).getMessage()
                .contains("quoted string"));
        assertThrows(IllegalArgumentException.class,
                () -> BufferContent.pattern("0x" + "00".repeat(BufferContent.MAX_PATTERN_BYTES + 1)));
    }
}
