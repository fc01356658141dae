package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PrintFormatTest {
    private static String format(String format, Object... args) {
        StringBuilder out = new StringBuilder();
        PrintFormat.compile(format).format(out, args);
        return out.toString();
    }

    @Test
    void shouldPadStringsToWidth() {
        assertEquals("x Upstairs:   1 Downstairs:  12\n",
                format("%s Upstairs:%4s Downstairs:%4s\n", "x", "1", "12"));
        assertEquals("ab  |", format("%-4s|", "ab"));
        assertEquals("toolong", format("%4s", "toolong"));
        assertEquals("to", format("%.2s", "toolong"));
    }

    @Test
    void shouldPrintAWallTimestampAsDDoesInUtc() {
        long newYear2022Ns = 1_640_995_200_000_000_000L;
        assertEquals("2022 Jan  1 00:00:00", format("%Y", newYear2022Ns));
        assertEquals("2022 Jan 12 13:14:15|", format("%Y|", newYear2022Ns + ((11 * 24 + 13) * 3600L + 14 * 60 + 15)
                * 1_000_000_000L + 999_999_999L));
        assertEquals("  2022 Jan  1 00:00:00", format("%22Y", newYear2022Ns));
    }

    @Test
    void shouldFormatIntegersLikeC() {
        assertEquals("-42", format("%d", -42L));
        assertEquals("  -42", format("%5d", -42L));
        assertEquals("-0042", format("%05d", -42L));
        assertEquals("+7", format("%+d", 7L));
        assertEquals("18446744073709551615", format("%u", -1L));
        assertEquals("ffffffffffffffff", format("%lx", -1L));
        assertEquals("0X1F", format("%#X", 31L));
        assertEquals("017", format("%#o", 15L));
        assertEquals("007", format("%.3d", 7L));
        assertEquals("100%", format("%d%%", 100L));
        assertEquals("-9223372036854775808", format("%lld", Long.MIN_VALUE));
    }

    @Test
    void shouldRejectBadConversionsAndAtInPrintf() {
        assertThrows(IllegalArgumentException.class, () -> PrintFormat.compile("%q"));
        assertThrows(IllegalArgumentException.class, () -> PrintFormat.compile("%"));
        assertThrows(IllegalArgumentException.class, () -> format("%@d", 1L));
        assertThrows(IllegalArgumentException.class, () -> format("%d", "text"));
        assertThrows(IllegalArgumentException.class, () -> format("%s %s", "one"));
    }
}
