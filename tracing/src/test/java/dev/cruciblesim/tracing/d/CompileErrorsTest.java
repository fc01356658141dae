package dev.cruciblesim.tracing.d;

import static dev.cruciblesim.tracing.d.Scripts.compileError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Syntax, type and name errors read as dtrace prints them: file, line, what is wrong; column in the detail. */
class CompileErrorsTest {
    private static final String PREFIX = "dtrace: failed to compile script x.d: ";

    @Test
    void shouldNameTheTokenASyntaxErrorIsNear() {
        DCompileException e = compileError("BEGIN\n{\n  x = 1 +\n}\n");

        assertEquals(PREFIX + "line 4: syntax error near \"}\"", e.getMessage());
        assertEquals(4, e.line());
        assertEquals("column 1: expected an expression", e.detail());
    }

    @Test
    void shouldKeepAFormatErrorOnOneLine() {
        DCompileException e = compileError("BEGIN { printf(\"%Q\\n\"); }");

        assertTrue(e.getMessage().startsWith(PREFIX + "line 1: failed to parse format: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("%Q\\n"), e.getMessage());
    }

    @Test
    void shouldReportTheEndOfInputWhenAClauseIsNotClosed() {
        assertEquals(PREFIX + "line 3: syntax error near end of input",
                compileError("BEGIN {\n  x = 1;\n").getMessage());
    }

    @Test
    void shouldGiveTheColumnInTheDetail() {
        DCompileException e = compileError("BEGIN { x = ; }");

        assertEquals(PREFIX + "line 1: syntax error near \";\"", e.getMessage());
        assertEquals("column 13: expected an expression", e.detail());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
        "BEGIN { x = 1 } } => line 1: syntax error near \"}\"",
        "BEGIN x = 1; } => line 1: syntax error near \"=\"",
        "{ x = 1; } => line 1: syntax error near \"{\"",
        "BEGIN /1 { } => line 1: syntax error near \"{\"",
        "BEGIN { @a = count(; } => line 1: syntax error near \";\"",
        "BEGIN { @a += count(); } => line 1: syntax error near \"+=\"",
        "BEGIN { x = (1 + 2; } => line 1: syntax error near \";\"",
        "BEGIN { x = 1 \"s\"; } => line 1: syntax error near \"\"s\"\"",
        "BEGIN { x = \"abc; } => line 1: newline encountered in string literal",
        "BEGIN { /* x = 1; } => line 1: end-of-file encountered before matching */",
    })
    void shouldRejectMalformedPrograms(String source, String message) {
        assertEquals(PREFIX + message, compileError(source).getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
        "BEGIN { x = \"a\" + 1; } => line 1: operator + requires operands of arithmetic type",
        "BEGIN { x = 1 % \"a\"; } => line 1: operator % requires operands of integral type",
        "BEGIN { x = -\"a\"; } => line 1: operator - requires an operand of arithmetic type",
        "BEGIN { x = !\"a\"; } => line 1: operator ! requires an operand of scalar type",
        "BEGIN { x = \"a\" && 1; } => line 1: operator && requires operands of scalar type",
        "BEGIN { x = \"a\" == 1; } => line 1: operands have incompatible types: \"string\" == \"int\"",
        "BEGIN { x = 1; x = \"a\"; } => line 1: operands have incompatible types: \"int\" = \"string\"",
        "BEGIN { a[1] = 1; a[\"k\"] = 2; } => line 1: a[ ] key #1 is incompatible with its declaration",
        "BEGIN { a[1] = 1; a[1, 2] = 2; } => line 1: a[ ] used with 2 keys but declared with 1",
        "BEGIN { x = strlen(1); } => line 1: strlen( ) argument #1 is incompatible with prototype:",
        "BEGIN { x = strlen(\"a\", \"b\"); } => line 1: strlen( ) prototype mismatch: 2 args passed, 1 expected",
        "BEGIN { x = substr(\"a\"); } => line 1: substr( ) prototype mismatch: 1 arg passed, at least 2 expected",
        "BEGIN { x = copyinstr(\"a\"); } => line 1: copyinstr( ) argument #1 is incompatible with prototype:",
        "BEGIN { printf(\"%d\", \"s\"); } => line 1: printf( ) argument #2 is incompatible with conversion #1 prototype:",
        "BEGIN { printf(\"%s %d\", \"s\"); } => line 1: printf( ) prototype mismatch: conversion #2 (%d) is missing a corresponding value argument",
        "BEGIN { printf(\"%d\", 1, 2); } => line 1: printf( ) prototype mismatch: only 1 arguments required by this format string",
        "BEGIN { printf(\"%@d\", 1); } => line 1: printf( ) format \"%@d\" may only be used with printa( )",
        "BEGIN { printf(y); } => line 1: failed to resolve y: Unknown variable name",
        "BEGIN { x = y + 1; } => line 1: failed to resolve y: Unknown variable name",
        "BEGIN { x = self->y; } => line 1: failed to resolve self->y: Unknown variable name",
        "BEGIN { x = nosuch(1); } => line 1: failed to resolve nosuch: Unknown function name",
        "BEGIN { timestamp = 1; } => line 1: operator = can only be applied to a writable variable",
        "BEGIN { @a = quantize(\"x\"); } => line 1: quantize( ) argument #1 is incompatible with prototype:",
        "BEGIN { @a = lquantize(1, 0, x); } => line 1: failed to resolve x: Unknown variable name",
        "BEGIN { x = 1; @a = lquantize(1, 0, x); } => line 1: lquantize( ) argument #3 must be an integer constant",
        "BEGIN { @a = count(); @a = sum(1); } => line 1: @a: aggregating function redefined",
        "BEGIN { @a[1] = count(); @a[\"x\"] = count(); } => line 1: @a[ ] key signature does not match its earlier use",
        "BEGIN { @a = nosuch(); } => line 1: failed to resolve nosuch: Unknown aggregating function",
        "BEGIN { printa(@nope); } => line 1: failed to resolve @nope: Unknown aggregation name",
        "BEGIN { @a[1] = count(); @b[\"x\"] = count(); printa(@a, @b); } => line 1: printa( ) aggregations @a and @b must have matching key signatures",
        "BEGIN { @a[1] = count(); printa(\"%d %d %@d\", @a); } => line 1: printa( ) format \"%d %d %@d\" has more key conversions than @a has keys (1)",
        "BEGIN { @a[1] = count(); printa(\"%s %@d\", @a); } => line 1: printa( ) argument #2 is incompatible with conversion #1 prototype:",
        "BEGIN { x = count(); } => line 1: count( ) may only be used as the value of an aggregation",
        "BEGIN { x = printf(\"a\"); } => line 1: printf( ) may not be used in an expression",
        "BEGIN /probename/ { } => line 1: predicate result must be of scalar type",
        "BEGIN { x = args[0]; } => line 1: index 0 is out of range for args[ ]",
        "crucible_upstairs*:::gw-read-start { x = args[1]; } => line 1: index 1 is out of range for args[ ]",
        "BEGIN { x = (int)\"a\"; } => line 1: invalid cast expression: \"string\" to \"int\"",
        "BEGIN { x = 99999999999999999999; } => line 1: integer constant 99999999999999999999 is too large or malformed",
        "BEGIN { x = 09; } => line 1: invalid digit in integer constant 09",
        "BEGIN { if (\"a\") { x = 1; } } => line 1: if-statement condition must be of scalar type",
        "BEGIN { if 1 { } } => line 1: syntax error near \"1\"",
        "BEGIN { setopt(\"nosuch\"); } => line 1: failed to set option 'nosuch': Invalid option name",
        "BEGIN { exit(\"a\"); } => line 1: exit( ) argument #1 is incompatible with prototype:",
        "tick-0s { } => line 1: invalid probe description \"tick-0s\": the interval must be positive",
        "a:b:c:d:e { } => line 1: invalid probe description \"a:b:c:d:e\": probe description 'a:b:c:d:e' has more than four fields",
    })
    void shouldRejectIllTypedPrograms(String source, String message) {
        assertEquals(PREFIX + message, compileError(source).getMessage());
    }

    @Test
    void shouldRejectPreprocessorDirectives() {
        assertEquals(PREFIX + "line 3: invalid control directive: #define X 1",
                compileError("#!/usr/sbin/dtrace -s\nBEGIN { x = 1; }\n#define X 1\n").getMessage());
    }

    @Test
    void shouldRejectUnknownOptionsAndBadOptionValues() {
        assertEquals(PREFIX + "line 2: failed to set option 'nosuchoption': Invalid option name",
                compileError("BEGIN { }\n#pragma D option nosuchoption\n").getMessage());
        assertEquals(PREFIX + "line 1: failed to set option 'aggsortpos' to 'x': Invalid value for specified option",
                compileError("#pragma D option aggsortpos=x\nBEGIN { }").getMessage());
        assertTrue(compileError("#pragma D option aggzoom\n").getMessage().endsWith(
                "line 1: option aggzoom is not yet supported by this engine"));
    }

    @Test
    void shouldStartAOneLinersErrorsWithTheProbeSpecifier() {
        DCompileException e = assertThrows(DCompileException.class,
                () -> DScript.compileDescription("BEGIN { x = ; }", Scripts.QUIET));

        assertEquals("dtrace: invalid probe specifier BEGIN { x = ; }: line 1: syntax error near \";\"", e.getMessage());
    }
}
