package dev.cruciblesim.sim.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Only regular files are opened, within their bound: a FIFO or a device is refused at once, not read forever. */
class InputFilesTest {
    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    @Test
    void shouldReadARegularFileUpToItsBound() throws IOException {
        Path file = Files.writeString(directory.resolve("a.txt"), "héllo", StandardCharsets.UTF_8);
        long size = Files.size(file);

        assertEquals("héllo", InputFiles.readString(file, size));
        InputFileException tooLarge = assertThrows(InputFileException.class,
                () -> InputFiles.readString(file, size - 1));
        assertEquals("larger than " + (size - 1) + " bytes", tooLarge.getMessage());
        try (InputStream in = InputFiles.open(file)) {
            assertEquals(size, in.readAllBytes().length);
        }
    }

    @Test
    void shouldRefuseADirectory() {
        InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.open(directory));
        assertEquals("is a directory", e.getMessage());
    }

    @Test
    void shouldRefuseAFifoWithoutBlockingOnIt() throws Exception {
        Path fifo = directory.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available");

        InputFileException e = assertTimeoutPreemptively(AT_ONCE,
                () -> assertThrows(InputFileException.class, () -> InputFiles.open(fifo)));
        assertEquals("not a regular file (a device, FIFO or socket), so it could never end", e.getMessage());
        assertTimeoutPreemptively(AT_ONCE,
                () -> assertThrows(InputFileException.class, () -> InputFiles.readString(fifo, 1 << 20)));
    }

    @Test
    void shouldRefuseADeviceThatNeverEnds() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertTimeoutPreemptively(AT_ONCE,
                () -> assertThrows(InputFileException.class, () -> InputFiles.readString(zero, 1 << 20)));
    }

    @Test
    void shouldLeaveAMissingFileToTheFileSystemsOwnError() {
        assertThrows(NoSuchFileException.class, () -> InputFiles.open(directory.resolve("missing")));
    }
}
