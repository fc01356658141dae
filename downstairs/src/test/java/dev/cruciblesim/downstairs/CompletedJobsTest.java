package dev.cruciblesim.downstairs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletedJobsTest {
    @Test
    void shouldKeepInOrderCompletionsAsOneRange() {
        CompletedJobs completed = new CompletedJobs();
        for (long id = 1000; id < 1100; id++) {
            completed.add(id);
        }
        assertEquals(1, completed.rangeCount());
        assertEquals(100, completed.size());
        assertTrue(completed.containsAll(1000, 1099));
        assertFalse(completed.containsAll(999, 1099));
        assertFalse(completed.containsAll(1000, 1100));
    }

    @Test
    void shouldMergeRangesWhenAGapFills() {
        CompletedJobs completed = new CompletedJobs();
        completed.add(1000);
        completed.add(1002);
        completed.add(1004);
        assertEquals(3, completed.rangeCount());
        assertFalse(completed.containsAll(1000, 1002));

        completed.add(1001);
        assertEquals(2, completed.rangeCount());
        completed.add(1003);
        assertEquals(1, completed.rangeCount());
        assertTrue(completed.containsAll(1000, 1004));
        assertEquals(5, completed.size());
    }

    @Test
    void shouldExtendARangeDownwards() {
        CompletedJobs completed = new CompletedJobs();
        completed.add(1005);
        completed.add(1004);
        completed.add(1001);
        assertEquals(2, completed.rangeCount());
        assertTrue(completed.containsAll(1004, 1005));
        assertTrue(completed.contains(1001));
        assertFalse(completed.contains(1003));
    }

    @Test
    void shouldIgnoreDuplicatesAndTreatEmptyRangesAsMet() {
        CompletedJobs completed = new CompletedJobs();
        completed.add(7);
        completed.add(7);
        assertEquals(1, completed.size());
        assertTrue(completed.containsAll(5, 4));
    }

    @Test
    void shouldGrowPastItsInitialCapacity() {
        CompletedJobs completed = new CompletedJobs();
        for (long id = 0; id < 100; id += 2) {
            completed.add(id);
        }
        assertEquals(50, completed.rangeCount());
        for (long id = 1; id < 100; id += 2) {
            completed.add(id);
        }
        assertEquals(1, completed.rangeCount());
        assertTrue(completed.containsAll(0, 99));
    }

    @Test
    void shouldForgetEverythingOnClear() {
        CompletedJobs completed = new CompletedJobs();
        completed.add(1);
        completed.clear();
        assertFalse(completed.contains(1));
        assertEquals(0, completed.size());
    }
}
