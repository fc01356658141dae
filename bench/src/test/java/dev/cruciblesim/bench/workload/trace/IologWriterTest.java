package dev.cruciblesim.bench.workload.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Writing fio v3 iologs: the exact text, a round trip through {@link TraceReader}, misuse, and fio's own replay. */
class IologWriterTest {
    private static final Path FIO = Path.of("/usr/bin/fio");

    @TempDir
    Path dir;

    private record Io(long timeUs, TraceOp op, long offsetBytes, int lengthBytes) {
    }

    @Test
    void shouldWriteTheLinesFioWrites() throws IOException {
        StringWriter text = new StringWriter();
        try (IologWriter log = new IologWriter(text, "crucible-sim.vol")) {
            log.begin();
            log.io(12, TraceOp.WRITE, 4096, 8192);
            log.io(12, TraceOp.READ, 0, 4096);
            log.io(30, TraceOp.FLUSH, 0, 0);
            log.io(41, TraceOp.TRIM, 1 << 20, 65536);
            log.end(50);
            // end() flushes: the log is complete before close().
            assertEquals("fio version 3 iolog\n"
                    + "0 crucible-sim.vol add\n"
                    + "0 crucible-sim.vol open\n"
                    + "12 crucible-sim.vol write 4096 8192\n"
                    + "12 crucible-sim.vol read 0 4096\n"
                    + "30 crucible-sim.vol sync 0 0\n"
                    + "41 crucible-sim.vol trim 1048576 65536\n"
                    + "50 crucible-sim.vol close\n", text.toString());
        }
    }

