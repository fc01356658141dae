package dev.cruciblesim.tracing.d;

import java.util.List;

/**
 * D's subroutines that compute a value: the string functions, {@code copyinstr()},
 * {@code stringof()} and {@code json()}. Argument counts and types are checked here, with
 * DTrace's {@code prototype mismatch} and {@code incompatible with prototype} messages.
 */
final class Subroutines {
    private final CompileContext context;
    private final ExprCompiler expressions;

    Subroutines(CompileContext context, ExprCompiler expressions) {
        this.context = context;
        this.expressions = expressions;
    }

    Typed call(Ast.Call call) {
        String name = call.function();
        List<Ast.Expr> args = call.args();
        int line = call.line();
        switch (name) {
            case "strlen": {
                arity(call, 1, 1);
                Code.Strings s = str(call, 0);
                return Typed.ofInts(DType.UINT64, frame -> StringFunctions.deref(s.eval(frame)).length());
            }
            case "strjoin": {
                arity(call, 2, 2);
                Code.Strings a = str(call, 0);
                Code.Strings b = str(call, 1);
                return Typed.ofStrings(frame -> {
                    String first = StringFunctions.deref(a.eval(frame));
                    return frame.strjoin(first, StringFunctions.deref(b.eval(frame)));
                });
            }
            case "substr": {
                arity(call, 2, 3);
                Code.Strings s = str(call, 0);
                Code.Ints index = integer(call, 1);
                if (args.size() == 2) {
                    return Typed.ofStrings(frame -> {
                        String text = StringFunctions.deref(s.eval(frame));
                        return StringFunctions.substr(text, index.eval(frame), 0, false);
                    });
                }
                Code.Ints length = integer(call, 2);
                return Typed.ofStrings(frame -> {
                    String text = StringFunctions.deref(s.eval(frame));
                    long at = index.eval(frame);
                    return StringFunctions.substr(text, at, length.eval(frame), true);
                });
            }
            case "strstr": {
                arity(call, 2, 2);
                Code.Strings s = str(call, 0);
                Code.Strings sub = str(call, 1);
                return Typed.ofStrings(frame -> {
                    String text = StringFunctions.deref(s.eval(frame));
                    return StringFunctions.strstr(text, StringFunctions.deref(sub.eval(frame)));
                });
            }
            case "strtok": {
                arity(call, 2, 2);
                Code.Strings s = str(call, 0);
                Code.Strings delimiters = str(call, 1);
                return Typed.ofStrings(frame -> {
                    String text = s.eval(frame);
                    return StringFunctions.strtok(frame, text, StringFunctions.deref(delimiters.eval(frame)));
                });
            }
            case "index", "rindex": {
                arity(call, 2, 3);
                Code.Strings s = str(call, 0);
                Code.Strings sub = str(call, 1);
                Code.Ints start = args.size() == 3 ? integer(call, 2) : null;
                boolean forward = name.equals("index");
                return Typed.ofInts(DType.INT32, frame -> {
                    String text = StringFunctions.deref(s.eval(frame));
                    String what = StringFunctions.deref(sub.eval(frame));
                    if (forward) {
                        return StringFunctions.index(text, what, start == null ? 0 : start.eval(frame));
                    }
                    return StringFunctions.rindex(text, what, start == null ? 0 : start.eval(frame), start != null);
                });
            }
            case "lltostr": {
                arity(call, 1, 2);
                Code.Ints value = integer(call, 0);
                Code.Ints base = args.size() == 2 ? integer(call, 1) : frame -> 10;
                return Typed.ofStrings(frame -> {
                    long v = value.eval(frame);
                    return StringFunctions.lltostr(v, base.eval(frame));
                });
            }
            case "strtoll": {
                arity(call, 1, 2);
                Code.Strings s = str(call, 0);
                Code.Ints base = args.size() == 2 ? integer(call, 1) : frame -> 10;
                return Typed.ofInts(DType.INT64, frame -> {
                    String text = StringFunctions.deref(s.eval(frame));
                    return StringFunctions.strtoll(text, base.eval(frame));
                });
            }
            case "basename", "dirname": {
                arity(call, 1, 1);
                Code.Strings s = str(call, 0);
                boolean base = name.equals("basename");
                return Typed.ofStrings(frame -> {
                    String path = StringFunctions.deref(s.eval(frame));
                    return base ? StringFunctions.basename(path) : StringFunctions.dirname(path);
                });
            }
            case "toupper", "tolower": {
                arity(call, 1, 1);
                Code.Strings s = str(call, 0);
                boolean upper = name.equals("toupper");
                return Typed.ofStrings(frame -> {
                    String text = StringFunctions.deref(s.eval(frame));
                    return upper ? text.toUpperCase(java.util.Locale.ROOT) : text.toLowerCase(java.util.Locale.ROOT);
                });
            }
            case "stringof": {
                arity(call, 1, 1);
                Typed value = expressions.compile(args.get(0));
                if (value.isString()) {
                    return value;
                }
                Code.Ints address = value.ints();
                return Typed.ofStrings(frame -> frame.stringAt(address.eval(frame)));
            }
            case "copyinstr": {
                arity(call, 1, 2);
                Typed value = expressions.compile(args.get(0));
                if (value.isString()) {
                    throw expressions.argumentError(args.get(0).line(), name, 1, "uintptr_t", value.type());
                }
                Code.Ints address = value.ints();
                if (args.size() == 1) {
                    return Typed.ofStrings(frame -> frame.stringAt(address.eval(frame)));
                }
                Code.Ints maxLength = integer(call, 1);
                return Typed.ofStrings(frame -> {
                    String text = frame.stringAt(address.eval(frame));
                    long max = maxLength.eval(frame);
                    return max >= 0 && max < text.length() ? text.substring(0, (int) max) : text;
                });
            }
            case "json": {
                arity(call, 2, 2);
                Code.Strings text = str(call, 0);
                Code.Strings path = str(call, 1);
                return Typed.ofStrings(frame -> {
                    String document = StringFunctions.deref(text.eval(frame));
                    return StringFunctions.json(document, StringFunctions.deref(path.eval(frame)));
                });
            }
            case "llquantize", "stddev", "count", "sum", "avg", "min", "max", "quantize", "lquantize":
                throw context.error(line, name + "( ) may only be used as the value of an aggregation",
                        "write @name[keys] = " + name + "(...)");
            default:
                throw context.error(line, "failed to resolve " + name + ": Unknown function name");
        }
    }

    private void arity(Ast.Call call, int min, int max) {
        context.checkArity(call.line(), call.function(), call.args().size(), min, max);
    }

    private Code.Strings str(Ast.Call call, int index) {
        return expressions.string(call.args().get(index), call.function(), index + 1).strings();
    }

    private Code.Ints integer(Ast.Call call, int index) {
        Typed typed = expressions.compile(call.args().get(index));
        if (typed.isString()) {
            throw expressions.argumentError(call.args().get(index).line(), call.function(), index + 1, "int64_t",
                    typed.type());
        }
        return typed.ints();
    }
}
