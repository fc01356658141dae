package dev.cruciblesim.tracing.d;

import static dev.cruciblesim.tracing.d.Scripts.d;
import static dev.cruciblesim.tracing.d.Scripts.printf;
import static dev.cruciblesim.tracing.d.Scripts.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every operator, with C's typing: int arithmetic wraps at 32 bits, unsigned operands compare and divide unsigned. */
class OperatorsTest {
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
        "1 + 2 * 3 => 7",
        "(1 + 2) * 3 => 9",
        "7 / 2 => 3",
        "-7 / 2 => -3",
        "-7 % 3 => -1",
        "10 - 20 => -10",
        "2147483647 + 1 => -2147483648",
        "2147483648 + 0 => 2147483648",
        "0x7fffffff + 1 => -2147483648",
        "0xffffffff => 4294967295",
        "0xffffffff + 1 => 0",
        "010 => 8",
        "0x1F => 31",
        "123L + 1 => 124",
        "'a' => 97",
        "-16 >> 2 => -4",
        "(uint32_t)-16 >> 28 => 15",
        "(uint64_t)-16 >> 60 => 15",
        "1 << 4 => 16",
        "5 & 3 => 1",
        "5 | 3 => 7",
        "5 ^ 3 => 6",
        "~0 => -1",
        "-1 < 1 => 1",
        "-1 < 1u => 0",
        "(uint64_t)1 > -1 => 0",
        "(int64_t)1 > -1 => 1",
        "3 <= 3 => 1",
        "3 >= 4 => 0",
        "3 == 3 => 1",
        "3 != 3 => 0",
        "1 && 0 => 0",
        "1 || 0 => 1",
        "1 ^^ 1 => 0",
        "1 ^^ 0 => 1",
        "!5 => 0",
        "!0 => 1",
        "1 ? 10 : 20 => 10",
        "0 ? 10 : 20 => 20",
        "(char)300 => 44",
        "(uint8_t)-1 => 255",
        "(short)70000 => 4464",
        "(int)4294967296 => 0",
        "(int64_t)(uint32_t)-1 => 4294967295",
        "(long)-1 => -1",
        "(uint64_t)-1 / 2 => 9223372036854775807",
        "(int64_t)-1 / 2 => 0",
        "(uint32_t)-1 / 2 => 2147483647",
        "(uint64_t)-1 % 10 => 5",
        "\"abc\" < \"abd\" => 1",
        "\"b\" > \"abc\" => 1",
        "\"a\" == \"a\" => 1",
        "\"a\" != \"a\" => 0",
    })
    void shouldEvaluateLikeD(String expression, String expected) {
        assertEquals(expected, d(expression));
    }

    @Test
    void shouldPrintUnsignedConversionsAtTheArgumentsWidth() {
        assertEquals("18446744073709551615", printf("%u", "(unsigned long long)-1"));
        assertEquals("ffffffff", printf("%x", "-1"));
        assertEquals("ffffffffffffffff", printf("%x", "(int64_t)-1"));
        assertEquals("9223372036854775808", printf("%u", "1ul << 63"));
    }

    @Test
    void shouldIncrementAndDecrementBeforeAndAfter() {
        assertEquals("7 5 7 6", Scripts.begin(
                "BEGIN { x = 5; y = x++; z = ++x; w = x; w--; --w; w++; printf(\"%d %d %d %d\", x, y, z, w); }")
                .stdout());
    }

    @Test
    void shouldApplyEveryCompoundAssignment() {
        // 10+5=15, -3=12, *2=24, /4=6, %4=2, <<3=16, >>1=8, |1=9, &7=1, ^2=3
        assertEquals("3", Scripts.begin("BEGIN { x = 10; x += 5; x -= 3; x *= 2; x /= 4; x %= 4; x <<= 3; x >>= 1;"
                + " x |= 1; x &= 7; x ^= 2; printf(\"%d\", x); }").stdout());
    }

    @Test
    void shouldWrapAnIntVariableAt32Bits() {
        assertEquals("-2147483648 4294967296", Scripts.begin(
                "BEGIN { i = 2147483647; i++; l = (int64_t)4294967295; l++; printf(\"%d %d\", i, l); }").stdout());
    }

    @Test
    void shouldChooseStringsWithTheTernaryOperator() {
        assertEquals("yes", s("1 ? \"yes\" : \"no\""));
        assertEquals("no", s("2 < 1 ? \"yes\" : \"no\""));
    }

    @Test
    void shouldShortCircuitLogicalOperators() {
        assertEquals("0 1", Scripts.begin("BEGIN { x = 0; y = 0 && x++; z = 1 || x++; printf(\"%d %d\", x, z); }")
                .stdout());
    }

    @Test
    void shouldUnescapeStringLiterals() {
        assertEquals("AA\t\"q\"\\", s("\"\\x41\\101\\t\\\"q\\\"\\\\\""));
    }
}
