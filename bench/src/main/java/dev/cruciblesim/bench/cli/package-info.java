/** The command line: {@code crucible-sim} and its subcommands, parsed with picocli. */
package dev.cruciblesim.bench.cli;
