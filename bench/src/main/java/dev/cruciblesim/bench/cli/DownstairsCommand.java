package dev.cruciblesim.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code crucible-sim downstairs}: the commands that run one downstairs on its own, for an upstairs to reach over TCP. */
@Command(name = "downstairs", mixinStandardHelpOptions = true,
        description = "Runs one downstairs as a server of its own ('downstairs run'), over a region in memory or one "
                + "on disk made by 'downstairs create'.",
        subcommands = {DownstairsCreateCommand.class, DownstairsRunCommand.class, CommandLine.HelpCommand.class})
public final class DownstairsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (try 'downstairs create' or 'downstairs run')");
    }
}
