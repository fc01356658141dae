package dev.cruciblesim.bench.scenario;

/**
 * Where a key or value of the scenario tree came from: a line of a scenario file, or a command-line option such as
 * {@code --queue-depth} or {@code --set}. It is the first part of every error message.
 *
 * @param source   the file as the user named it ({@code scenarios/x.yaml}), or the option
 * @param line     1-based line in the file; 0 when the origin is a whole file or an option
 * @param column   1-based column; 0 when unknown
 * @param isOption whether the value came from the command line (relative paths then resolve against the working
 *                 directory rather than the file's)
 */
record Origin(String source, int line, int column, boolean isOption) {
    static Origin inFile(String source, int line, int column) {
        return new Origin(source, line, column, false);
    }

    static Origin wholeFile(String source) {
        return new Origin(source, 0, 0, false);
    }

    static Origin option(String option) {
        return new Origin(option, 0, 0, true);
    }

    /** @return {@code file:line}, or the file or option alone */
    String prefix() {
        return line > 0 ? source + ":" + line : source;
    }

    @Override
    public String toString() {
        return prefix();
    }
}
