package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.dtrace.AggregationKey;
import dev.cruciblesim.tracing.probe.ArgType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Types D expressions and turns each into a closure specialised by type ({@link Typed}): integer
 * operators pick their signed or unsigned form and their width here, once, so a firing only runs
 * the chosen closures. Type errors use DTrace's wording, e.g. {@code operator + requires operands
 * of arithmetic type}.
 */
final class ExprCompiler {
    /** Calls that are actions, not values; {@link ActionCompiler} compiles them as statements. */
    static final Set<String> ACTIONS = Set.of("printf", "printa", "trace", "exit", "setopt", "clear", "trunc",
            "normalize", "denormalize");
    private static final DRuntimeException DIVIDE_BY_ZERO = DRuntimeException.divideByZero();

    private final CompileContext context;
    private final Symbols symbols;

    ExprCompiler(CompileContext context) {
        this.context = context;
        this.symbols = context.symbols;
    }

    Typed compile(Ast.Expr expr) {
        // Java 17 has no pattern switch: an instanceof chain, in rough order of frequency.
        if (expr instanceof Ast.Identifier identifier) {
            return identifier(identifier);
        } else if (expr instanceof Ast.IntLiteral literal) {
            return integer(literal);
        } else if (expr instanceof Ast.StringLiteral literal) {
            return Typed.constant(literal.value());
        } else if (expr instanceof Ast.Binary binary) {
            return binary(binary);
        } else if (expr instanceof Ast.Index index) {
            return readArray(index);
        } else if (expr instanceof Ast.Call call) {
            return call(call);
        } else if (expr instanceof Ast.Assign assign) {
            return assign(assign);
        } else if (expr instanceof Ast.ThisVar variable) {
            return readSlot(symbols.clauseLocal(variable.name()), "this->" + variable.name(), variable.line(),
                    Scope.CLAUSE);
        } else if (expr instanceof Ast.SelfVar variable) {
            return readSlot(symbols.threadLocal(variable.name()), "self->" + variable.name(), variable.line(),
                    Scope.THREAD);
        } else if (expr instanceof Ast.ArgsRef args) {
            return args(args);
        } else if (expr instanceof Ast.Unary unary) {
            return unary(unary);
        } else if (expr instanceof Ast.IncDec incDec) {
            return incDec(incDec);
        } else if (expr instanceof Ast.Ternary ternary) {
            return ternary(ternary);
        } else if (expr instanceof Ast.Cast cast) {
            return cast(cast);
        }
        Ast.AggregationRef ref = (Ast.AggregationRef) expr;
        throw context.error(ref.line(),
                "aggregation @" + ref.name() + " may only be used as an argument of printa( ) and the like");
    }

    /** An integer-typed expression, or DTrace's error naming what needed one. */
    Typed integer(Ast.Expr expr, String needer) {
        Typed typed = compile(expr);
        if (typed.isString()) {
            throw context.error(expr.line(), needer);
        }
        return typed;
    }

    /** A string-typed expression, or the prototype error of {@code function}'s argument {@code n}. */
    Typed string(Ast.Expr expr, String function, int n) {
        Typed typed = compile(expr);
        if (!typed.isString()) {
            throw argumentError(expr.line(), function, n, "string", typed.type());
        }
        return typed;
    }

    DCompileException argumentError(int line, String function, int n, String prototype, DType actual) {
        return context.error(line, function + "( ) argument #" + n + " is incompatible with prototype:",
                "prototype: " + prototype + "; argument: " + actual.cName());
    }

    // ---- literals, names, arguments -------------------------------------------------------------