    @Test
    void shouldReadBackTheRecordsItWrote() throws Exception {
        Random random = new Random(7);
        List<Io> written = new ArrayList<>();
        long timeUs = 0;
        for (int i = 0; i < 5000; i++) {
            timeUs += random.nextInt(3) == 0 ? 0 : random.nextInt(500);
            TraceOp op = TraceOp.values()[random.nextInt(TraceOp.values().length)];
            if (op == TraceOp.FLUSH) {
                written.add(new Io(timeUs, op, 0, 0));
            } else {
                written.add(new Io(timeUs, op, 4096L * random.nextInt(1 << 20), 4096 * (1 + random.nextInt(256))));
            }
        }
        Path file = dir.resolve("round-trip.log");
        try (IologWriter log = new IologWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), "vol")) {
            log.begin();
            for (Io io : written) {
                log.io(io.timeUs(), io.op(), io.offsetBytes(), io.lengthBytes());
            }
            log.end(timeUs + 10);
        }

        Trace trace = TraceReader.read(file, null);
        assertEquals("fio iolog v3", trace.formatName());
        assertEquals(List.of("vol"), trace.fileNames());
        assertEquals(written.size(), trace.size());
        for (int i = 0; i < written.size(); i++) {
            Io io = written.get(i);
            assertEquals(io.timeUs() * 1000, trace.timeNs(i), "time of record " + i);
            assertEquals(io.op(), trace.op(i), "op of record " + i);
            assertEquals(io.offsetBytes(), trace.offsetBytes(i), "offset of record " + i);
            assertEquals(io.lengthBytes(), trace.lengthBytes(i), "length of record " + i);
            assertEquals(i + 4, trace.line(i));
        }
        assertEquals(0, trace.decreasingTimestamps());
        assertEquals(written.get(written.size() - 1).timeUs() * 1000, trace.durationNs());
    }

    @Test
    void shouldWriteAFlushWithTheRangeGivenWhichTheReaderDrops() throws Exception {
        Path file = dir.resolve("sync.iolog");
        try (IologWriter log = new IologWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), "v")) {
            log.begin();
            log.io(5, TraceOp.FLUSH, 8192, 0);
            log.end(6);
        }
        assertTrue(Files.readString(file).contains("\n5 v sync 8192 0\n"));
        Trace trace = TraceReader.read(file, null);
        assertEquals(0, trace.offsetBytes(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "tab\there", "new\nline", "nul\u0000"})
    void shouldRefuseAFileNameFioWouldSplitOrCannotHold(String fileName) {
        assertThrows(IllegalArgumentException.class, () -> new IologWriter(new StringWriter(), fileName));
    }

    @Test
    void shouldRefuseAFileNameLongerThanFioReads() {
        new IologWriter(new StringWriter(), "v".repeat(256));
        assertEquals("fileName must have 1 to 256 characters, got 257", assertThrows(IllegalArgumentException.class,
                () -> new IologWriter(new StringWriter(), "v".repeat(257))).getMessage());
    }

    @Test
    void shouldRefuseCallsOutOfOrder() throws IOException {
        IologWriter log = new IologWriter(new StringWriter(), "v");
        assertEquals("io() called when the writer is new; the order is begin(), io()..., end(), close()",
                assertThrows(IllegalStateException.class, () -> log.io(0, TraceOp.READ, 0, 4096)).getMessage());
        assertThrows(IllegalStateException.class, () -> log.end(0));
        log.begin();
        assertThrows(IllegalStateException.class, log::begin);
        log.end(0);
        assertThrows(IllegalStateException.class, () -> log.io(0, TraceOp.READ, 0, 4096));
        assertThrows(IllegalStateException.class, () -> log.end(0));
        log.close();
        log.close();
        assertThrows(IllegalStateException.class, log::begin);
    }

    @Test
    void shouldRefuseBadTimesRangesAndLengths() throws IOException {
        IologWriter log = new IologWriter(new StringWriter(), "v");
        log.begin();
        assertEquals("timeUs must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> log.io(-1, TraceOp.READ, 0, 4096)).getMessage());
        log.io(100, TraceOp.READ, 0, 4096);
        assertEquals("timeUs 99 is before the previous line's 100", assertThrows(IllegalArgumentException.class,
                () -> log.io(99, TraceOp.READ, 0, 4096)).getMessage());
        assertEquals("offsetBytes must be >= 0, got -4096", assertThrows(IllegalArgumentException.class,
                () -> log.io(100, TraceOp.WRITE, -4096, 4096)).getMessage());
        assertEquals("lengthBytes must be > 0 for a write, got 0", assertThrows(IllegalArgumentException.class,
                () -> log.io(100, TraceOp.WRITE, 0, 0)).getMessage());
        assertEquals("lengthBytes must be >= 0 for a flush, got -1", assertThrows(IllegalArgumentException.class,
                () -> log.io(100, TraceOp.FLUSH, 0, -1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> log.end(50));
        log.io(100, TraceOp.FLUSH, 0, 0);
        log.end(100);
    }

    @Test
    void shouldLeaveAReadableLogWhenClosedWithoutEnd() throws Exception {
        Path file = dir.resolve("cut.iolog");
        try (IologWriter log = new IologWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), "v")) {
            log.begin();
            log.io(3, TraceOp.WRITE, 0, 4096);
        }
        assertEquals("fio version 3 iolog\n0 v add\n0 v open\n3 v write 0 4096\n", Files.readString(file));
        assertEquals(1, TraceReader.read(file, null).size());
    }

    @Test
    void shouldCloseTheUnderlyingWriter() throws IOException {
        boolean[] closed = {false};
        Writer sink = new StringWriter() {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };
        new IologWriter(sink, "v").close();
        assertTrue(closed[0]);
    }

    /** fio itself replays what we write, IO for IO; skipped where fio is not installed. */
    @Test
    void shouldBeReplayedByFioWithTheSameCounts() throws Exception {
        assumeTrue(Files.isExecutable(FIO), "fio is not installed at " + FIO);
        String volume = "crucible-sim.vol";
        long volumeBytes = 4L << 20;
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(volume).toFile(), "rw")) {
            file.setLength(volumeBytes);
        }
        // No trims: fio 3.33 skips trim lines in a replayed iolog ("bad ddir: 2").
        Random random = new Random(11);
        int reads = 0;
        int writes = 0;
        int flushes = 0;
        Path log = dir.resolve("replay.iolog");
        try (IologWriter out = new IologWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), volume)) {
            out.begin();
            for (int i = 0; i < 120; i++) {
                long timeUs = 10L * (i + 1);
                int kind = random.nextInt(5);
                if (kind == 0) {
                    out.io(timeUs, TraceOp.FLUSH, 0, 0);
                    flushes++;
                } else {
                    int lengthBytes = 4096 * (1 + random.nextInt(4));
                    long offsetBytes = 4096L * random.nextInt((int) ((volumeBytes - lengthBytes) / 4096) + 1);
                    boolean read = kind <= 2;
                    out.io(timeUs, read ? TraceOp.READ : TraceOp.WRITE, offsetBytes, lengthBytes);
                    if (read) {
                        reads++;
                    } else {
                        writes++;
                    }
                }
            }
            out.end(1300);
        }

        Path output = dir.resolve("fio.out");
        Process fio = new ProcessBuilder(FIO.toString(), "--name=r", "--filename=" + volume,
                "--read_iolog=" + log.getFileName(), "--ioengine=psync", "--replay_no_stall=1",
                "--output-format=json", "--output=fio.json")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = fio.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            fio.destroyForcibly();
        }
        assertTrue(finished, "fio did not finish within 120 s");
        assertEquals(0, fio.exitValue(), () -> "fio failed: " + readQuietly(output));

        JsonNode job = new ObjectMapper().readTree(dir.resolve("fio.json").toFile()).get("jobs").get(0);
        assertEquals(0, job.get("error").asInt());
        assertEquals(reads, job.get("read").get("total_ios").asInt());
        assertEquals(writes, job.get("write").get("total_ios").asInt());
        assertEquals(flushes, job.get("sync").get("total_ios").asInt());
        assertTrue(reads > 0 && writes > 0 && flushes > 0);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
