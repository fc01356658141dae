package dev.cruciblesim.upstairs.core;

import java.util.ArrayList;
import java.util.List;

/** A guest callback that remembers every completion, so a test can tell "not yet" from "twice". */
final class RecordingCallback implements GuestCallback {
    private final List<String> results = new ArrayList<>();
    private final Runnable onComplete;

    RecordingCallback() {
        this(() -> {
        });
    }

    /** @param onComplete runs inside the callback, e.g. to note which probes had fired by then */
    RecordingCallback(Runnable onComplete) {
        this.onComplete = onComplete;
    }

    @Override
    public void onComplete(String error) {
        results.add(error);
        onComplete.run();
    }

    int calls() {
        return results.size();
    }

    boolean succeeded() {
        return results.size() == 1 && results.get(0) == null;
    }

    /** @return the error of the only completion, failing the test if there was not exactly one */
    String error() {
        if (results.size() != 1) {
            throw new AssertionError("expected exactly one completion, got " + results);
        }
        return results.get(0);
    }
}
