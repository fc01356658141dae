package dev.cruciblesim.bench.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where and when a run happened: commit, JVM, OS, CPU, start time. Kept in environment.json,
 * apart from report.json, because none of it may influence what a virtual-time run reports.
 *
 * @param commit the short commit of the working directory's git checkout, or "unknown"
 * @param dirty  whether that checkout had uncommitted changes; null when unknown
 */
public record EnvironmentInfo(String commit, Boolean dirty, Instant startTime) {
    private static final long GIT_TIMEOUT_MS = 5_000;

    /** Asks git (if it is there) about the current directory; never fails the run. */
    public static EnvironmentInfo capture(Instant startTime) {
        String commit = git("rev-parse", "--short=7", "HEAD");
        Boolean dirty = null;
        if (commit != null) {
            String status = git("status", "--porcelain", "--untracked-files=no");
            dirty = status == null ? null : !status.isBlank();
        }
        return new EnvironmentInfo(commit == null ? "unknown" : commit.strip(), dirty, startTime);
    }

    private static String git(String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        try {
            // Output goes to a file, so a git that hangs cannot block a read: the timeout holds.
            Path output = Files.createTempFile("crucible-sim-git", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(GIT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return null;
                }
                return process.exitValue() == 0 ? Files.readString(output, StandardCharsets.UTF_8) : null;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** @param runFacts what the runtime measured about itself (wall time, simulation speed) */
    public String render(String runId, String toolVersion, Map<String, Object> runFacts) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("run_id", runId);
        root.put("tool_version", toolVersion);
        root.put("commit", commit);
        root.put("dirty", dirty);
        root.put("start_time", startTime.toString());
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("name", System.getProperty("java.vm.name"));
        jvm.put("vendor", System.getProperty("java.vm.vendor"));
        jvm.put("version", System.getProperty("java.runtime.version"));
        jvm.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        root.put("jvm", jvm);
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("name", System.getProperty("os.name"));
        os.put("version", System.getProperty("os.version"));
        os.put("arch", System.getProperty("os.arch"));
        root.put("os", os);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("model", cpuModel());
        cpu.put("count", Runtime.getRuntime().availableProcessors());
        root.put("cpu", cpu);
        root.put("run", runFacts);
        return Json.write(root);
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    return colon < 0 ? line : line.substring(colon + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: the model is just unknown.
        }
        return "unknown";
    }
}
