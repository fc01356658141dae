package dev.cruciblesim.tracing.d;

import java.util.ArrayList;
import java.util.List;

/**
 * The targets of assignment, {@code ++} and {@code --}: globals, {@code this->} and {@code self->}
 * variables, and associative array elements. An assignment to an undeclared target declares it
 * with the assigned value's type (D's implicit declaration); a target of the other kind than the
 * value is DTrace's incompatible-types error.
 */
final class Places {
    private final CompileContext context;
    private final ExprCompiler expressions;
    private final Symbols symbols;

    Places(CompileContext context, ExprCompiler expressions) {
        this.context = context;
        this.expressions = expressions;
        this.symbols = context.symbols;
    }

    /** A resolved target: its type and exactly one of {@link #ints} and {@link #strings}. */
    record Place(DType type, Code.IntPlace ints, Code.StringPlace strings, CompileContext context) {
        /** Compiles {@code target = value}; the expression's value is what was stored. */
        Typed store(Typed value, int line) {
            if (value.isString() != type.isString()) {
                throw context.error(line, "operands have incompatible types: \"" + type.cName() + "\" = \""
                        + value.type().cName() + "\"");
            }
            if (type.isString()) {
                Code.Strings code = value.strings();
                Code.StringPlace target = strings;
                return Typed.ofStrings(frame -> {
                    String s = code.eval(frame);
                    target.set(frame, s);
                    return s;
                });
            }
            Code.Ints code = ExprCompiler.converted(value, type);
            Code.IntPlace target = ints;
            return Typed.ofInts(type, frame -> {
                long v = code.eval(frame);
                target.set(frame, v);
                return v;
            });
        }

        /** The value this (integer) place holds now, as an update's left operand ({@link Code.IntPlace#update}). */
        Typed current() {
            return Typed.ofInts(type, frame -> frame.updatingValue);
        }

        /** Compiles the update of this integer place to {@code next}, computed from {@link #current()}. */
        Typed update(Typed next) {
            Code.Ints code = ExprCompiler.converted(next, type);
            Code.IntPlace target = ints;
            return Typed.ofInts(type, frame -> target.update(frame, code));
        }
    }

    /**
     * @param value the value assigned, which declares an undeclared target; null for a compound
     *              assignment or {@code ++}, whose target must already exist
     */
    Place place(Ast.Expr target, Typed value, int line) {
        if (target instanceof Ast.Identifier identifier) {
            return global(identifier, value, line);
        }
        if (target instanceof Ast.ThisVar variable) {
            Symbols.Slot slot = symbols.clauseLocal(variable.name());
            if (slot == null) {
                slot = symbols.declareClauseLocal(variable.name(), declaredType(value));
            }
            return local(slot, true);
        }
        if (target instanceof Ast.SelfVar variable) {
            Symbols.Slot slot = symbols.threadLocal(variable.name());
            if (slot == null) {
                slot = symbols.declareThreadLocal(variable.name(), declaredType(value));
            }
            return local(slot, false);
        }
        if (target instanceof Ast.Index index) {
            return element(index, value, line);
        }
        throw context.error(line, "operator = can only be applied to a writable variable");
    }

    /**
     * The type an undeclared target gets: the assigned value's, or int64_t for {@code x++} and
     * {@code x += v} on a new variable (D's "{@code i++} globals" are 8-byte integers).
     */
    private static DType declaredType(Typed value) {
        return value == null ? DType.INT64 : value.type();
    }

    private Place global(Ast.Identifier identifier, Typed value, int line) {
        String name = identifier.name();
        if (Builtins.isBuiltin(name) || context.inlines.containsKey(name)) {
            throw context.error(line, "operator = can only be applied to a writable variable",
                    name + " is a built-in variable");
        }
        Symbols.Slot slot = symbols.global(name);
        if (slot == null) {
            slot = symbols.declareGlobal(name, declaredType(value));
        }
        int index = slot.index();
        Symbols table = symbols;
        if (slot.type().isString()) {
            return new Place(slot.type(), null, new Code.StringPlace() {
                @Override
                public String get(Frame frame) {
                    String s = table.globalStrings[index];
                    return s == null ? "" : s;
                }

                @Override
                public void set(Frame frame, String s) {
                    table.globalStrings[index] = s;
                }
            }, context);
        }
        return new Place(slot.type(), new Code.IntPlace() {
            @Override
            public long get(Frame frame) {
                return table.globalLongs[index];
            }

            @Override
            public void set(Frame frame, long v) {
                table.globalLongs[index] = v;
            }
        }, null, context);
    }

