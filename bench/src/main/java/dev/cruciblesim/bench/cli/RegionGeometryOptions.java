package dev.cruciblesim.bench.cli;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * The region geometry options of {@code downstairs create} and {@code downstairs run --memory}, and their checks, so
 * that both commands take the same values and refuse the same ones in the same words.
 */
final class RegionGeometryOptions {
    static final String BLOCK_SIZE = "--block-size";
    static final String EXTENT_SIZE = "--extent-size";
    static final String EXTENT_COUNT = "--extent-count";
    /** Every option here, for a command that must refuse them where a region on disk has its own geometry. */
    static final List<String> NAMES = List.of(BLOCK_SIZE, EXTENT_SIZE, EXTENT_COUNT);

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = BLOCK_SIZE, paramLabel = "BYTES", defaultValue = "" + DownstairsConfig.DEFAULT_BLOCK_SIZE_BYTES,
            description = "Block size in bytes, a power of two from 512 to 32768 (default: ${DEFAULT-VALUE}).")
    int blockSizeBytes;

    @Option(names = EXTENT_SIZE, paramLabel = "BLOCKS", defaultValue = "1024",
            description = "Blocks per extent (default: ${DEFAULT-VALUE}).")
    int extentSizeBlocks;

    @Option(names = EXTENT_COUNT, paramLabel = "N", defaultValue = "32",
            description = "Extents in the region (default: ${DEFAULT-VALUE}).")
    int extentCount;

    /** @throws CommandLine.ParameterException naming the first option whose value is out of range */
    RegionDefinition definition() {
        if (blockSizeBytes < RegionDefinition.MIN_BLOCK_SIZE_BYTES || blockSizeBytes > RegionDefinition.MAX_BLOCK_SIZE_BYTES
                || Integer.bitCount(blockSizeBytes) != 1) {
            throw badInput(BLOCK_SIZE + ": must be a power of two from " + RegionDefinition.MIN_BLOCK_SIZE_BYTES
                    + " to " + RegionDefinition.MAX_BLOCK_SIZE_BYTES + " bytes, got " + blockSizeBytes);
        }
        if (extentSizeBlocks < 1) {
            throw badInput(EXTENT_SIZE + ": must be at least 1 block, got " + extentSizeBlocks);
        }
        if (extentCount < 1) {
            throw badInput(EXTENT_COUNT + ": must be at least 1, got " + extentCount);
        }
        return new RegionDefinition(blockSizeBytes, extentSizeBlocks, extentCount);
    }

    /** @return the first geometry option given on the command line, or null when none was */
    String firstGiven() {
        CommandLine.ParseResult parsed = mixee.commandLine().getParseResult();
        return NAMES.stream().filter(parsed::hasMatchedOption).findFirst().orElse(null);
    }

    private CommandLine.ParameterException badInput(String message) {
        return new CommandLine.ParameterException(mixee.commandLine(), message);
    }
}
