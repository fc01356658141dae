package dev.cruciblesim.tracing.d;

import java.util.List;

/**
 * The parsed, not yet typed, form of a D program. Each node keeps the line it starts on, for the
 * compiler's error messages. The compiler turns this tree into closures once; nothing walks it per
 * firing.
 */
final class Ast {
    private Ast() {
    }

    /** A whole script: pragmas, inline definitions and clauses, each in program order. */
    record Program(List<Pragma> pragmas, List<Inline> inlines, List<Clause> clauses) {
    }

    /**
     * {@code inline type name = value;} or, with parameters, {@code inline type name[type p, ...] = value;}
     * (used as {@code name[args]}); type is normalised as a cast's is.
     */
    record Inline(String type, String name, List<Param> params, Expr value, int line) {
    }

    record Param(String type, String name) {
    }

    /** {@code #pragma D option name[=value]}; value is null when absent. */
    record Pragma(String name, String value, int line) {
    }

    /**
     * One {@code descriptions /predicate/ { statements }}.
     *
     * @param predicate null when the clause has none
     */
    record Clause(List<String> descriptions, Expr predicate, List<Stmt> body, int line) {
    }

    sealed interface Stmt permits ExprStmt, AggregateStmt, IfStmt {
        int line();
    }

    /** An expression statement: assignment, increment, or an action call such as {@code printf(...)}. */
    record ExprStmt(Expr expr, int line) implements Stmt {
    }

    /** {@code @name[keys] = function(args)}. */
    record AggregateStmt(String name, List<Expr> keys, String function, List<Expr> args, int line) implements Stmt {
    }

    /** {@code if (condition) ... else ...} (illumos D); otherwise is empty without an else. */
    record IfStmt(Expr condition, List<Stmt> then, List<Stmt> otherwise, int line) implements Stmt {
    }

    sealed interface Expr permits IntLiteral, StringLiteral, Identifier, ArgsRef, ThisVar, SelfVar, Index, Call,
            Unary, IncDec, Binary, Assign, Ternary, Cast, AggregationRef {
        int line();
    }

    /** An integer constant as written; the compiler types it by C's rules (value, base, suffix). */
    record IntLiteral(String text, int line) implements Expr {
    }

    record StringLiteral(String value, int line) implements Expr {
    }

    /** A builtin ({@code timestamp}), a global scalar, or {@code NULL}. */
    record Identifier(String name, int line) implements Expr {
    }

    /** {@code args[index]}. */
    record ArgsRef(Expr index, int line) implements Expr {
    }

    /** {@code this->name}: a clause-local. */
    record ThisVar(String name, int line) implements Expr {
    }

    /** {@code self->name}: a thread-local. */
    record SelfVar(String name, int line) implements Expr {
    }

    /** {@code name[k1, k2, ...]}: an associative array element. */
    record Index(String name, List<Expr> keys, int line) implements Expr {
    }

    record Call(String function, List<Expr> args, int line) implements Expr {
    }

    /** {@code - ~ ! +} applied to an operand. */
    record Unary(String operator, Expr operand, int line) implements Expr {
    }

    /** {@code ++x}, {@code x++}, {@code --x}, {@code x--}. */
    record IncDec(boolean increment, boolean prefix, Expr target, int line) implements Expr {
    }

    record Binary(String operator, Expr left, Expr right, int line) implements Expr {
    }

    /** {@code =} or a compound assignment; operator is the arithmetic part ({@code +} for {@code +=}), or empty. */
    record Assign(String operator, Expr target, Expr value, int line) implements Expr {
    }

    record Ternary(Expr condition, Expr ifTrue, Expr ifFalse, int line) implements Expr {
    }

    /** {@code (type) operand}; type is the normalised type name, e.g. {@code uint64_t}. */
    record Cast(String type, Expr operand, int line) implements Expr {
    }

    /** {@code @name} as an argument of printa, clear, trunc and the like. */
    record AggregationRef(String name, int line) implements Expr {
    }
}
