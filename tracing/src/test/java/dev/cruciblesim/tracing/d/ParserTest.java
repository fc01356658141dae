package dev.cruciblesim.tracing.d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parse tree the compiler receives: clause structure, pragmas, precedence, postfix forms, casts. */
class ParserTest {
    private static Ast.Program parse(String source) {
        return Parser.parse(source, "x.d: ");
    }

    private static Ast.Expr expression(String text) {
        Ast.Stmt statement = parse("BEGIN { " + text + "; }").clauses().get(0).body().get(0);
        return ((Ast.ExprStmt) statement).expr();
    }

    @Test
    void shouldReadDescriptionListsPredicatesAndBodies() {
        Ast.Program program = parse("#pragma D option quiet\n#pragma D option aggsortkeypos=1\n"
                + "crucible_upstairs*:::gw-*-start,\n  :::gw-read-done, tick-1s /arg0 > 1/\n{ a = 1; b = 2 }\nEND {}");

        assertEquals(List.of(new Ast.Pragma("quiet", null, 1), new Ast.Pragma("aggsortkeypos", "1", 2)),
                program.pragmas());
        Ast.Clause first = program.clauses().get(0);
        assertEquals(List.of("crucible_upstairs*:::gw-*-start", ":::gw-read-done", "tick-1s"), first.descriptions());
        assertInstanceOf(Ast.Binary.class, first.predicate());
        assertEquals(2, first.body().size());
        assertEquals(3, first.line());
        Ast.Clause end = program.clauses().get(1);
        assertEquals(List.of("END"), end.descriptions());
        assertNull(end.predicate());
        assertEquals(List.of(), end.body());
    }

    @Test
    void shouldReadAggregationStatementsWithAndWithoutKeysAndName() {
        List<Ast.Stmt> body = parse("BEGIN { @[1] = count(); @time[probename, arg1] = quantize(timestamp - 1);"
                + " @n = sum(2); }").clauses().get(0).body();

        Ast.AggregateStmt bare = (Ast.AggregateStmt) body.get(0);
        assertEquals("", bare.name());
        assertEquals(1, bare.keys().size());
        Ast.AggregateStmt time = (Ast.AggregateStmt) body.get(1);
        assertEquals("time", time.name());
        assertEquals("quantize", time.function());
        assertEquals(2, time.keys().size());
        assertEquals(List.of(), ((Ast.AggregateStmt) body.get(2)).keys());
    }

    @Test
    void shouldBindTighterOperatorsFirstAndAssignmentsToTheRight() {
        Ast.Binary sum = (Ast.Binary) expression("1 + 2 * 3");
        assertEquals("+", sum.operator());
        assertEquals("*", ((Ast.Binary) sum.right()).operator());

        Ast.Assign chain = (Ast.Assign) expression("a = b += 2");
        assertEquals("", chain.operator());
        assertEquals("+", ((Ast.Assign) chain.value()).operator());

        Ast.Ternary ternary = (Ast.Ternary) ((Ast.Assign) expression("x = 1 ? 2 : 0 ? 3 : 4")).value();
        assertInstanceOf(Ast.Ternary.class, ternary.ifFalse());
    }

    @Test
    void shouldReadPostfixPrefixMembersCastsAndArgs() {
        Ast.IncDec post = (Ast.IncDec) expression("self->n++");
        assertEquals(false, post.prefix());
        assertEquals(new Ast.SelfVar("n", 1), post.target());

        Ast.IncDec pre = (Ast.IncDec) expression("--this->n");
        assertEquals(true, pre.prefix());
        assertEquals(new Ast.ThisVar("n", 1), pre.target());

        Ast.Cast cast = (Ast.Cast) ((Ast.Assign) expression("x = (unsigned long long)arg0")).value();
        assertEquals("uint64_t", cast.type());
        assertEquals("int32_t", ((Ast.Cast) ((Ast.Assign) expression("x = (int)1")).value()).type());
        assertEquals("uint32_t", ((Ast.Cast) ((Ast.Assign) expression("x = (unsigned)1")).value()).type());
        assertEquals("int64_t", ((Ast.Cast) ((Ast.Assign) expression("x = (long)1")).value()).type());

        Ast.ArgsRef args = (Ast.ArgsRef) ((Ast.Assign) expression("x = args[2]")).value();
        assertEquals(new Ast.IntLiteral("2", 1), args.index());

        Ast.Index index = (Ast.Index) ((Ast.Assign) expression("x = start[arg0, arg1]")).value();
        assertEquals(2, index.keys().size());
    }

    @Test
    void shouldKeepIntegerLiteralsAsWrittenAndUnescapeStrings() {
        assertEquals(new Ast.IntLiteral("0x1Full", 1), ((Ast.Assign) expression("x = 0x1Full")).value());
        assertEquals(new Ast.StringLiteral("a\nb\"c", 1), ((Ast.Assign) expression("x = \"a\\nb\\\"c\"")).value());
        assertEquals(new Ast.IntLiteral("65", 1), ((Ast.Assign) expression("x = 'A'")).value());
    }

    @Test
    void shouldPassAggregationsAsActionArguments() {
        Ast.Call printa = (Ast.Call) expression("printa(\"%@d\", @a, @)");

        assertEquals(List.of(new Ast.StringLiteral("%@d", 1), new Ast.AggregationRef("a", 1),
                new Ast.AggregationRef("", 1)), printa.args());
    }
}
