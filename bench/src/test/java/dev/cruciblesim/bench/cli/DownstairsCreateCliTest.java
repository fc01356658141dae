package dev.cruciblesim.bench.cli;

import dev.cruciblesim.downstairs.region.FileExtentStore;
import dev.cruciblesim.downstairs.region.RegionDirectory;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cruciblesim.bench.cli.CliResult.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code crucible-sim downstairs create}, in-process: the region it makes, and what it refuses. */
class DownstairsCreateCliTest {
    private static final Pattern CREATED = Pattern.compile("crucible-sim: created region (\\S+) in (.+): (.+)");

    @TempDir
    Path directory;

    @Test
    void shouldCreateARegionThatOpensWithTheGeometryAndUuidItPrints() {
        Path region = directory.resolve("new/region");
        UUID uuid = create(region, "--block-size", "512", "--extent-size", "16", "--extent-count", "3");
        try (FileExtentStore store = RegionDirectory.open(region)) {
            assertEquals(new RegionDefinition(512, 16, 3), store.definition());
            assertEquals(uuid, store.regionUuid());
        }
    }

    @Test
    void shouldTakeCrucibleGeometryByDefault() {
        Path region = directory.resolve("default");
        CliResult result = execute("downstairs", "create", "--data", region.toString());
        assertEquals(CrucibleSim.EXIT_OK, result.exitCode(), result.err());
        assertTrue(result.out().strip().endsWith(" in " + region + ": 32 extents x 1024 blocks x 4096 B"),
                result.out());
    }

    @Test
    void shouldRefuseANonEmptyDirectoryUnlessForced() throws IOException {
        Path region = directory.resolve("region");
        UUID first = create(region, "--extent-size", "4", "--extent-count", "2");
        CliResult again = execute("downstairs", "create", "--data", region.toString(), "--extent-count", "5");
        assertOneLine(CrucibleSim.EXIT_BAD_INPUT, "crucible-sim: --data: " + region + " is not empty; use --force to "
                + "replace the region in it", again);
        try (FileExtentStore store = RegionDirectory.open(region)) {
            assertEquals(first, store.regionUuid(), "a refused create leaves the region as it was");
        }

        UUID replaced = create(region, "--extent-size", "4", "--extent-count", "5", "--force");
        assertNotEquals(first, replaced);
        try (FileExtentStore store = RegionDirectory.open(region)) {
            assertEquals(5, store.definition().extentCount());
        }

        Path notes = Files.writeString(region.resolve("notes.txt"), "mine");
        CliResult foreign = execute("downstairs", "create", "--data", region.toString(), "--force");
        assertOneLine(CrucibleSim.EXIT_BAD_INPUT, "crucible-sim: --data: will not replace the region in " + region
                + ": it holds notes.txt, which is not part of a region", foreign);
        assertEquals("mine", Files.readString(notes), "--force never deletes a file that is not a region's");
        assertTrue(Files.exists(region.resolve("region.desc")), "nor the region, when it refuses");
    }

    @Test
    void shouldExitTwoWithALineNamingTheOption() throws IOException {
        String data = directory.resolve("bad").toString();
        assertBadInput("--block-size: must be a power of two from 512 to 32768 bytes, got 1000",
                "--data", data, "--block-size", "1000");
        assertBadInput("--extent-size: must be at least 1 block, got 0", "--data", data, "--extent-size", "0");
        assertBadInput("--extent-count: must be at least 1, got -3", "--data", data, "--extent-count", "-3");
        assertBadInput("Missing required option: '--data=DIR'");
        assertBadInput("Invalid value for option '--extent-size': 'lots' is not an int",
                "--data", data, "--extent-size", "lots");
        assertTrue(Files.notExists(Path.of(data)), "bad input creates nothing");

        Path file = Files.writeString(directory.resolve("a-file"), "");
        assertOneLine(CrucibleSim.EXIT_BAD_INPUT, "crucible-sim: --data: cannot create a region in " + file
                + ": not a directory", execute("downstairs", "create", "--data", file.toString()));
    }

    @Test
    void shouldDocumentTheOptionsInHelp() {
        CliResult result = execute("downstairs", "create", "--help");
        assertEquals(0, result.exitCode());
        for (String option : new String[] {"--data", "--block-size", "--extent-size", "--extent-count", "--force",
            "downstairs run --data"}) {
            assertTrue(result.out().contains(option), () -> "help lacks " + option + ":\n" + result.out());
        }
        assertTrue(execute("downstairs", "--help").out().contains("create"), "the downstairs help lists it");
    }

    /** @return the UUID the one line printed names, after checking the line names the directory */
    private static UUID create(Path region, String... options) {
        String[] args = new String[options.length + 4];
        System.arraycopy(new String[] {"downstairs", "create", "--data", region.toString()}, 0, args, 0, 4);
        System.arraycopy(options, 0, args, 4, options.length);
        CliResult result = execute(args);
        assertEquals(CrucibleSim.EXIT_OK, result.exitCode(), result.err());
        assertEquals("", result.err());
        assertEquals(1, result.out().lines().count(), result.out());
        Matcher created = CREATED.matcher(result.out().strip());
        assertTrue(created.matches(), result.out());
        assertEquals(region.toString(), created.group(2));
        return UUID.fromString(created.group(1));
    }

    private static void assertBadInput(String expected, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "downstairs";
        args[1] = "create";
        System.arraycopy(options, 0, args, 2, options.length);
        CliResult result = execute(args);
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), () -> Arrays.toString(args) + ": " + result.err());
        assertEquals("crucible-sim: " + expected, result.firstErrLine(), Arrays.toString(args));
        assertEquals("", result.out());
    }

    private static void assertOneLine(int exitCode, String line, CliResult result) {
        assertEquals(exitCode, result.exitCode(), result.err());
        assertEquals(line, result.err().strip());
        assertEquals("", result.out());
    }
}
