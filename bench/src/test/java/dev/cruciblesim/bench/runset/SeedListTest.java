package dev.cruciblesim.bench.runset;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --seeds SPEC}: ranges and lists, in the order written, each seed once. */
class SeedListTest {
    @Test
    void readsRangesListsAndBothInTheOrderWritten() {
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), SeedList.parse("1..8").seeds());
        assertEquals(List.of(1L, 5L, 9L), SeedList.parse("1,5,9").seeds());
        assertEquals(List.of(1L, 2L, 3L, 7L), SeedList.parse("1..3,7").seeds());
        assertEquals(List.of(9L, 1L), SeedList.parse(" 9 , 1 ").seeds());
        assertEquals(List.of(-2L, -1L, 0L, 1L), SeedList.parse("-2..1").seeds());
        assertEquals(List.of(4L), SeedList.parse("4..4").seeds());
        assertEquals(List.of(Long.MAX_VALUE - 1, Long.MAX_VALUE),
                SeedList.parse((Long.MAX_VALUE - 1) + ".." + Long.MAX_VALUE).seeds());
        assertEquals(SeedList.MAX_SEEDS, SeedList.parse("1..10000").size());
    }

    @Test
    void refusesWhatIsNoSetOfSeeds() {
        for (String bad : List.of("0..", "..3", "5..1", "a,b", "1,,2", "1..3,2", "1,1", "1...3", "1..10001",
                "5000..9999,1..5001", Long.MIN_VALUE + ".." + Long.MAX_VALUE, "", " ")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> SeedList.parse(bad),
                    bad);
            assertTrue(!refused.getMessage().isBlank() && !refused.getMessage().contains("\n"), refused.getMessage());
        }
    }
}
