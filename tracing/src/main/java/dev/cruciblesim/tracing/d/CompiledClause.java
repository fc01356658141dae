package dev.cruciblesim.tracing.d;

import java.util.List;

/**
 * One clause as closures: its targets, its predicate (null if none) and its actions, run in order.
 * {@link Frame#action} tracks the action running, for the runtime error line.
 */
record CompiledClause(int index, List<ClauseTarget> targets, Code.Ints predicate, Code.Action[] actions, int line) {
    /**
     * Runs the clause on a loaded frame. Clause-locals are not cleared here: D keeps them across
     * the clauses one firing runs, so the caller clears them before a firing's first clause.
     *
     * @throws DRuntimeException when an action faults; the actions after it do not run
     */
    void run(Frame frame) {
        if (predicate != null && predicate.eval(frame) == 0) {
            return;
        }
        Code.Action[] all = actions;
        for (int i = 0; i < all.length; i++) {
            frame.action = i + 1;
            all[i].run(frame);
        }
    }

    boolean targets(ClauseTarget.Kind kind, String probeName) {
        for (ClauseTarget target : targets) {
            if (target.kind() == kind && (probeName == null || target.probeName().equals(probeName))) {
                return true;
            }
        }
        return false;
    }
}
