package dev.cruciblesim.tracing.d;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Globals, associative arrays (0 deletes, missing reads 0 or ""), clause-locals and thread-locals. */
class VariablesTest {
    private final Components upstairs = new Components(1);

    @Test
    void shouldDeleteAnEntryAssignedZeroAndReadAMissingOneAsZero() {
        DScript script = upstairs.run("BEGIN { a[1] = 5; a[2] = 6; a[1] = 0; printf(\"%d %d %d\", a[1], a[2], a[3]); }",
                Scripts.QUIET);

        assertEquals("0 6 0", script.stdout());
        assertEquals(1, script.arrayEntries("a"));
    }

    @Test
    void shouldKeyByTuplesOfStringsAndIntegers() {
        DScript script = upstairs.run("BEGIN { t[\"x\", 1] = 10; t[\"x\", 2] = 20; t[\"y\", 1] = 30;"
                + " t[\"x\", 2] = 0; s[1, 2, 3] = 7;"
                + " printf(\"%d %d %d %d\", t[\"x\", 1], t[\"x\", 2], t[\"y\", 1], s[1, 2, 3]); }", Scripts.QUIET);

        assertEquals("10 0 30 7", script.stdout());
        assertEquals(2, script.arrayEntries("t"));
        assertEquals(1, script.arrayEntries("s"));
    }

    @Test
    void shouldDeleteAStringEntryAssignedTheEmptyStringAndReadAMissingOneAsEmpty() {
        DScript script = upstairs.run("BEGIN { n[1] = \"one\"; n[2] = \"two\"; n[2] = \"\";"
                + " printf(\"[%s][%s][%s]\", n[1], n[2], n[9]); }", Scripts.QUIET);

        assertEquals("[one][][]", script.stdout());
        assertEquals(1, script.arrayEntries("n"));
    }

    @Test
    void shouldKeepStartStampsAcrossClausesLikePerfgw() {
        DScript script = upstairs.run("gw-read-start { start[arg0] = timestamp; }"
                + " gw-read-done /start[arg0]/ { printf(\"%d \", timestamp - start[arg0]); start[arg0] = 0; }",
                Scripts.QUIET);
        upstairs.fire("gw-read-start", 7);
        upstairs.clock.advance(250);
        upstairs.fire("gw-read-done", 7);
        upstairs.fire("gw-read-done", 7);

        assertEquals("250 ", script.stdout());
        assertEquals(0, script.arrayEntries("start"));
    }

    @Test
    void shouldKeepGlobalsBetweenFiringsAndCountWithThem() {
        DScript script = upstairs.run("gw-read-start { n++; total += arg0; last = probename; }"
                + " END { printf(\"%d %d %s\", n, total, last); }", Scripts.QUIET);
        upstairs.fire("gw-read-start", 3);
        upstairs.fire("gw-read-start", 4);
        script.finish();

        assertEquals("2 7 gw-read-start\n", script.stdout());
    }

    @Test
    void shouldShareClauseLocalsAmongOneFiringsClausesAndClearThemForTheNext() {
        // BEGIN declares this->seen (as int64_t) before the clauses read it, as D requires.
        DScript script = upstairs.run("BEGIN { this->seen = (int64_t)0; }"
                + " gw-read-start { printf(\"<%d \", this->seen); this->seen = arg0; }"
                + " gw-read-start { printf(\"%d> \", this->seen); this->seen = 0; }"
                + " gw-read-start /arg0 == 6/ { this->seen = 99; }", Scripts.QUIET);
        upstairs.fire("gw-read-start", 5);
        upstairs.fire("gw-read-start", 6);
        upstairs.fire("gw-read-start", 7);

        assertEquals("<0 5> <0 6> <0 7> ", script.stdout());
    }

    @Test
    void shouldGiveEachThreadItsOwnThreadLocals() throws InterruptedException {
        DScript script = upstairs.run("gw-read-start { self->count++; @per[tid] = max(self->count); }", Scripts.QUIET);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int firings = (t + 1) * 10;
            threads.add(new Thread(() -> {
                for (int i = 0; i < firings; i++) {
                    upstairs.fire("gw-read-start", i);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        script.finish();

        List<Long> maxima = script.aggregations().get(0).snapshot().stream().map(r -> r.state()[0]).sorted().toList();
        assertEquals(List.of(10L, 20L, 30L), maxima);
    }

    @Test
    void shouldKeepThreadLocalsPerComponentInVirtualTime() {
        Components other = new Components(upstairs.registry, 2);
        DScript script = DScript.compile("gw-read-start { self->n++; @n[pid] = max(self->n); @tids[tid] = count(); }",
                "x.d", Scripts.QUIET.withThreadPerComponent(true));
        script.enable(upstairs.registry);

        for (int i = 0; i < 3; i++) {
            upstairs.fire("gw-read-start", i);
        }
        other.fire("gw-read-start", 9);

        List<String> maxima = script.aggregations().get(0).snapshot().stream()
                .map(r -> r.key().number(0) + "=" + r.state()[0]).sorted().toList();
        assertEquals(List.of("1=3", "2=1"), maxima);
        assertEquals(2, script.aggregations().get(1).snapshot().size(), "each component has its own tid");
    }

    @Test
    void shouldTypeAVariableByItsFirstAssignment() {
        // x is an int: its arithmetic wraps at 32 bits; y took timestamp's uint64_t (BEGIN's clock reads 7 here).
        assertEquals("-2147483648 1000000008", upstairs.run(
                "BEGIN { x = 2147483647; x = x + 1; y = timestamp; y = y + 1000000001; printf(\"%d %d\", x, y); }",
                Scripts.QUIET.withClock(() -> 7L)).stdout());
    }

    @Test
    void shouldEvaluateAnUpdatedElementsKeysOnce() {
        // One key, two keys and a tuple with a string: the element read is the element written, as in D.
        assertEquals("1 5 0|2 1 0|3 2 0|4 7", upstairs.run("BEGIN { i = 0; a[i++] += 5; printf(\"%d %d %d|\", i, a[0], a[1]);"
                + " b[i++]++; printf(\"%d %d %d|\", i, b[1], b[2]);"
                + " c[i++, 9] += 2; printf(\"%d %d %d|\", i, c[2, 9], c[3, 9]);"
                + " d[i++, \"k\"] = 3; d[3, \"k\"] += 4; printf(\"%d %d\", i, d[3, \"k\"]); }",
                Scripts.QUIET).stdout());
    }

    @Test
    void shouldGiveTheOldValueAfterAPostfixStepAndTheNewOneBeforeAPrefix() {
        // x is a uint8_t: 255++ wraps to 0, and 0-- back to 255.
        assertEquals("255 0 1 1 255", upstairs.run("BEGIN { x = (uint8_t)255; y = x++; z = x; w = ++x; v = x--;"
                + " u = --x; printf(\"%d %d %d %d %d\", y, z, w, v, u); }", Scripts.QUIET).stdout());
    }

    @Test
    void shouldReadStringsFromThreadAndClauseLocals() {
        assertEquals("[][ab]", upstairs.run("BEGIN { self->s = \"ab\"; this->t = \"\"; printf(\"[%s][%s]\", this->t, self->s); }",
                Scripts.QUIET).stdout());
    }
}
