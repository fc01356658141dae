package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.AggregationKey;
import dev.cruciblesim.tracing.dtrace.FiringOutput;
import dev.cruciblesim.tracing.dtrace.KeyType;
import dev.cruciblesim.tracing.dtrace.PrintFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compiles statements: aggregation updates ({@code @a[k] = quantize(v)}), the actions
 * ({@code printf}, {@code printa}, {@code trace}, {@code exit}, {@code setopt}, {@code clear},
 * {@code trunc}, {@code normalize}, {@code denormalize}) and expression statements. Every action
 * calls {@link ScriptRuntime#beforeOutput} first and records into the firing's output it returns,
 * framed unless quiet. Aggregations are declared in the {@link dev.cruciblesim.tracing.dtrace.DProgram} the first time the program text mentions them, which gives DTrace's variable ids.
 *
 * <p>An aggregation update picks the {@link Aggregation} overload for its key shape (none, one
 * string, a string and an integer, one integer), which allocates nothing on a known key; other
 * shapes build an {@link AggregationKey} per firing.
 */
final class ActionCompiler {
    /** Options {@code setopt()} and the pragma can set that change what this engine does. */
    static final java.util.Set<String> SORT_OPTIONS = java.util.Set.of("aggsortkey", "aggsortrev", "aggsortpos",
            "aggsortkeypos");

    /** What one aggregation was declared as, to check later mentions against. */
    private record Declared(Aggregation aggregation, String function, List<Long> parameters, List<KeyType> keyTypes) {
    }

    private final CompileContext context;
    private final ExprCompiler expressions;
    private final ScriptRuntime runtime;
    private final Map<String, Declared> aggregations = new HashMap<>();

    ActionCompiler(CompileContext context, ExprCompiler expressions, ScriptRuntime runtime) {
        this.context = context;
        this.expressions = expressions;
        this.runtime = runtime;
    }

    Code.Action compile(Ast.Stmt statement) {
        if (statement instanceof Ast.AggregateStmt aggregate) {
            return aggregate(aggregate);
        }
        if (statement instanceof Ast.IfStmt conditional) {
            return conditional(conditional);
        }
        Ast.ExprStmt expression = (Ast.ExprStmt) statement;
        if (expression.expr() instanceof Ast.Call call && ExprCompiler.ACTIONS.contains(call.function())) {
            return action(call);
        }
        Typed typed = expressions.compile(expression.expr());
        if (typed.isString()) {
            Code.Strings code = typed.strings();
            return frame -> code.eval(frame);
        }
        Code.Ints code = typed.ints();
        return frame -> code.eval(frame);
    }

    private Code.Action conditional(Ast.IfStmt statement) {
        Typed condition = expressions.compile(statement.condition());
        if (condition.isString()) {
            throw context.error(statement.line(), "if-statement condition must be of scalar type");
        }
        Code.Ints test = condition.ints();
        Code.Action[] then = block(statement.then());
        Code.Action[] otherwise = block(statement.otherwise());
        return frame -> {
            for (Code.Action action : test.eval(frame) != 0 ? then : otherwise) {
                action.run(frame);
            }
        };
    }

    private Code.Action[] block(List<Ast.Stmt> statements) {
        Code.Action[] actions = new Code.Action[statements.size()];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = compile(statements.get(i));
        }
        return actions;
    }

    // ---- aggregations -----------------------------------------------------------------------------

    private Code.Action aggregate(Ast.AggregateStmt statement) {
        int line = statement.line();
        String function = statement.function();
        List<Ast.Expr> args = statement.args();
        List<Typed> keys = new ArrayList<>();
        List<KeyType> keyTypes = new ArrayList<>();
        for (Ast.Expr key : statement.keys()) {
            Typed typed = expressions.compile(key);
            keys.add(typed);
            keyTypes.add(typed.type().keyType());
        }
        AggregationFunction aggregationFunction;
        List<Long> parameters = new ArrayList<>();
        Code.Ints value;
        Code.Ints increment = null;
        switch (function) {
            case "count" -> {
                arity(statement, 0, 0);
                aggregationFunction = AggregationFunction.count();
                value = frame -> 0;
            }
            case "sum", "min", "max", "avg" -> {
                arity(statement, 1, 1);
                aggregationFunction = switch (function) {
                    case "sum" -> AggregationFunction.sum();
                    case "min" -> AggregationFunction.min();
                    case "max" -> AggregationFunction.max();
                    default -> AggregationFunction.avg();
                };
                value = integer(statement, 0);
            }
            case "quantize" -> {
                arity(statement, 1, 2);
                aggregationFunction = AggregationFunction.quantize();
                value = integer(statement, 0);
                increment = args.size() == 2 ? integer(statement, 1) : null;
            }
            case "lquantize" -> {
                arity(statement, 3, 5);
                long base = constant(statement, 1);
                long limit = constant(statement, 2);
                long step = args.size() >= 4 ? constant(statement, 3) : 1;
                parameters = List.of(base, limit, step);
                try {
                    if (base != (int) base || limit != (int) limit || step != (int) step) {
                        throw new IllegalArgumentException("lquantize( ) base, limit and step must be 32-bit values");
                    }
                    aggregationFunction = AggregationFunction.lquantize((int) base, (int) limit, (int) step);
                } catch (IllegalArgumentException e) {
                    throw context.error(line, e.getMessage());
                }
                value = integer(statement, 0);
                increment = args.size() == 5 ? integer(statement, 4) : null;
            }
            case "stddev" -> {
                arity(statement, 1, 1);
                aggregationFunction = AggregationFunction.stddev();
                value = integer(statement, 0);
            }
            case "llquantize" -> {
                arity(statement, 5, 6);
                long[] constants = new long[LLQUANTIZE_PARAMETERS.length];
                for (int i = 0; i < constants.length; i++) {
                    constants[i] = llquantizeParameter(statement, i);
                }
                parameters = List.of(constants[0], constants[1], constants[2], constants[3]);
                try {
                    aggregationFunction = AggregationFunction.llquantize(constants[0], constants[1], constants[2],
                            constants[3]);
                } catch (IllegalArgumentException e) {
                    // The dtrace package words DTrace's own check; the compiler adds file and line.
                    throw context.error(line, e.getMessage());
                }
                value = integer(statement, 0);
                increment = args.size() == 6 ? integer(statement, 5) : null;
            }
            default -> throw context.error(line, "failed to resolve " + function + ": Unknown aggregating function",
                    "aggregating functions: count, sum, avg, min, max, stddev, quantize, lquantize, llquantize");
        }
        Aggregation aggregation = declare(statement.name(), function, parameters, keyTypes, aggregationFunction, line);
        return update(aggregation, keys, value, increment);
    }

    private Aggregation declare(String name, String function, List<Long> parameters, List<KeyType> keyTypes,
            AggregationFunction aggregationFunction, int line) {
        Declared declared = aggregations.get(name);
        if (declared == null) {
            Aggregation aggregation = context.program.aggregation(name, aggregationFunction,
                    keyTypes.toArray(KeyType[]::new));
            aggregations.put(name, new Declared(aggregation, function, parameters, List.copyOf(keyTypes)));
            return aggregation;
        }
        if (!declared.function().equals(function) || !declared.parameters().equals(parameters)) {
            throw context.error(line, "@" + name + ": aggregating function redefined",
                    "first " + declared.function() + "( ) " + declared.parameters() + ", now " + function + "( ) "
                            + parameters);
        }
        if (!declared.keyTypes().equals(keyTypes)) {
            throw context.error(line, "@" + name + "[ ] key signature does not match its earlier use",
                    "first " + declared.keyTypes() + ", now " + keyTypes);
        }
        return declared.aggregation();
    }

    private static Code.Action update(Aggregation aggregation, List<Typed> keys, Code.Ints value, Code.Ints increment) {
        if (increment == null && keys.isEmpty()) {
            return frame -> aggregation.aggregate(value.eval(frame));
        }
        if (increment == null && keys.size() == 1 && keys.get(0).isString()) {
            Code.Strings k0 = keys.get(0).strings();
            return frame -> {
                String key = StringFunctions.deref(k0.eval(frame));
                aggregation.aggregate(key, value.eval(frame));
            };
        }
        if (keys.size() == 2 && keys.get(0).isString() && !keys.get(1).isString()) {
            Code.Strings k0 = keys.get(0).strings();
            Code.Ints k1 = keys.get(1).ints();
            Code.Ints weight = increment != null ? increment : frame -> 1;
            return frame -> {
                String first = StringFunctions.deref(k0.eval(frame));
                long second = k1.eval(frame);
                long v = value.eval(frame);
                aggregation.aggregate(first, second, v, weight.eval(frame));
            };
        }
        if (increment == null && keys.size() == 1) {
            Code.Ints k0 = keys.get(0).ints();
            return frame -> {
                long key = k0.eval(frame);
                aggregation.aggregate(key, value.eval(frame));
            };
        }
        Typed[] keyArray = keys.toArray(Typed[]::new);
        Code.Ints weight = increment != null ? increment : frame -> 1;
        return frame -> {
            AggregationKey key = keyArray.length == 0 ? AggregationKey.EMPTY : ExprCompiler.tupleKey(keyArray, frame);
            long v = value.eval(frame);
            aggregation.aggregate(key, v, weight.eval(frame));
        };
    }

    private Aggregation aggregationArgument(Ast.Expr arg, String action) {
        if (!(arg instanceof Ast.AggregationRef ref)) {
            throw context.error(arg.line(), action + "( ) argument must be an aggregation");
        }
        Declared declared = aggregations.get(ref.name());
        if (declared == null) {
            throw context.error(arg.line(), "failed to resolve @" + ref.name() + ": Unknown aggregation name",
                    "an aggregation must be assigned earlier in the program text");
        }
        return declared.aggregation();
    }

    // ---- actions ------------------------------------------------------------------------------------

    private Code.Action action(Ast.Call call) {
        return switch (call.function()) {
            case "printf" -> printf(call);
            case "printa" -> printa(call);
            case "trace" -> trace(call);
            case "exit" -> exit(call);
            case "setopt" -> setopt(call);
            case "clear" -> clear(call);
            case "trunc" -> trunc(call);
            case "normalize" -> normalize(call);
            case "denormalize" -> denormalize(call);
            default -> throw new IllegalStateException(call.function() + "( ) is in ExprCompiler.ACTIONS but has no compiler");
        };
    }

    /*
     * clear, trunc, normalize and denormalize are DTrace "library actions": each records a data
     * record that the consumer acts on, so, like printf, it makes a non-quiet firing print its
     * CPU ID FUNCTION:NAME row (beforeOutput). They act at once here, which is the consumer's
     * order too: the records of one firing are processed in the order the clause ran them.
     */

    private Code.Action clear(Ast.Call call) {
        actionArity(call, 1, 1);
        Aggregation aggregation = aggregationArgument(call.args().get(0), "clear");
        ScriptRuntime out = runtime;
        return frame -> {
            out.beforeOutput(frame);
            context.program.clear(aggregation);
        };
    }

    /** {@code trunc(@a)} removes every key; {@code trunc(@a, n)} keeps the n largest (n < 0: the -n smallest). */
    private Code.Action trunc(Ast.Call call) {
        actionArity(call, 1, 2);
        Aggregation aggregation = aggregationArgument(call.args().get(0), "trunc");
        ScriptRuntime out = runtime;
        if (call.args().size() == 1) {
            return frame -> {
                out.beforeOutput(frame);
                context.program.trunc(aggregation);
            };
        }
        Code.Ints count = scalarArgument(call, 1);
        return frame -> {
            long kept = count.eval(frame);
            out.beforeOutput(frame);
            context.program.trunc(aggregation, kept);
        };
    }

    private Code.Action normalize(Ast.Call call) {
        actionArity(call, 2, 2);
        Aggregation aggregation = aggregationArgument(call.args().get(0), "normalize");
        Code.Ints normal = scalarArgument(call, 1);
        ScriptRuntime out = runtime;
        return frame -> {
            long factor = normal.eval(frame);
            if (factor == 0) {
                // DProgram refuses a zero factor; in D it is the firing's fault, not the run's.
                throw DRuntimeException.divideByZero();
            }
            out.beforeOutput(frame);
            context.program.normalize(aggregation, factor);
        };
    }

    private Code.Action denormalize(Ast.Call call) {
        actionArity(call, 1, 1);
        Aggregation aggregation = aggregationArgument(call.args().get(0), "denormalize");
        ScriptRuntime out = runtime;
        return frame -> {
            out.beforeOutput(frame);
            context.program.denormalize(aggregation);
        };
    }

    private void actionArity(Ast.Call call, int min, int max) {
        context.checkActionArity(call.line(), call.function(), call.args().size(), min, max);
    }

    private Code.Ints scalarArgument(Ast.Call call, int index) {
        Ast.Expr arg = call.args().get(index);
        Typed typed = expressions.compile(arg);
        if (typed.isString()) {
            throw context.error(arg.line(), call.function() + "( ) argument #" + (index + 1)
                    + " must be of scalar type");
        }
        return typed.ints();
    }

    private Code.Action printf(Ast.Call call) {
        if (call.args().isEmpty()) {
            throw context.error(call.line(), "printf( ) prototype mismatch: 0 args passed, at least 1 expected");
        }
        String format = constantString(call.args().get(0), "printf");
        PrintFormat compiled = compileFormat(format, call.line());
        List<PrintFormat.Conversion> conversions = compiled.conversions();
        List<Ast.Expr> values = call.args().subList(1, call.args().size());
        for (PrintFormat.Conversion conversion : conversions) {
            if (conversion.isAggregation()) {
                throw context.error(call.line(), "printf( ) format \"" + conversion.text()
                        + "\" may only be used with printa( )");
            }
        }
        if (values.size() < conversions.size()) {
            throw context.error(call.line(), "printf( ) prototype mismatch: conversion #" + (values.size() + 1)
                    + " (" + conversions.get(values.size()).text() + ") is missing a corresponding value argument");
        }
        if (values.size() > conversions.size()) {
            throw context.error(call.line(), "printf( ) prototype mismatch: only " + conversions.size()
                    + " arguments required by this format string");
        }
        Code.Strings[] strings = new Code.Strings[values.size()];
        Code.Ints[] ints = new Code.Ints[values.size()];
        for (int i = 0; i < values.size(); i++) {
            Typed value = expressions.compile(values.get(i));
            PrintFormat.Conversion conversion = conversions.get(i);
            if (value.isString() != conversion.wantsString()) {
                throw context.error(values.get(i).line(), "printf( ) argument #" + (i + 2)
                        + " is incompatible with conversion #" + (i + 1) + " prototype:",
                        "conversion: " + conversion.text() + "; prototype: "
                                + (conversion.wantsString() ? "char [] or string" : "char, short, int, long, or long long")
                                + "; argument: " + value.type().cName());
            }
            if (value.isString()) {
                strings[i] = value.strings();
            } else if (conversion.isUnsigned() && value.type().sizeBytes() < 8) {
                // %x of an int prints its 32 bits, as DTrace sizes the conversion by the argument.
                long mask = (1L << (8 * value.type().sizeBytes())) - 1;
                Code.Ints code = value.ints();
                ints[i] = frame -> code.eval(frame) & mask;
            } else {
                ints[i] = value.ints();
            }
        }
        ScriptRuntime out = runtime;
        return frame -> {
            Object[] arguments = new Object[strings.length];
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = strings[i] != null ? StringFunctions.deref(strings[i].eval(frame))
                        : (Object) ints[i].eval(frame);
            }
            out.beforeOutput(frame).printf(compiled, arguments);
        };
    }

    private Code.Action printa(Ast.Call call) {
        List<Ast.Expr> args = call.args();
        if (args.isEmpty()) {
            throw context.error(call.line(), "printa( ) prototype mismatch: 0 args passed, at least 1 expected");
        }
        String format = args.get(0) instanceof Ast.AggregationRef ? null : constantString(args.get(0), "printa");
        List<Aggregation> printed = new ArrayList<>();
        for (Ast.Expr arg : args.subList(format == null ? 0 : 1, args.size())) {
            printed.add(aggregationArgument(arg, "printa"));
        }
        if (printed.isEmpty()) {
            throw context.error(call.line(), "printa( ) prototype mismatch: no aggregation to print");
        }
        List<KeyType> keyTypes = printed.get(0).keyTypes();
        for (Aggregation aggregation : printed) {
            if (!aggregation.keyTypes().equals(keyTypes)) {
                throw context.error(call.line(), "printa( ) aggregations @" + printed.get(0).name() + " and @"
                        + aggregation.name() + " must have matching key signatures");
            }
        }
        Aggregation[] all = printed.toArray(Aggregation[]::new);
        ScriptRuntime out = runtime;
        if (format == null) {
            return frame -> {
                out.beforeOutput(frame).printa(all);
            };
        }
        PrintFormat compiled = compileFormat(format, call.line());
        int key = 0;
        for (PrintFormat.Conversion conversion : compiled.conversions()) {
            if (conversion.isAggregation()) {
                continue;
            }
            if (key >= keyTypes.size()) {
                throw context.error(call.line(), "printa( ) format \"" + format + "\" has more key conversions than @"
                        + all[0].name() + " has keys (" + keyTypes.size() + ")");
            }
            if (conversion.wantsString() != (keyTypes.get(key) == KeyType.STRING)) {
                throw context.error(call.line(), "printa( ) argument #" + (key + 2)
                        + " is incompatible with conversion #" + (key + 1) + " prototype:",
                        "conversion: " + conversion.text() + "; key #" + (key + 1) + " is " + keyTypes.get(key));
            }
            key++;
        }
        return frame -> {
            out.beforeOutput(frame).printa(compiled, all);
        };
    }

    /**
     * {@code trace(x)}: bare when quiet; otherwise in the width of its type (spec §1.3), which
     * {@link FiringOutput#trace} applies after the firing's row prefix.
     */
    private Code.Action trace(Ast.Call call) {
        actionArity(call, 1, 1);
        Typed value = expressions.compile(call.args().get(0));
        ScriptRuntime out = runtime;
        if (value.isString()) {
            Code.Strings code = value.strings();
            return frame -> {
                String s = StringFunctions.deref(code.eval(frame));
                out.beforeOutput(frame).trace(s);
            };
        }
        Code.Ints code = value.ints();
        int sizeBytes = value.type().sizeBytes();
        return frame -> {
            long v = code.eval(frame);
            out.beforeOutput(frame).trace(v, sizeBytes);
        };
    }

    private Code.Action exit(Ast.Call call) {
        actionArity(call, 1, 1);
        Code.Ints status = integer(call.args().get(0), "exit");
        ScriptRuntime out = runtime;
        int program = context.programIndex;
        return frame -> {
            int code = (int) status.eval(frame);
            // exit() records its status, so a non-quiet firing prints its row for it.
            out.beforeOutput(frame);
            out.requestExit(program, code);
        };
    }

    private Code.Action setopt(Ast.Call call) {
        List<Ast.Expr> args = call.args();
        actionArity(call, 1, 2);
        String name = constantString(args.get(0), "setopt");
        String value = args.size() == 2 ? constantString(args.get(1), "setopt") : null;
        DScript.checkOption(context, name, value, call.line());
        ScriptRuntime out = runtime;
        return frame -> {
            // setopt() is a library action like clear(): a record, so a non-quiet row.
            out.beforeOutput(frame);
            out.setOption(name, value);
        };
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private PrintFormat compileFormat(String format, int line) {
        try {
            return PrintFormat.compile(format);
        } catch (IllegalArgumentException e) {
            // The message quotes the format as decoded; escape it back so the error stays one line.
            String message = e.getMessage().replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
            throw context.error(line, "failed to parse format: " + message);
        }
    }

    private String constantString(Ast.Expr expr, String function) {
        Typed typed = expressions.compile(expr);
        if (!typed.isString() || !typed.isConstant()) {
            throw context.error(expr.line(), function + "( ) argument #1 must be a string constant");
        }
        return (String) typed.constant();
    }

    private void arity(Ast.AggregateStmt statement, int min, int max) {
        context.checkArity(statement.line(), statement.function(), statement.args().size(), min, max);
    }

    private Code.Ints integer(Ast.AggregateStmt statement, int index) {
        Ast.Expr arg = statement.args().get(index);
        Typed typed = expressions.compile(arg);
        if (typed.isString()) {
            throw expressions.argumentError(arg.line(), statement.function(), index + 1, "int64_t", typed.type());
        }
        return typed.ints();
    }

    private Code.Ints integer(Ast.Expr arg, String function) {
        Typed typed = expressions.compile(arg);
        if (typed.isString()) {
            throw expressions.argumentError(arg.line(), function, 1, "int", typed.type());
        }
        return typed.ints();
    }

    /** llquantize's parameters as DTrace's compiler names them in its messages, numbered from the factor. */
    private static final String[] LLQUANTIZE_PARAMETERS = {
        "factor", "low magnitude", "high magnitude", "linear steps per magnitude"};

    /**
     * @param parameter 0 for the factor (the call's second argument) to 3 for nsteps
     * @return the constant, checked as DTrace checks it before its range checks
     */
    private long llquantizeParameter(Ast.AggregateStmt statement, int parameter) {
        Ast.Expr arg = statement.args().get(parameter + 1);
        Typed typed = expressions.compile(arg);
        if (typed.isString() || !typed.isConstant()) {
            throw context.error(arg.line(), "llquantize( ) argument #" + (parameter + 1) + " ("
                    + LLQUANTIZE_PARAMETERS[parameter] + ") must be an integer constant");
        }
        return Objects.requireNonNull((Long) typed.constant());
    }

    private long constant(Ast.AggregateStmt statement, int index) {
        Ast.Expr arg = statement.args().get(index);
        Typed typed = expressions.compile(arg);
        if (typed.isString() || !typed.isConstant()) {
            throw context.error(arg.line(), statement.function() + "( ) argument #" + (index + 1)
                    + " must be an integer constant");
        }
        return Objects.requireNonNull((Long) typed.constant());
    }
}
