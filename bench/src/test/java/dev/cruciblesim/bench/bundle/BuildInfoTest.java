package dev.cruciblesim.bench.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A run names the commit its jar was built from, wherever it is started. */
class BuildInfoTest {
    @Test
    void shouldReadTheFactsTheBuildRecorded() {
        Properties properties = new Properties();
        properties.setProperty("git.commit.id.abbrev", "c4afc88");
        properties.setProperty("git.dirty", "false");
        properties.setProperty("git.build.time", "2026-12-01T22:11:24Z");
        properties.setProperty("git.commit.time", "2026-12-01T22:08:48Z");

        BuildInfo build = BuildInfo.fromProperties(properties);

        assertEquals(new BuildInfo("c4afc88", false, "2026-12-01T22:11:24Z", "2026-12-01T22:08:48Z"), build);
        assertEquals("commit c4afc88, built 2026-12-01T22:11:24Z", build.describe());
    }

    @Test
    void shouldSayUnknownForABuildWithoutGit() {
        BuildInfo build = BuildInfo.fromProperties(new Properties());

        assertEquals(new BuildInfo("unknown", null, null, null), build);
        assertEquals("commit unknown (built without a git checkout)", build.describe());
    }

    @Test
    void shouldRecordTheCheckoutsOwnCommitIntoTheBuild() throws Exception {
        String head = git(Path.of("."), "rev-parse", "--short=7", "HEAD");
        assumeTrue(head != null, "this build is not in a git checkout");
        assertEquals(head, BuildInfo.current().commit());
    }

    /**
     * Started in a directory that is no git repository (before, environment.json then said
     * "unknown"), the run still names the build's commit, in environment.json and in the run id.
     */
    @Test
    void shouldNameTheBuildsCommitWhenRunOutsideAnyGitRepository(@TempDir Path elsewhere) throws Exception {
        assumeTrue(!BuildInfo.UNKNOWN_COMMIT.equals(BuildInfo.current().commit()), "this build had no git checkout");
        assumeTrue(git(elsewhere, "rev-parse", "HEAD") == null, elsewhere + " is inside a git repository");
        Path runs = elsewhere.resolve("runs");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.cruciblesim.bench.cli.CrucibleSim", "run",
                "--clock", "virtual", "--ios", "20", "--out", runs.toString())
                .directory(elsewhere.toFile()).redirectErrorStream(true)
                .redirectOutput(elsewhere.resolve("output.txt").toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the run did not end");
        assertEquals(0, process.exitValue(), () -> read(elsewhere.resolve("output.txt")));

        List<Path> bundles;
        try (Stream<Path> listing = Files.list(runs)) {
            bundles = listing.toList();
        }
        assertEquals(1, bundles.size());
        JsonNode environment = new ObjectMapper().readTree(bundles.get(0).resolve("environment.json").toFile());
        assertEquals(BuildInfo.current().commit(), environment.get("commit").asText());
        assertNotEquals(BuildInfo.UNKNOWN_COMMIT, environment.get("commit").asText());
        assertEquals(BuildInfo.current().dirty(), environment.get("dirty").asBoolean());
        assertEquals(BuildInfo.current().buildTime(), environment.get("build_time").asText());
        assertTrue(bundles.get(0).getFileName().toString().endsWith("-" + BuildInfo.current().commit()),
                bundles.get(0).toString());
    }

    @Test
    void shouldPrintTheBuildsCommitWithTheVersion() {
        java.io.StringWriter out = new java.io.StringWriter();
        int exitCode = dev.cruciblesim.bench.cli.CrucibleSim.execute(new String[] {"--version"},
                new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(0, exitCode);
        assertTrue(out.toString().contains(BuildInfo.current().describe()), out.toString());
        assertTrue(out.toString().contains("commit "), out.toString());
    }

    @Test
    void shouldLeaveDirtyUnknownWithoutACommit() {
        Properties properties = new Properties();
        properties.setProperty("git.dirty", "true");
        assertNull(BuildInfo.fromProperties(properties).dirty());
    }

    /** @return git's output in {@code directory}, stripped, or null when git fails or is missing */
    private static String git(Path directory, String... args) throws InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("build-info-git", ".out");
            try {
                Process process = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return null;
                }
                return process.exitValue() == 0 ? Files.readString(output, StandardCharsets.UTF_8).strip() : null;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
