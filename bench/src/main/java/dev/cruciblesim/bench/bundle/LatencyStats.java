package dev.cruciblesim.bench.bundle;

import dev.cruciblesim.tracing.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleToLongFunction;

/**
 * Summary statistics of one latency distribution, as the bundle's JSON files write them; the
 * statistics themselves come from {@link LatencyHistograms}, whose one percentile rule (the
 * bucket's highest equivalent value clamped to the exact min and max) every file reports.
 */
final class LatencyStats {
    /** The percentiles report.json gives every metric. */
    static final double[] REPORT_PERCENTILES = {50, 90, 99, 99.9, 99.99};
    /** fio's default percentile list (3.33). */
    static final double[] FIO_PERCENTILES = {1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};

    private LatencyStats() {
    }

    /**
     * @param percentileNs the distribution's percentile function, percentile to ns
     * @return {"50": ns, "90": ns, ...}, the keys as the numbers print shortest
     */
    static Map<String, Object> percentiles(DoubleToLongFunction percentileNs) {
        Map<String, Object> percentiles = new LinkedHashMap<>();
        for (double percentile : REPORT_PERCENTILES) {
            String key = percentile == Math.rint(percentile) ? Long.toString((long) percentile)
                    : Double.toString(percentile);
            percentiles.put(key, percentileNs.applyAsLong(percentile));
        }
        return percentiles;
    }

    /** The histogram in HdrHistogram's compressed V2 encoding, base64: any HdrHistogram can decode it. */
    static String compressedBase64(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer, 9);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