    /** C's rules: the first of int, long (and their unsigned forms for hex and octal) that holds the value. */
    private Typed integer(Ast.IntLiteral literal) {
        String text = literal.text().toLowerCase(java.util.Locale.ROOT);
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == 'u' || text.charAt(end - 1) == 'l')) {
            end--;
        }
        String suffix = text.substring(end);
        String digits = text.substring(0, end);
        int radix = 10;
        if (digits.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            digits = digits.substring(1);
        }
        BigInteger value;
        try {
            value = new BigInteger(digits, radix);
        } catch (NumberFormatException e) {
            throw context.error(literal.line(), "invalid digit in integer constant " + literal.text());
        }
        if (value.bitLength() > 64 || !suffix.matches("|u|l|ll|ul|ull|lu|llu")) {
            throw context.error(literal.line(), "integer constant " + literal.text() + " is too large or malformed");
        }
        boolean unsigned = suffix.contains("u");
        boolean longSuffix = suffix.contains("l");
        boolean decimal = radix == 10;
        long bits = value.longValue();
        DType type;
        if (!longSuffix && !unsigned && value.bitLength() <= 31) {
            type = DType.INT32;
        } else if (!longSuffix && (unsigned || !decimal) && value.bitLength() <= 32) {
            type = DType.UINT32;
        } else if (!unsigned && value.bitLength() <= 63) {
            type = DType.INT64;
        } else {
            type = DType.UINT64;
        }
        return Typed.constant(type, bits);
    }

    private Typed identifier(Ast.Identifier identifier) {
        String name = identifier.name();
        java.util.Map<String, Typed> arguments = context.inlineArguments.peekLast();
        if (arguments != null && arguments.containsKey(name)) {
            return arguments.get(name);
        }
        Typed builtin = Builtins.variable(name, context);
        if (builtin != null) {
            return builtin;
        }
        Ast.Inline inline = context.inlines.get(name);
        if (inline != null) {
            return expand(inline, List.of(), identifier.line());
        }
        return readSlot(symbols.global(name), name, identifier.line(), Scope.GLOBAL);
    }

    private Typed args(Ast.ArgsRef args) {
        Typed index = integer(args.index(), "args[ ] index must be of integral type");
        if (!index.isConstant()) {
            throw context.error(args.line(), "args[ ] index must be an integer constant");
        }
        long n = (Long) index.constant();
        if (n < 0 || n > 9) {
            throw context.error(args.line(), "index " + n + " is out of range for args[ ]");
        }
        int position = (int) n;
        DType type = DType.INT64;
        List<ArgType> types = context.clauseArgTypes;
        if (types != null) {
            if (position >= context.clauseArgCount) {
                throw context.error(args.line(), "index " + n + " is out of range for args[ ]",
                        "the probes this clause matches have " + context.clauseArgCount + " arguments");
            }
            ArgType argType = types.get(position);
            if (argType == null) {
                throw context.error(args.line(), "args[" + n + "] has different types in the probes this clause matches");
            }
            type = argType == ArgType.STRING ? DType.STRING : DType.UINT64;
        }
        if (type.isString()) {
            return Typed.ofStrings(frame -> frame.stringArg(position));
        }
        return switch (position) {
            case 0 -> Typed.ofInts(type, frame -> frame.arg0);
            case 1 -> Typed.ofInts(type, frame -> frame.arg1);
            default -> Typed.constant(type, 0);
        };
    }

    // ---- variables --------------------------------------------------------------------------------

    enum Scope { GLOBAL, CLAUSE, THREAD }

    private Typed readSlot(Symbols.Slot slot, String name, int line, Scope scope) {
        if (slot == null) {
            throw context.error(line, "failed to resolve " + name + ": Unknown variable name");
        }
        int index = slot.index();
        if (slot.type().isString()) {
            return Typed.ofStrings(switch (scope) {
                case GLOBAL -> {
                    Symbols table = symbols;
                    yield frame -> orEmpty(table.globalStrings[index]);
                }
                case CLAUSE -> frame -> orEmpty(frame.thisStrings[index]);
                case THREAD -> frame -> orEmpty(frame.selfStrings[index]);
            });
        }
        return Typed.ofInts(slot.type(), switch (scope) {
            case GLOBAL -> {
                Symbols table = symbols;
                yield frame -> table.globalLongs[index];
            }
            case CLAUSE -> frame -> frame.thisLongs[index];
            case THREAD -> frame -> frame.selfLongs[index];
        });
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private Typed readArray(Ast.Index index) {
        Ast.Inline inline = context.inlines.get(index.name());
        if (inline != null) {
            return expand(inline, index.keys(), index.line());
        }
        Symbols.Array array = symbols.array(index.name());
        if (array == null) {
            if (symbols.global(index.name()) != null || Builtins.variable(index.name(), context) != null) {
                throw context.error(index.line(), "operator [ ] may not be applied to a non-array variable "
                        + index.name());
            }
            throw context.error(index.line(), "failed to resolve " + index.name() + ": Unknown variable name");
        }
        List<Typed> keys = keys(array, index.keys(), index.line());
        return readElement(array, keys);
    }

    /**
     * An inline's value where it is used, converted to its declared type; an inline with
     * parameters binds them to the use's arguments (compiled once here, evaluated where the value
     * uses them), as D substitutes inlines at compile time.
     */
    private Typed expand(Ast.Inline inline, List<Ast.Expr> argumentExprs, int line) {
        if (argumentExprs.size() != inline.params().size()) {
            throw context.error(line, "inline " + inline.name() + " takes " + inline.params().size() + " argument"
                    + (inline.params().size() == 1 ? "" : "s") + ", used with " + argumentExprs.size());
        }
        java.util.Map<String, Typed> arguments = new java.util.HashMap<>();
        for (int i = 0; i < argumentExprs.size(); i++) {
            Ast.Param param = inline.params().get(i);
            Typed argument = compile(argumentExprs.get(i));
            DType paramType = DType.ofCast(param.type());
            if (argument.isString() != paramType.isString()) {
                throw context.error(line, "inline " + inline.name() + " argument #" + (i + 1)
                        + " is incompatible with its declaration",
                        "declared " + paramType.cName() + ", used with " + argument.type().cName());
            }
            arguments.put(param.name(), paramType.isString() ? argument
                    : Typed.ofInts(paramType, converted(argument, paramType)));
        }
        if (context.inlineArguments.size() > 64) {
            throw context.error(line, "inline " + inline.name() + " expands into itself");
        }
        context.inlineArguments.addLast(arguments);
        Typed value;
        try {
            value = compile(inline.value());
        } finally {
            context.inlineArguments.removeLast();
        }
        DType type = DType.ofCast(inline.type());
        if (value.isString() != type.isString()) {
            throw context.error(inline.line(), "inline " + inline.name() + " definition uses incompatible types: \""
                    + type.cName() + "\" = \"" + value.type().cName() + "\"");
        }
        if (type.isString()) {
            return value;
        }
        return fold(Typed.ofInts(type, converted(value, type)), value);
    }

    /** The keys of an access to {@code array}, checked against its declaration. */
    List<Typed> keys(Symbols.Array array, List<Ast.Expr> keyExprs, int line) {
        if (keyExprs.size() != array.keyTypes().size()) {
            throw context.error(line, array.name() + "[ ] used with " + keyExprs.size() + " key"
                    + (keyExprs.size() == 1 ? "" : "s") + " but declared with " + array.keyTypes().size());
        }
        List<Typed> keys = new ArrayList<>();
        for (int i = 0; i < keyExprs.size(); i++) {
            Typed key = compile(keyExprs.get(i));
            if (key.isString() != array.keyTypes().get(i).isString()) {
                throw context.error(keyExprs.get(i).line(), array.name() + "[ ] key #" + (i + 1)
                        + " is incompatible with its declaration",
                        "declared " + array.keyTypes().get(i).cName() + ", used with " + key.type().cName());
            }
            keys.add(key);
        }
        return keys;
    }

    private static Typed readElement(Symbols.Array array, List<Typed> keys) {
        if (array.ints() != null) {
            var table = array.ints();
            Code.Ints k0 = converted(keys.get(0), array.keyTypes().get(0));
            if (keys.size() == 1) {
                return Typed.ofInts(array.valueType(), frame -> table.get(k0.eval(frame)));
            }
            Code.Ints k1 = converted(keys.get(1), array.keyTypes().get(1));
            return Typed.ofInts(array.valueType(), frame -> {
                long first = k0.eval(frame);
                return table.get(first, k1.eval(frame));
            });
        }
        TupleArray tuples = array.tuples();
        Typed[] keyArray = keys.toArray(Typed[]::new);
        if (array.valueType().isString()) {
            return Typed.ofStrings(frame -> tuples.getString(tupleKey(keyArray, frame)));
        }
        return Typed.ofInts(array.valueType(), frame -> tuples.getLong(tupleKey(keyArray, frame)));
    }

    static AggregationKey tupleKey(Typed[] keys, Frame frame) {
        Object[] fields = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            fields[i] = keys[i].isString() ? StringFunctions.deref(keys[i].strings().eval(frame))
                    : (Object) keys[i].ints().eval(frame);
        }
        return AggregationKey.of(fields);
    }

    // ---- operators ----------------------------------------------------------------------------------

    private Typed unary(Ast.Unary unary) {
        Typed operand = compile(unary.operand());
        String op = unary.operator();
        if (operand.isString()) {
            String kind = op.equals("!") ? "scalar" : op.equals("~") ? "integral" : "arithmetic";
            throw context.error(unary.line(), "operator " + op + " requires an operand of " + kind + " type");
        }
        Code.Ints a = operand.ints();
        if (op.equals("!")) {
            return fold(Typed.ofInts(DType.INT32, frame -> a.eval(frame) == 0 ? 1 : 0), operand);
        }
        DType type = operand.type().promoted();
        Code.Ints raw = switch (op) {
            case "-" -> frame -> -a.eval(frame);
            case "~" -> frame -> ~a.eval(frame);
            default -> a;
        };
        return fold(Typed.ofInts(type, normalized(type, raw)), operand);
    }

    private Typed binary(Ast.Binary binary) {
        return binary(binary.operator(), compile(binary.left()), compile(binary.right()), binary.line());
    }

    /** {@code left op right} of compiled operands; at run time the left is evaluated before the right. */
    private Typed binary(String op, Typed left, Typed right, int line) {
        switch (op) {
            case "==", "!=", "<", "<=", ">", ">=":
                return comparison(op, left, right, line);
            case "&&", "||", "^^":
                return logical(op, left, right, line);
            default:
                break;
        }
        if (left.isString() || right.isString()) {
            boolean integral = Set.of("%", "&", "|", "^", "<<", ">>").contains(op);
            throw context.error(line, "operator " + op + " requires operands of "
                    + (integral ? "integral" : "arithmetic") + " type");
        }
        Code.Ints a = left.ints();
        Code.Ints b = right.ints();
        if (op.equals("<<") || op.equals(">>")) {
            DType type = left.type().promoted();
            Code.Ints raw = op.equals("<<") ? frame -> a.eval(frame) << b.eval(frame)
                    : type.isSigned() ? frame -> a.eval(frame) >> b.eval(frame)
                    : frame -> a.eval(frame) >>> b.eval(frame);
            return fold(Typed.ofInts(type, normalized(type, raw)), left, right);
        }
        DType type = DType.common(left.type(), right.type());
        boolean signed = type.isSigned();
        // Division needs each operand in the common type first; the ring operations agree modulo 2^n anyway.
        Code.Ints x = converted(left, type);
        Code.Ints y = converted(right, type);
        Code.Ints raw = switch (op) {
            case "+" -> frame -> a.eval(frame) + b.eval(frame);
            case "-" -> frame -> a.eval(frame) - b.eval(frame);
            case "*" -> frame -> a.eval(frame) * b.eval(frame);
            case "/" -> signed ? frame -> {
                long dividend = x.eval(frame);
                return dividend / divisor(y.eval(frame));
            } : frame -> {
                long dividend = x.eval(frame);
                return Long.divideUnsigned(dividend, divisor(y.eval(frame)));
            };
            case "%" -> signed ? frame -> {
                long dividend = x.eval(frame);
                return dividend % divisor(y.eval(frame));
            } : frame -> {
                long dividend = x.eval(frame);
                return Long.remainderUnsigned(dividend, divisor(y.eval(frame)));
            };
            case "&" -> frame -> a.eval(frame) & b.eval(frame);
            case "|" -> frame -> a.eval(frame) | b.eval(frame);
            case "^" -> frame -> a.eval(frame) ^ b.eval(frame);
            default -> throw context.error(line, "syntax error near \"" + op + "\"");
        };
        return fold(Typed.ofInts(type, normalized(type, raw)), left, right);
    }

    private static long divisor(long value) {
        if (value == 0) {
            throw DIVIDE_BY_ZERO;
        }
        return value;
    }

    private static Code.Ints normalized(DType type, Code.Ints raw) {
        return type.sizeBytes() == 8 ? raw : frame -> type.normalize(raw.eval(frame));
    }

    private Typed comparison(String op, Typed left, Typed right, int line) {
        if (left.isString() != right.isString()) {
            throw context.error(line, "operands have incompatible types: \"" + left.type().cName() + "\" " + op + " \""
                    + right.type().cName() + "\"");
        }
        if (left.isString()) {
            Code.Strings a = left.strings();
            Code.Strings b = right.strings();
            Code.Ints code = switch (op) {
                case "==" -> frame -> sameString(a.eval(frame), b.eval(frame)) ? 1 : 0;
                case "!=" -> frame -> sameString(a.eval(frame), b.eval(frame)) ? 0 : 1;
                default -> {
                    int want = op.charAt(0) == '<' ? -1 : 1;
                    boolean orEqual = op.length() == 2;
                    yield frame -> {
                        int order = Integer.signum(StringFunctions.deref(a.eval(frame))
                                .compareTo(StringFunctions.deref(b.eval(frame))));
                        return order == want || (orEqual && order == 0) ? 1 : 0;
                    };
                }
            };
            return fold(Typed.ofInts(DType.INT32, code), left, right);
        }
        DType type = DType.common(left.type(), right.type());
        Code.Ints a = left.ints();
        Code.Ints b = right.ints();
        Code.Ints code;
        if (type.isSigned()) {
            code = switch (op) {
                case "==" -> frame -> a.eval(frame) == b.eval(frame) ? 1 : 0;
                case "!=" -> frame -> a.eval(frame) != b.eval(frame) ? 1 : 0;
                case "<" -> frame -> a.eval(frame) < b.eval(frame) ? 1 : 0;
                case "<=" -> frame -> a.eval(frame) <= b.eval(frame) ? 1 : 0;
                case ">" -> frame -> a.eval(frame) > b.eval(frame) ? 1 : 0;
                default -> frame -> a.eval(frame) >= b.eval(frame) ? 1 : 0;
            };
        } else {
            // A signed operand converted to a narrower unsigned type must be cut to it first.
            Code.Ints x = converted(left, type);
            Code.Ints y = converted(right, type);
            code = switch (op) {
                case "==" -> frame -> x.eval(frame) == y.eval(frame) ? 1 : 0;
                case "!=" -> frame -> x.eval(frame) != y.eval(frame) ? 1 : 0;
                case "<" -> frame -> Long.compareUnsigned(x.eval(frame), y.eval(frame)) < 0 ? 1 : 0;
                case "<=" -> frame -> Long.compareUnsigned(x.eval(frame), y.eval(frame)) <= 0 ? 1 : 0;
                case ">" -> frame -> Long.compareUnsigned(x.eval(frame), y.eval(frame)) > 0 ? 1 : 0;
                default -> frame -> Long.compareUnsigned(x.eval(frame), y.eval(frame)) >= 0 ? 1 : 0;
            };
        }
        return fold(Typed.ofInts(DType.INT32, code), left, right);
    }

    /** NULL equals only NULL; otherwise D compares the characters. */
    private static boolean sameString(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /**
     * {@code value} converted to integer type {@code type}, as C converts an operand or an assigned
     * value: values are held normalised to their own type, so widening to 64 bits keeps the bits
     * and only a narrower target needs cutting.
     */
    static Code.Ints converted(Typed value, DType type) {
        Code.Ints code = value.ints();
        if (value.type() == type || type.sizeBytes() == 8) {
            return code;
        }
        return frame -> type.normalize(code.eval(frame));
    }

    private Typed logical(String op, Typed left, Typed right, int line) {
        if (left.isString() || right.isString()) {
            throw context.error(line, "operator " + op + " requires operands of scalar type");
        }
        Code.Ints a = left.ints();
        Code.Ints b = right.ints();
        Code.Ints code = switch (op) {
            case "&&" -> frame -> a.eval(frame) != 0 && b.eval(frame) != 0 ? 1 : 0;
            case "||" -> frame -> a.eval(frame) != 0 || b.eval(frame) != 0 ? 1 : 0;
            default -> frame -> (a.eval(frame) != 0) != (b.eval(frame) != 0) ? 1 : 0;
        };
        return fold(Typed.ofInts(DType.INT32, code), left, right);
    }

    private Typed ternary(Ast.Ternary ternary) {
        Typed condition = compile(ternary.condition());
        if (condition.isString()) {
            throw context.error(ternary.line(), "operator ?: test expression must be of scalar type");
        }
        Typed ifTrue = compile(ternary.ifTrue());
        Typed ifFalse = compile(ternary.ifFalse());
        if (ifTrue.isString() != ifFalse.isString()) {
            throw context.error(ternary.line(), "operator ?: operands must have compatible types",
                    "\"" + ifTrue.type().cName() + "\" and \"" + ifFalse.type().cName() + "\"");
        }
        Code.Ints test = condition.ints();
        if (ifTrue.isString()) {
            Code.Strings a = ifTrue.strings();
            Code.Strings b = ifFalse.strings();
            return Typed.ofStrings(frame -> test.eval(frame) != 0 ? a.eval(frame) : b.eval(frame));
        }
        DType type = DType.common(ifTrue.type(), ifFalse.type());
        Code.Ints a = converted(ifTrue, type);
        Code.Ints b = converted(ifFalse, type);
        return fold(Typed.ofInts(type, frame -> test.eval(frame) != 0 ? a.eval(frame) : b.eval(frame)), condition,
                ifTrue, ifFalse);
    }

    private Typed cast(Ast.Cast cast) {
        Typed operand = compile(cast.operand());
        DType type = DType.ofCast(cast.type());
        if (type.isString() != operand.isString()) {
            throw context.error(cast.line(), "invalid cast expression: \"" + operand.type().cName() + "\" to \""
                    + type.cName() + "\"");
        }
        if (type.isString()) {
            return operand;
        }
        Code.Ints code = operand.ints();
        return fold(Typed.ofInts(type, frame -> type.normalize(code.eval(frame))), operand);
    }

    /** Evaluates {@code result} now when every operand is a constant: lquantize bounds may be {@code -10}. */
    private static Typed fold(Typed result, Typed... operands) {
        for (Typed operand : operands) {
            if (!operand.isConstant()) {
                return result;
            }
        }
        try {
            return result.isString() ? Typed.constant(result.strings().eval(null))
                    : Typed.constant(result.type(), result.ints().eval(null));
        } catch (DRuntimeException e) {
            return result; // a constant division by zero faults when it runs, as in D
        }
    }

    // ---- assignment ---------------------------------------------------------------------------------

    private Typed assign(Ast.Assign assign) {
        String op = assign.operator();
        if (!op.isEmpty()) {
            // Declares a new target as int64_t first; the target is read and written through one update, so an
            // element's keys are evaluated once.
            Places.Place place = new Places(context, this).place(assign.target(), null, assign.line());
            if (place.type().isString()) {
                throw context.error(assign.line(), "operator " + op + "= requires operands of arithmetic type");
            }
            return place.update(binary(op, place.current(), compile(assign.value()), assign.line()));
        }
        Typed value = compile(assign.value());
        Places.Place place = new Places(context, this).place(assign.target(), value, assign.line());
        return place.store(value, assign.line());
    }

    private Typed incDec(Ast.IncDec incDec) {
        Places.Place place = new Places(context, this).place(incDec.target(), null, incDec.line());
        String op = incDec.increment() ? "++" : "--";
        if (place.type().isString()) {
            throw context.error(incDec.line(), "operator " + op + " requires an operand of scalar type");
        }
        DType type = place.type();
        Code.IntPlace target = place.ints();
        long delta = incDec.increment() ? 1 : -1;
        Code.Ints next = frame -> type.normalize(frame.updatingValue + delta);
        if (incDec.prefix()) {
            return Typed.ofInts(type, frame -> target.update(frame, next));
        }
        // The old value is the new one less the step, in the type's own wrap-around arithmetic.
        return Typed.ofInts(type, frame -> type.normalize(target.update(frame, next) - delta));
    }

    // ---- subroutines ----------------------------------------------------------------------------------

    private Typed call(Ast.Call call) {
        if (ACTIONS.contains(call.function())) {
            throw context.error(call.line(), call.function() + "( ) may not be used in an expression",
                    "call it as a statement of its own");
        }
        return new Subroutines(context, this).call(call);
    }
}
