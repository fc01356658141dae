package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every histogram in the seed README, rebuilt from its bucket counts and printed; compared line by
 * line after rstrip, because the README stripped trailing spaces (spec §9(a)).
 */
class SeedHistogramTest {

    @Test
    void shouldReproduceTheWholePerfdwDumpInTheSeedsValueOrder() {
        List<String> seed = SeedBlocks.lines("perfdw-dump.txt");
        List<SeedBlocks.SeedHistogram> histograms = new ArrayList<>(SeedBlocks.histograms(seed));
        assertEquals(9, histograms.size());
        // Feed in a scrambled order: the seed's order must come from sorting by value alone.
        Collections.shuffle(histograms, new Random(42));
        DProgram program = new DProgram();
        Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING, KeyType.INT64);
        for (SeedBlocks.SeedHistogram histogram : histograms) {
            for (long[] row : histogram.rows()) {
                time.aggregate(histogram.stringKey(), histogram.numberKey(), row[0], row[1]);
            }
        }

        program.end(RunEnd.EXIT, null);

        // After ^C the seed shows the pre-dump newline as its first (blank) line, as EXIT does.
        assertEquals(seed, SeedBlocks.rstripped(program.stdout()));
    }

    @Test
    void shouldReproduceThePerfgwDumpWithTheTruncatedLastRowCorrected() {
        List<String> seed = SeedBlocks.lines("perfgw-dump.txt");
        List<SeedBlocks.SeedHistogram> histograms = SeedBlocks.histograms(seed);
        assertEquals(List.of("write", "read", "flush"), histograms.stream().map(SeedBlocks.SeedHistogram::stringKey)
                .toList());
        DProgram program = new DProgram();
        Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
        for (int i = histograms.size() - 1; i >= 0; i--) {
            for (long[] row : histograms.get(i).rows()) {
                time.aggregate(AggregationKey.of(histograms.get(i).stringKey()), row[0], row[1]);
            }
        }

        program.end(RunEnd.EXIT, null);
        List<String> printed = SeedBlocks.rstripped(program.stdout());

        String truncated = seed.get(seed.size() - 1);
        assertEquals("       134217728 |", truncated);
        assertEquals(seed.subList(0, seed.size() - 1), printed.subList(0, seed.size() - 1));
        assertEquals("       134217728 |                                         0", printed.get(seed.size() - 1));
        assertTrue(printed.get(seed.size() - 1).startsWith(truncated));
        assertEquals("", printed.get(printed.size() - 1), "the record terminator follows the last row");
        assertEquals(seed.size() + 1, printed.size());
    }

    @Test
    void shouldRenderEachSeedHistogramOnItsOwn() {
        List<SeedBlocks.SeedHistogram> all = new ArrayList<>(SeedBlocks.histograms(SeedBlocks.lines("perfdw-dump.txt")));
        all.addAll(SeedBlocks.histograms(SeedBlocks.lines("perfgw-dump.txt")));
        assertEquals(12, all.size());
        for (SeedBlocks.SeedHistogram histogram : all) {
            DProgram program = new DProgram();
            boolean perfdw = histogram.keyLine().strip().contains(" ");
            Aggregation time = perfdw
                    ? program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING, KeyType.INT64)
                    : program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
            AggregationKey key = perfdw ? AggregationKey.of(histogram.stringKey(), histogram.numberKey())
                    : AggregationKey.of(histogram.stringKey());
            for (long[] row : histogram.rows()) {
                time.aggregate(key, row[0], row[1]);
            }

            List<String> printed = SeedBlocks.rstripped(program.renderUnprinted());

            assertEquals(histogram.keyLine(), printed.get(0));
            assertEquals("           value  ------------- Distribution ------------- count", printed.get(1));
            assertEquals(histogram.rows().size(), printed.size() - 3, histogram.keyLine());
            for (int i = 0; i < histogram.rows().size(); i++) {
                long[] row = histogram.rows().get(i);
                assertTrue(printed.get(2 + i).startsWith(String.format("%16d |", row[0])), printed.get(2 + i));
                assertTrue(printed.get(2 + i).endsWith(" " + row[1]), printed.get(2 + i));
            }
        }
    }
}
