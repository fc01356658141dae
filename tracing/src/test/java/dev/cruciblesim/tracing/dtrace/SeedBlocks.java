package dev.cruciblesim.tracing.dtrace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the seed README blocks copied under {@code src/test/resources/seed/}, and rstrips output for comparison. */
public final class SeedBlocks {
    private SeedBlocks() {
    }

    public static List<String> lines(String resource) {
        try (InputStream in = SeedBlocks.class.getResourceAsStream("/seed/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /seed/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the lines of {@code text} with trailing spaces removed, as the seed README shows them */
    public static List<String> rstripped(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.lines().toList()) {
            lines.add(line.stripTrailing());
        }
        return lines;
    }

    /** One histogram record parsed from the seed: its key line and its (bucket label, count) rows. */
    public record SeedHistogram(String keyLine, List<long[]> rows) {
        public String stringKey() {
            String trimmed = keyLine.strip();
            int gap = trimmed.indexOf("  ");
            return gap < 0 ? trimmed : trimmed.substring(0, gap);
        }

        public long numberKey() {
            String trimmed = keyLine.strip();
            return Long.parseLong(trimmed.substring(trimmed.lastIndexOf(' ') + 1));
        }
    }

    /** Parses a dump block: records separated by blank lines; a row without a count (truncated) counts 0. */
    public static List<SeedHistogram> histograms(List<String> lines) {
        List<SeedHistogram> histograms = new ArrayList<>();
        String keyLine = null;
        List<long[]> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                if (keyLine != null) {
                    histograms.add(new SeedHistogram(keyLine, rows));
                }
                keyLine = null;
                rows = new ArrayList<>();
            } else if (keyLine == null) {
                keyLine = line;
            } else if (line.contains("|")) {
                String label = line.substring(0, line.indexOf('|')).strip();
                String[] after = line.substring(line.indexOf('|') + 1).strip().split("\\s+");
                String last = after[after.length - 1];
                long count = last.matches("-?\\d+") ? Long.parseLong(last) : 0;
                rows.add(new long[] {Long.parseLong(label), count});
            }
        }
        if (keyLine != null) {
            histograms.add(new SeedHistogram(keyLine, rows));
        }
        return histograms;
    }
}
