package dev.cruciblesim.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code crucible-sim downstairs}: the commands that run one downstairs on its own, for an upstairs to reach over TCP. */
@Command(name = "downstairs", mixinStandardHelpOptions = true,
        description = "Runs one downstairs as a server of its own (see 'downstairs run').",
        subcommands = {DownstairsRunCommand.class, CommandLine.HelpCommand.class})
public final class DownstairsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (try 'downstairs run')");
    }
}
