package dev.cruciblesim.bench.scenario;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * What every part of one binding shares besides the tree: where the scenario came from, which is where an error
 * points when no written key is to blame, and where its relative paths resolve. {@link Field} and {@link Section}
 * carry the rest of an error's place.
 */
final class BindingContext {
    /** A key that takes part in a cross-field check; {@code field} is null when it kept its default. */
    record Involved(String path, Field field) {
    }

    /** The file as a whole, or "defaults" without a file. */
    private final Origin sourceOrigin;
    private final Path baseDir;

    /** @param baseDir the scenario file's directory, or the working directory when there is no file */
    BindingContext(Origin sourceOrigin, Path baseDir) {
        this.sourceOrigin = sourceOrigin;
        this.baseDir = baseDir;
    }

    Origin sourceOrigin() {
        return sourceOrigin;
    }

    /** Relative paths are relative to the scenario file's directory, or to the working directory for an option. */
    Path file(Field field) {
        String text = field.text("must be a file path");
        try {
            Path path = Path.of(text);
            return field.valueOrigin().isOption() ? path : baseDir.resolve(path);
        } catch (InvalidPathException e) {
            throw field.error("is not a valid path: " + e.getReason());
        }
    }

    /**
     * Errors about a relation between keys point at one of them: one set on the command line if any (that is what
     * the user just changed), else the first written one, else the file as a whole.
     */
    ScenarioException crossError(String what, Involved... involved) {
        for (Involved candidate : involved) {
            if (candidate.field() != null && candidate.field().valueOrigin().isOption()) {
                return candidate.field().error(what);
            }
        }
        for (Involved candidate : involved) {
            if (candidate.field() != null) {
                return candidate.field().error(what);
            }
        }
        return ScenarioException.at(sourceOrigin, involved[0].path(), what);
    }

    /**
     * A value object refused what the binder let through: a binder bug, since every check of the binder precedes
     * the object's own, but still the user's run, so it is worded like any other error.
     *
     * @param path the section the object was built from; empty for the scenario as a whole
     */
    ScenarioException refused(String path, IllegalArgumentException e) {
        return ScenarioException.at(sourceOrigin, path, e.getMessage(), e);
    }
}
