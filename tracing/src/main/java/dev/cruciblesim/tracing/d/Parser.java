package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.d.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive descent over D's grammar with C's operator precedence (D puts {@code ^^} between
 * {@code ||} and {@code &&}). Errors read as DTrace's: {@code line N: syntax error near "tok"},
 * the column and the expectation going to {@link DCompileException#detail()}.
 *
 * <p>One difference from DTrace's yacc grammar: inside a predicate a division at the top level
 * would end the predicate, so write {@code /(a / b) > 2/}; D's own lexer has the same ambiguity.
 */
final class Parser {
    private static final Set<String> TYPE_WORDS = Set.of("unsigned", "signed", "int", "long", "short", "char",
            "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "size_t",
            "ssize_t", "uintptr_t", "intptr_t", "pid_t", "id_t", "string");
    private static final Set<String> ASSIGNMENTS = Set.of("=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=",
            ">>=");

    private final Lexer lexer;
    private final String errorPrefix;
    private Token current;
    private boolean inPredicate;
    /** How many parentheses or brackets are open: a predicate ends only at a {@code /} outside all of them. */
    private int nesting;

    private Parser(String source, String errorPrefix, List<String> macroArguments) {
        this.lexer = new Lexer(source, errorPrefix, macroArguments);
        this.errorPrefix = errorPrefix;
    }

    /**
     * @param errorPrefix what each error line starts with, e.g. {@code dtrace: failed to compile script x.d: }
     * @throws DCompileException on the first syntax error
     */
    static Ast.Program parse(String source, String errorPrefix) {
        return parse(source, errorPrefix, List.of("x.d"));
    }

    /** @param macroArguments {@code $0} (the script name), {@code $1}, ... */
    static Ast.Program parse(String source, String errorPrefix, List<String> macroArguments) {
        return new Parser(source, errorPrefix, macroArguments).program();
    }

    private Ast.Program program() {
        List<Ast.Pragma> pragmas = new ArrayList<>();
        List<Ast.Inline> inlines = new ArrayList<>();
        List<Ast.Clause> clauses = new ArrayList<>();
        current = lexer.nextBetweenClauses();
        while (current.kind() != Kind.END_OF_INPUT) {
            if (current.kind() == Kind.PRAGMA_OPTION) {
                String option = current.text();
                int equals = option.indexOf('=');
                pragmas.add(new Ast.Pragma(equals < 0 ? option : option.substring(0, equals),
                        equals < 0 ? null : option.substring(equals + 1), current.line()));
                current = lexer.nextBetweenClauses();
            } else if (current.kind() == Kind.PROBE_SPEC && current.text().equals("inline")) {
                inlines.add(inline());
            } else {
                clauses.add(clause());
            }
        }
        return new Ast.Program(pragmas, inlines, clauses);
    }

    private Ast.Inline inline() {
        int line = current.line();
        advance();
        String type = typeName();
        if (current.kind() != Kind.IDENTIFIER) {
            throw syntaxError("the inline's name");
        }
        String name = current.text();
        advance();
        List<Ast.Param> params = new ArrayList<>();
        if (current.is("[")) {
            advance();
            while (!current.is("]")) {
                String paramType = typeName();
                if (current.kind() != Kind.IDENTIFIER) {
                    throw syntaxError("a parameter name");
                }
                params.add(new Ast.Param(paramType, current.text()));
                advance();
                if (current.is(",")) {
                    advance();
                } else if (!current.is("]")) {
                    throw syntaxError(", or ]");
                }
            }
            advance();
        }
        if (!current.is("=")) {
            throw syntaxError("= and the inline's value");
        }
        advance();
        Ast.Expr value = expression();
        if (!current.is(";")) {
            throw syntaxError("; to end the inline definition");
        }
        current = lexer.nextBetweenClauses();
        return new Ast.Inline(type, name, List.copyOf(params), value, line);
    }

    private Ast.Clause clause() {
        int line = current.line();
        List<String> descriptions = new ArrayList<>();
        descriptions.add(expectSpec());
        while (current.is(",")) {
            current = lexer.nextBetweenClauses();
            descriptions.add(expectSpec());
        }
        Ast.Expr predicate = null;
        if (current.is("/")) {
            current = lexer.nextInClause();
            inPredicate = true;
            nesting = 0;
            predicate = expression();
            inPredicate = false;
            if (!current.is("/")) {
                throw syntaxError("the predicate's closing /");
            }
            current = lexer.nextBetweenClauses();
        }
        if (predicate == null && (current.kind() == Kind.END_OF_INPUT || current.kind() == Kind.PROBE_SPEC
                || current.kind() == Kind.PRAGMA_OPTION)) {
            // A description without a body (dtrace -n gw-read-start): the default action.
            return new Ast.Clause(List.copyOf(descriptions), null, List.of(), line);
        }
        if (!current.is("{")) {
            throw syntaxError("{ to open the clause body");
        }
        current = lexer.nextInClause();
        List<Ast.Stmt> body = statements();
        current = lexer.nextBetweenClauses();
        return new Ast.Clause(List.copyOf(descriptions), predicate, body, line);
    }

    /** Statements up to the closing brace, which is left current for the caller to consume. */
    private List<Ast.Stmt> statements() {
        List<Ast.Stmt> body = new ArrayList<>();
        while (!current.is("}")) {
            if (current.is(";")) {
                advance();
                continue;
            }
            Ast.Stmt statement = statement();
            body.add(statement);
            if (statement instanceof Ast.IfStmt) {
                continue; // its branches ended it
            }
            if (current.is(";")) {
                advance();
            } else if (!current.is("}")) {
                throw syntaxError("; or }");
            }
        }
        return List.copyOf(body);
    }

    /** An if's branch: a braced block, or one statement with its semicolon. */
    private List<Ast.Stmt> branch() {
        if (current.is("{")) {
            advance();
            List<Ast.Stmt> body = statements();
            advance();
            return body;
        }
        Ast.Stmt statement = statement();
        if (current.is(";")) {
            advance();
        } else if (!current.is("}") && !(statement instanceof Ast.IfStmt)) {
            throw syntaxError("; or }");
        }
        return List.of(statement);
    }

    private String expectSpec() {
        if (current.kind() != Kind.PROBE_SPEC) {
            throw syntaxError("a probe description");
        }
        String text = current.text();
        current = lexer.nextBetweenClauses();
        return text;
    }

    private Ast.Stmt statement() {
        int line = current.line();
        if (current.kind() == Kind.IDENTIFIER && current.text().equals("if")) {
            advance();
            if (!current.is("(")) {
                throw syntaxError("( after if");
            }
            advance();
            nesting++;
            Ast.Expr condition = expression();
            nesting--;
            if (!current.is(")")) {
                throw syntaxError(") to close the if condition");
            }
            advance();
            List<Ast.Stmt> then = branch();
            List<Ast.Stmt> otherwise = List.of();
            if (current.kind() == Kind.IDENTIFIER && current.text().equals("else")) {
                advance();
                otherwise = branch();
            }
            return new Ast.IfStmt(condition, then, otherwise, line);
        }
        if (current.kind() == Kind.AGGREGATION) {
            String name = current.text();
            advance();
            List<Ast.Expr> keys = List.of();
            if (current.is("[")) {
                advance();
                keys = expressionList("]");
            }
            if (!current.is("=")) {
                throw syntaxError("= and an aggregating function");
            }
            advance();
            if (current.kind() != Kind.IDENTIFIER) {
                throw syntaxError("an aggregating function such as count()");
            }
            String function = current.text();
            advance();
            if (!current.is("(")) {
                throw syntaxError("( after " + function);
            }
            advance();
            List<Ast.Expr> args = expressionList(")");
            return new Ast.AggregateStmt(name, keys, function, args, line);
        }
        return new Ast.ExprStmt(expression(), line);
    }

    /** Comma-separated expressions up to {@code close}, which is consumed; the list may be empty. */
    private List<Ast.Expr> expressionList(String close) {
        List<Ast.Expr> list = new ArrayList<>();
        nesting++;
        if (!current.is(close)) {
            list.add(assignment());
            while (current.is(",")) {
                advance();
                list.add(assignment());
            }
        }
        if (!current.is(close)) {
            throw syntaxError(close.equals(")") ? ", or )" : ", or ]");
        }
        nesting--;
        advance();
        return List.copyOf(list);
    }

    /** D has no comma operator outside argument lists. */
    private Ast.Expr expression() {
        return assignment();
    }

    private Ast.Expr assignment() {
        Ast.Expr left = ternary();
        if (current.kind() == Kind.OPERATOR && ASSIGNMENTS.contains(current.text())) {
            String operator = current.text();
            int line = current.line();
            advance();
            Ast.Expr value = assignment();
            return new Ast.Assign(operator.substring(0, operator.length() - 1), left, value, line);
        }
        return left;
    }

    private Ast.Expr ternary() {
        Ast.Expr condition = binary(0);
        if (current.is("?")) {
            int line = current.line();
            advance();
            nesting++;
            Ast.Expr ifTrue = assignment();
            nesting--;
            if (!current.is(":")) {
                throw syntaxError(": of the ?: operator");
            }
            advance();
            Ast.Expr ifFalse = ternary();
            return new Ast.Ternary(condition, ifTrue, ifFalse, line);
        }
        return condition;
    }

    /** Binary operators by level, loosest first. */
    private static final String[][] LEVELS = {
        {"||"}, {"^^"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", "<=", ">", ">="}, {"<<", ">>"}, {"+", "-"},
        {"*", "/", "%"}
    };

    private Ast.Expr binary(int level) {
        if (level == LEVELS.length) {
            return unary();
        }
        Ast.Expr left = binary(level + 1);
        while (true) {
            String operator = matchOperator(LEVELS[level]);
            if (operator == null || (operator.equals("/") && inPredicate && nesting == 0)) {
                return left;
            }
            int line = current.line();
            advance();
            left = new Ast.Binary(operator, left, binary(level + 1), line);
        }
    }

    private String matchOperator(String[] operators) {
        if (current.kind() != Kind.OPERATOR) {
            return null;
        }
        for (String operator : operators) {
            if (current.text().equals(operator)) {
                return operator;
            }
        }
        return null;
    }

    private Ast.Expr unary() {
        int line = current.line();
        if (current.is("!") || current.is("~") || current.is("-") || current.is("+")) {
            String operator = current.text();
            advance();
            return new Ast.Unary(operator, unary(), line);
        }
        if (current.is("++") || current.is("--")) {
            boolean increment = current.is("++");
            advance();
            return new Ast.IncDec(increment, true, unary(), line);
        }
        if (current.is("(")) {
            advance();
            if (current.kind() == Kind.IDENTIFIER && TYPE_WORDS.contains(current.text())) {
                String type = typeName();
                if (!current.is(")")) {
                    throw syntaxError(") to close the cast");
                }
                advance();
                return new Ast.Cast(type, unary(), line);
            }
            nesting++;
            Ast.Expr inner = expression();
            if (!current.is(")")) {
                throw syntaxError(")");
            }
            nesting--;
            advance();
            return postfix(inner);
        }
        return postfix(primary());
    }

    /** A cast's type words, normalised: {@code unsigned long long} becomes {@code uint64_t}. */
    private String typeName() {
        StringBuilder words = new StringBuilder();
        while (current.kind() == Kind.IDENTIFIER && TYPE_WORDS.contains(current.text())) {
            if (words.length() > 0) {
                words.append(' ');
            }
            words.append(current.text());
            advance();
        }
        String type = words.toString();
        return switch (type) {
            case "char", "signed char", "int8_t" -> "int8_t";
            case "unsigned char", "uint8_t" -> "uint8_t";
            case "short", "signed short", "short int", "int16_t" -> "int16_t";
            case "unsigned short", "unsigned short int", "uint16_t" -> "uint16_t";
            case "int", "signed", "signed int", "int32_t", "pid_t", "id_t" -> "int32_t";
            case "unsigned", "unsigned int", "uint32_t" -> "uint32_t";
            case "long", "long int", "long long", "long long int", "signed long", "signed long long", "int64_t",
                 "ssize_t", "intptr_t" -> "int64_t";
            case "unsigned long", "unsigned long int", "unsigned long long", "unsigned long long int", "uint64_t",
                 "size_t", "uintptr_t" -> "uint64_t";
            case "string" -> "string";
            default -> throw syntaxError("a type name such as int or uint64_t (got \"" + type + "\")");
        };
    }

    private Ast.Expr primary() {
        Token token = current;
        int line = token.line();
        switch (token.kind()) {
            case INTEGER -> {
                advance();
                return new Ast.IntLiteral(token.text(), line);
            }
            case STRING -> {
                advance();
                return new Ast.StringLiteral(token.text(), line);
            }
            case AGGREGATION -> {
                advance();
                return new Ast.AggregationRef(token.text(), line);
            }
            case IDENTIFIER -> {
                advance();
                String name = token.text();
                if ((name.equals("this") || name.equals("self")) && current.is("->")) {
                    advance();
                    if (current.kind() != Kind.IDENTIFIER) {
                        throw syntaxError("a variable name after " + name + "->");
                    }
                    String variable = current.text();
                    advance();
                    return name.equals("this") ? new Ast.ThisVar(variable, line) : new Ast.SelfVar(variable, line);
                }
                if (current.is("(")) {
                    advance();
                    return new Ast.Call(name, expressionList(")"), line);
                }
                if (current.is("[")) {
                    advance();
                    List<Ast.Expr> keys = expressionList("]");
                    if (name.equals("args")) {
                        if (keys.size() != 1) {
                            throw new DCompileException(errorPrefix + "line " + line + ": args[ ] takes one index",
                                    line, null);
                        }
                        return new Ast.ArgsRef(keys.get(0), line);
                    }
                    return new Ast.Index(name, keys, line);
                }
                return new Ast.Identifier(name, line);
            }
            default -> throw syntaxError("an expression");
        }
    }

    private Ast.Expr postfix(Ast.Expr operand) {
        Ast.Expr result = operand;
        while (current.is("++") || current.is("--")) {
            boolean increment = current.is("++");
            int line = current.line();
            advance();
            result = new Ast.IncDec(increment, false, result, line);
        }
        return result;
    }

    private void advance() {
        current = lexer.nextInClause();
    }

    private DCompileException syntaxError(String expected) {
        String near = current.kind() == Kind.END_OF_INPUT ? "end of input" : "\"" + current.near() + "\"";
        return new DCompileException(errorPrefix + "line " + current.line() + ": syntax error near " + near,
                current.line(), "column " + current.column() + ": expected " + expected);
    }
}
