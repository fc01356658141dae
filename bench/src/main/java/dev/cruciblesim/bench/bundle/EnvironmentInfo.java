package dev.cruciblesim.bench.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and when a run happened: the build that ran, JVM, OS, CPU, start time. Kept in
 * environment.json, apart from report.json, because none of it may influence what a virtual-time
 * run reports.
 *
 * @param build the commit the running jar was built from (not the working directory's checkout)
 */
public record EnvironmentInfo(BuildInfo build, Instant startTime) {
    public static EnvironmentInfo capture(Instant startTime) {
        return new EnvironmentInfo(BuildInfo.current(), startTime);
    }

    /** @return the short commit of the build, or "unknown" */
    public String commit() {
        return build.commit();
    }

    /** @param runFacts what the runtime measured about itself (wall time, simulation speed) */
    public String render(String runId, String toolVersion, Map<String, Object> runFacts) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("run_id", runId);
        root.put("tool_version", toolVersion);
        root.put("commit", build.commit());
        root.put("dirty", build.dirty());
        root.put("build_time", build.buildTime());
        root.put("commit_time", build.commitTime());
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
