package dev.cruciblesim.bench.workload.gen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;
import java.util.function.Function;

import static dev.cruciblesim.bench.workload.gen.Statistics.assertProportion;
import static dev.cruciblesim.bench.workload.gen.Statistics.standardErrorsAway;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockSizesTest {
    private static final int BLOCK = 512;
    private static final int MAX_IO = 1 << 20;
    private static final int DRAWS = 1_000_000;

    private static Function<String, BlockSizes> factory(String option) {
        return switch (option) {
            case "bs" -> BlockSizes::fixed;
            case "bssplit" -> BlockSizes::split;
            default -> BlockSizes::range;
        };
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bs      | 4k                           | bs=4k                           | 4096  | 4096",
        "bs      | 4k,64k                       | bs=4k,64k                       | 4096  | 65536",
        "bs      | 8k,32k,                      | bs=8k,32k,4k                    | 8192  | 32768",
        "bs      | ,8k                          | bs=4k,8k                        | 4096  | 8192",
        "bs      | 1MiB                         | bs=1m                           | 1048576 | 1048576",
        "bs      | 4 KiB                        | bs=4k                           | 4096  | 4096",
        "bs      | 512,1_024                    | bs=512,1k                       | 512   | 1024",
        "bs      | 4k,4k,1m                     | bs=4k,4k,1m                     | 4096  | 4096",
        "bssplit | 4k/10:64k/50:32k/40          | bssplit=4k/10:64k/50:32k/40     | 4096  | 65536",
        "bssplit | 4k/50:1k/:32k/               | bssplit=4k/50:1k:32k            | 1024  | 32768",
        "bssplit | 2k/50:4k/50,4k/90:8k/10      | bssplit=2k/50:4k/50,4k/90:8k/10 | 2048  | 8192",
        "bssplit | 16k                          | bssplit=16k                     | 16384 | 16384",
        "bsrange | 1k-4k                        | bsrange=1k-4k                   | 1024  | 4096",
        "bsrange | 4k:1k                        | bsrange=1k-4k                   | 1024  | 4096",
        "bsrange | 1k-4k,2k-8k                  | bsrange=1k-4k,2k-8k             | 1024  | 8192",
    })
    void shouldReadFiosFormsAndDescribeThemCanonically(String option, String text, String canonical, int min,
            int max) {
        BlockSizes sizes = factory(option).apply(text);
        assertEquals(canonical, sizes.describe());
        assertEquals(min, sizes.minBytes(), "min");
        assertEquals(max, sizes.maxBytes(), "max");
        String value = canonical.substring(canonical.indexOf('=') + 1);
        assertEquals(sizes, factory(option).apply(value), "reads back");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bs      | 4q                  | bs: '4q' is not a size (bytes, or a whole number with k, K, KiB, m, M or MiB)",
        "bs      | 4kb                 | bs: '4kb' is not a size",
        "bs      | 0                   | bs: a size must be at least 1 byte, got '0'",
        "bs      | 3000m               | bs: '3000m' is too large",
        "bs      | 4k,8k,16k,32k       | bs: at most three comma-separated values (read,write,trim), got 4",
        "bs      | 4k,x                | bs: 'x' (write) is not a size",
        "bssplit | 4k/10:64k/50        | bssplit: the percentages add up to 60, not 100",
        "bssplit | 4k/60:8k/50:16k     | bssplit: the percentages add up to 110, more than 100",
        "bssplit | 4k/abc              | bssplit: the percentage of 4k must be a whole number 0..100, got 'abc'",
        "bssplit | 4k/101              | bssplit: the percentage of 4k must be a whole number 0..100, got '101'",
        "bssplit | 4k/50:4k/50,4k/90:8k/20 | bssplit: the percentages (write) add up to 110, more than 100",
        "bssplit | /50:4k/50           | bssplit: '' is not a size",
        "bsrange | 4k                  | bsrange: '4k' is not a range like 1k-4k or 1k:4k",
        "bsrange | 1k-x                | bsrange: 'x' is not a size",
    })
    void shouldNameTheOptionAndTheBadPart(String option, String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory(option).apply(text));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void shouldRefuseMoreThanSixtyFourSplitEntries() {
        String entries = "4k:".repeat(65);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlockSizes.split(entries.substring(0, entries.length() - 1)));
        assertEquals("bssplit: at most 64 sizes per direction, got 65", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bs      | 4k,6000     | bs: 6000 bytes (write) is not a multiple of the volume's 512-byte block size",
        "bs      | 2m          | bs: 2097152 bytes (read) exceeds the largest IO of 1048576 bytes",
        "bssplit | 4k/50:3k/50 | bssplit: 3072 bytes (read) is not a multiple of the volume's 4096-byte block size",
        "bsrange | 4k-3000     | bsrange: 3000 bytes (read) is not a multiple of the volume's 512-byte block size",
    })
    void shouldNameASizeTheVolumeCannotTake(String option, String text, String message) {
        int block = text.contains("3k") ? 4096 : BLOCK;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory(option).apply(text).validated(block, MAX_IO));
        assertEquals(message, e.getMessage());
    }

    @Test
    void shouldNotValidateTheTrimSizeTheVolumeNeverIssues() {
        BlockSizes sizes = BlockSizes.fixed("4k,4k,3000");
        assertEquals(sizes, sizes.validated(BLOCK, MAX_IO));
    }

    @Test
    void shouldDrawEachDirectionFromItsOwnSizes() {
        BlockSizes sizes = BlockSizes.fixed("4k,64k").validated(BLOCK, MAX_IO);
        SplittableRandom random = new SplittableRandom(1);
        assertEquals(4096, sizes.nextBytes(false, random));
        assertEquals(65536, sizes.nextBytes(true, random));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"bs | 4k", "bssplit | 4k/100:8k/0", "bssplit | 8k/50:8k/50", "bsrange | 4k-4k"})
    void shouldDrawNothingForASingleSize(String option, String text) {
        BlockSizes sizes = factory(option).apply(text).validated(BLOCK, MAX_IO);
        SplittableRandom random = new SplittableRandom(99);
        SplittableRandom twin = new SplittableRandom(99);
        for (int i = 0; i < 10; i++) {
            sizes.nextBytes(i % 2 == 0, random);
        }
        assertEquals(twin.nextLong(), random.nextLong(), "the stream moved");
    }

    @Test
    void shouldDrawSplitSizesAtTheirPercentages() {
        BlockSizes sizes = BlockSizes.split("4k/10:64k/50:32k/40").validated(BLOCK, MAX_IO);
        long[] counts = counts(sizes, false, new int[] {4096, 65536, 32768}, 5);
        assertProportion(0.10, counts[0], DRAWS, "4k");
        assertProportion(0.50, counts[1], DRAWS, "64k");
        assertProportion(0.40, counts[2], DRAWS, "32k");
    }

    @Test
    void shouldSplitTheRemainderExactlyBetweenBlankEntries() {
        BlockSizes sizes = BlockSizes.split("4k/:8k/:16k").validated(BLOCK, MAX_IO);
        long[] counts = counts(sizes, true, new int[] {4096, 8192, 16384}, 6);
        for (int i = 0; i < 3; i++) {
            assertProportion(1.0 / 3, counts[i], DRAWS, "entry " + i);
        }
        // fio's integer division would give 33% each and the lost 1% to one entry; 34% is far outside the error.
        assertTrue(standardErrorsAway(0.34, counts[2], DRAWS) > Statistics.STANDARD_ERRORS);
    }

    @Test
    void shouldDrawRangeSizesAsMultiplesOfTheMinimumEquallyOften() {
        BlockSizes sizes = BlockSizes.range("1k-4k").validated(BLOCK, MAX_IO);
        long[] counts = counts(sizes, false, new int[] {1024, 2048, 3072, 4096}, 8);
        for (int i = 0; i < 4; i++) {
            assertProportion(0.25, counts[i], DRAWS, (i + 1) + "k");
        }
    }

    @Test
    void shouldGiveTheMaximumFiosLeftoverWhenItIsNotAMultipleOfTheMinimum() {
        // fio: 3k + floor(8k * u) aligned down to 3k and capped at 8k: 3k and 6k each 3/8, 8k the remaining 2/8.
        BlockSizes sizes = BlockSizes.range("3k-8k").validated(BLOCK, MAX_IO);
        long[] counts = counts(sizes, true, new int[] {3072, 6144, 8192}, 9);
        assertProportion(3.0 / 8, counts[0], DRAWS, "3k");
        assertProportion(3.0 / 8, counts[1], DRAWS, "6k");
        assertProportion(2.0 / 8, counts[2], DRAWS, "8k");
    }

    /** Counts the draws of each listed size, failing on any other size or one not aligned to the block. */
    private static long[] counts(BlockSizes sizes, boolean write, int[] expectedSizes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] counts = new long[expectedSizes.length];
        for (int i = 0; i < DRAWS; i++) {
            int bytes = sizes.nextBytes(write, random);
            assertEquals(0, bytes % BLOCK, () -> "unaligned size " + bytes);
            assertTrue(bytes >= sizes.minBytes() && bytes <= sizes.maxBytes(), () -> "size " + bytes + " out of range");
            int index = 0;
            while (index < expectedSizes.length && expectedSizes[index] != bytes) {
                index++;
            }
            assertTrue(index < expectedSizes.length, () -> "unexpected size " + bytes);
            counts[index]++;
        }
        return counts;
    }
}