    private Place local(Symbols.Slot slot, boolean clauseLocal) {
        int index = slot.index();
        if (slot.type().isString()) {
            return new Place(slot.type(), null, new Code.StringPlace() {
                @Override
                public String get(Frame frame) {
                    String s = clauseLocal ? frame.thisStrings[index] : frame.selfStrings[index];
                    return s == null ? "" : s;
                }

                @Override
                public void set(Frame frame, String s) {
                    if (clauseLocal) {
                        frame.thisStrings[index] = s;
                    } else {
                        frame.selfStrings[index] = s;
                    }
                }
            }, context);
        }
        return new Place(slot.type(), new Code.IntPlace() {
            @Override
            public long get(Frame frame) {
                return clauseLocal ? frame.thisLongs[index] : frame.selfLongs[index];
            }

            @Override
            public void set(Frame frame, long v) {
                if (clauseLocal) {
                    frame.thisLongs[index] = v;
                } else {
                    frame.selfLongs[index] = v;
                }
            }
        }, null, context);
    }

    private Place element(Ast.Index index, Typed value, int line) {
        if (context.inlines.containsKey(index.name())) {
            throw context.error(line, "operator = can only be applied to a writable variable",
                    index.name() + " is an inline");
        }
        Symbols.Array array = symbols.array(index.name());
        if (array == null) {
            if (symbols.global(index.name()) != null) {
                throw context.error(line, "operator [ ] may not be applied to a non-array variable " + index.name());
            }
            List<DType> keyTypes = new ArrayList<>();
            for (Ast.Expr key : index.keys()) {
                keyTypes.add(expressions.compile(key).type());
            }
            if (keyTypes.isEmpty()) {
                throw context.error(line, index.name() + "[ ] needs at least one key");
            }
            array = symbols.declareArray(index.name(), keyTypes, declaredType(value));
        }
        List<Typed> keys = expressions.keys(array, index.keys(), line);
        if (array.ints() != null) {
            var table = array.ints();
            Code.Ints k0 = ExprCompiler.converted(keys.get(0), array.keyTypes().get(0));
            if (keys.size() == 1) {
                return new Place(array.valueType(), new Code.IntPlace() {
                    @Override
                    public long get(Frame frame) {
                        return table.get(k0.eval(frame));
                    }

                    @Override
                    public void set(Frame frame, long v) {
                        table.put(k0.eval(frame), v);
                    }

                    @Override
                    public long update(Frame frame, Code.Ints next) {
                        long key = k0.eval(frame);
                        frame.updatingValue = table.get(key);
                        long stored = next.eval(frame);
                        table.put(key, stored);
                        return stored;
                    }
                }, null, context);
            }
            Code.Ints k1 = ExprCompiler.converted(keys.get(1), array.keyTypes().get(1));
            return new Place(array.valueType(), new Code.IntPlace() {
                @Override
                public long get(Frame frame) {
                    long first = k0.eval(frame);
                    return table.get(first, k1.eval(frame));
                }

                @Override
                public void set(Frame frame, long v) {
                    long first = k0.eval(frame);
                    table.put(first, k1.eval(frame), v);
                }

                @Override
                public long update(Frame frame, Code.Ints next) {
                    long first = k0.eval(frame);
                    long second = k1.eval(frame);
                    frame.updatingValue = table.get(first, second);
                    long stored = next.eval(frame);
                    table.put(first, second, stored);
                    return stored;
                }
            }, null, context);
        }
        TupleArray tuples = array.tuples();
        Typed[] keyArray = keys.toArray(Typed[]::new);
        if (array.valueType().isString()) {
            return new Place(DType.STRING, null, new Code.StringPlace() {
                @Override
                public String get(Frame frame) {
                    return tuples.getString(ExprCompiler.tupleKey(keyArray, frame));
                }

                @Override
                public void set(Frame frame, String s) {
                    tuples.putString(ExprCompiler.tupleKey(keyArray, frame), s);
                }
            }, context);
        }
        return new Place(array.valueType(), new Code.IntPlace() {
            @Override
            public long get(Frame frame) {
                return tuples.getLong(ExprCompiler.tupleKey(keyArray, frame));
            }

            @Override
            public void set(Frame frame, long v) {
                tuples.putLong(ExprCompiler.tupleKey(keyArray, frame), v);
            }

            @Override
            public long update(Frame frame, Code.Ints next) {
                var key = ExprCompiler.tupleKey(keyArray, frame);
                frame.updatingValue = tuples.getLong(key);
                long stored = next.eval(frame);
                tuples.putLong(key, stored);
                return stored;
            }
        }, null, context);
    }
}
