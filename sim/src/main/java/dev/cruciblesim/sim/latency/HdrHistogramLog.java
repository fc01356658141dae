package dev.cruciblesim.sim.latency;

import dev.cruciblesim.sim.io.InputFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;

/**
 * Builds an empirical model from an HdrHistogram interval log (what HistogramLogWriter and our
 * {@code results/*.hlog} contain): the intervals of one tag added up, sampled over the recorded
 * value ranges. The ranges are those of the recording histogram's precision, so replaying keeps
 * whatever precision the capture had and invents none.
 */
final class HdrHistogramLog {
    private HdrHistogramLog() {
    }

    static LatencyModel load(Path file, String tag) throws IOException {
        String source = LatencyModels.sourceName(file);
        Histogram untagged = null;
        Map<String, Histogram> byTag = new LinkedHashMap<>();
        try (InputStream in = InputFiles.open(file); HistogramLogReader reader = new HistogramLogReader(in)) {
            EncodableHistogram interval;
            while ((interval = nextInterval(reader, source)) != null) {
                if (!(interval instanceof AbstractHistogram)) {
                    throw new LatencyModelException(source + ": holds a " + interval.getClass().getSimpleName()
                            + " interval; latencies must be recorded as whole nanoseconds in a Histogram");
                }
                AbstractHistogram histogram = (AbstractHistogram) interval;
                String intervalTag = histogram.getTag();
                if (intervalTag == null) {
                    untagged = addInto(untagged, histogram);
                } else {
                    byTag.put(intervalTag, addInto(byTag.get(intervalTag), histogram));
                }
            }
        }
        String usedTag = tag;
        Histogram total;
        if (tag != null) {
            total = byTag.get(tag);
            if (total == null) {
                throw new LatencyModelException(source + ": no interval with tag '" + tag + "'; "
                        + tagList(byTag, untagged != null));
            }
        } else if (untagged != null) {
            total = untagged;
        } else if (byTag.size() == 1) {
            usedTag = byTag.keySet().iterator().next();
            total = byTag.get(usedTag);
        } else if (byTag.isEmpty()) {
            throw new LatencyModelException(source + ": no interval histograms found");
        } else {
            throw new LatencyModelException(source + ": no untagged intervals and " + byTag.size()
                    + " tags; pick one with a tag: " + tagList(byTag, false));
        }
        if (total.getTotalCount() == 0) {
            String which = usedTag == null ? "the untagged intervals are" : "intervals tagged '" + usedTag + "' are";
            throw new LatencyModelException(source + ": " + which + " empty (all counts 0)");
        }
        if (total.highestEquivalentValue(total.getMaxValue()) > LatencyModels.MAX_DELAY_NS) {
            throw new LatencyModelException(source + ": holds " + total.getMaxValue() + " ns, beyond the longest "
                    + "delay modelled (" + LatencyModels.MAX_DELAY_NS + " ns)");
        }
        return toModel(total, source, usedTag);
    }

    private static EncodableHistogram nextInterval(HistogramLogReader reader, String source) {
        try {
            return reader.nextIntervalHistogram();
        } catch (RuntimeException e) {
            // The reader reports a damaged line with whatever its parser threw (Base64, decoding,
            // array bounds), often wrapped; none of them names the file, and the innermost one
            // says most about the damage.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String detail = root.getMessage() == null ? "" : ": " + root.getMessage();
            throw new LatencyModelException(source + ": not a readable HdrHistogram interval log ("
                    + root.getClass().getSimpleName() + detail + ")", e);
        }
    }

    private static Histogram addInto(Histogram sum, AbstractHistogram interval) {
        Histogram result = sum;
        if (result == null) {
            // Auto-resizing, so intervals with larger ranges (or other precisions) still add.
            result = new Histogram(interval.getNumberOfSignificantValueDigits());
        }
        result.add(interval);
        return result;
    }

    private static String tagList(Map<String, Histogram> byTag, boolean hasUntagged) {
        String tags = byTag.isEmpty() ? "the log has no tagged intervals"
                : "tags are: " + byTag.keySet().stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "));
        return hasUntagged ? tags + " (and untagged intervals)" : tags;
    }

    private static LatencyModel toModel(Histogram total, String source, String tag) {
        List<long[]> ranges = new ArrayList<>();
        for (HistogramIterationValue value : total.recordedValues()) {
            long lowestNs = total.lowestEquivalentValue(value.getValueIteratedTo());
            long highestNs = total.highestEquivalentValue(value.getValueIteratedTo());
            ranges.add(new long[] {lowestNs, highestNs, value.getCountAtValueIteratedTo()});
        }
        int n = ranges.size();
        long[] lowestNs = new long[n];
        long[] widthNs = new long[n];
        long[] counts = new long[n];
        List<Object> describedRanges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long[] range = ranges.get(i);
            lowestNs[i] = range[0];
            widthNs[i] = range[1] - range[0] + 1;
            counts[i] = range[2];
            describedRanges.add(List.of(range[0], range[1], range[2]));
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("kind", "empirical");
        description.put("format", "hdrhistogram-log");
        description.put("source", source);
        if (tag != null) {
            description.put("tag", tag);
        }
        description.put("ranges", List.copyOf(describedRanges));
        return new EmpiricalLatencyModel(lowestNs, widthNs, counts, description);
    }
}
