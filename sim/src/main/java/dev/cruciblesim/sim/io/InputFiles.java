package dev.cruciblesim.sim.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opens the files users name (scenarios, traces, captured latency distributions) only when they
 * are regular files. Opening a FIFO blocks until something writes to it, and a device such as
 * {@code /dev/zero} never ends: either would hang a run or exhaust its memory before any check of
 * the content could speak. The type is read from the file's attributes (following links), which
 * never blocks.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * @throws InputFileException when {@code file} is a directory, a device, a FIFO or a socket
     * @throws IOException        when it is missing or its attributes cannot be read
     */
    public static void requireRegularFile(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new InputFileException("is a directory");
        }
        if (!attributes.isRegularFile()) {
            throw new InputFileException("not a regular file (a device, FIFO or socket), so it could never end");
        }
    }

    /** @return a stream of {@code file}, once it is known to be a regular file */
    public static InputStream open(Path file) throws IOException {
        requireRegularFile(file);
        return Files.newInputStream(file);
    }

    /**
     * Reads a whole regular file of at most {@code maxBytes} as UTF-8. The bound holds while reading
     * too, for a file that grows.
     *
     * @throws InputFileException when the file is not regular or is larger than {@code maxBytes}
     */
    public static String readString(Path file, long maxBytes) throws IOException {
        requireRegularFile(file);
        if (Files.size(file) > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    }

    private static InputFileException tooLarge(long maxBytes) {
        return new InputFileException("larger than " + maxBytes + " bytes");
    }

    /**
     * @return why a file operation failed, in words and without the path (the caller names it): the
     *         JDK often gives only an exception type, or the path again with the reason
     */
    public static String reasonOf(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file that is not a directory is in the way";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "a part of the path is not a directory";
        }
        if (e instanceof java.nio.file.FileSystemLoopException) {
            return "the path loops through symbolic links";
        }
        if (e instanceof java.nio.file.FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.replaceAll("\\s*\\R\\s*", " ");
    }
}
