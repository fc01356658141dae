package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * A durable store of bytes: one file per extent in a region directory ({@link RegionDirectory}), the extent's blocks
 * followed by two metadata slots ({@link ExtentFileFormat} has the byte table). Made by
 * {@link RegionDirectory#create} or {@link RegionDirectory#open}, which validate every file first.
 *
 * <p>Crash safety, after Crucible's order of writes (spec §5.4):
 * <ul>
 * <li>The first write to a clean extent writes a record saying dirty and forces it <em>before</em> the data goes to
 *     the file; later writes to the dirty extent cost no metadata write. So an extent whose data may differ from its
 *     last flush says dirty on disk, whatever the crash.</li>
 * <li>{@link #flush} forces the extent's data, then writes a record with the new flush number and generation, clean,
 *     into the slot not holding the current record, and forces that. A crash leaves the old record (dirty, the old
 *     numbers) or the new one, each whole: the reader takes the valid record with the higher sequence number, and a
 *     torn record fails its CRC32C.</li>
 * <li>Unflushed writes are not thrown away: a clean close leaves them in the files and their extents dirty, as
 *     Crucible keeps them, and they read back after reopening. Closing is not a flush; only the upstairs gives flush
 *     numbers.</li>
 * </ul>
 *
 * <p>Every extent's channel stays open until {@link #close()}. IO is positional, through one direct buffer that is
 * reused (a heap buffer would be copied through a temporary direct one by the JDK anyway), so an IO allocates nothing
 * beyond the data array the caller brings. IO failures are {@link RegionStorageException}s naming the file; using
 * the store after close is an {@link IllegalStateException}.
 *
 * <p>Threading: not thread-safe; a store belongs to the one thread that runs its downstairs.
 */
public final class FileExtentStore implements ExtentStore {
    /** Largest piece of one IO moved through {@link #io}: bounds the buffer for regions of large extents. */
    private static final int MAX_IO_BUFFER_BYTES = 1 << 20;

    /** How an extent file is opened; tests pass one that watches what reaches the disk. */
    @FunctionalInterface
    interface ExtentFileOpener {
        ExtentFileOpener READ_WRITE = file -> FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);

        FileChannel open(Path extentFile) throws IOException;
    }

    private final Path directory;
    private final UUID regionUuid;
    private final RegionDefinition definition;
    private final int blockSizeBytes;
    private final Path[] extentFiles;
    private final FileChannel[] channels;
    /** Per extent, the sequence number of its current metadata record; the next goes in the other slot. */
    private final long[] sequences;
    /** The in-memory copy of what the current records say, and the list of dirty extents for {@link #flushDirty}. */
    private final ExtentMetadata extents;
    private final ExtentMetadata.ExtentFlusher durableFlush = this::flush;
    private final ByteBuffer io;
    /** How extent files are opened: kept, since a repaired extent's file is opened anew. */
    private ExtentFileOpener opener = ExtentFileOpener.READ_WRITE;
    private final ByteBuffer record = ByteBuffer.allocate(ExtentFileFormat.RECORD_BYTES);
    private final CRC32C crc = new CRC32C();
    private boolean closed;

    private FileExtentStore(Path directory, RegionDescriptor descriptor, Path[] extentFiles) {
        this.directory = directory;
        this.regionUuid = descriptor.uuid();
        this.definition = descriptor.definition();
        this.blockSizeBytes = definition.blockSizeBytes();
        this.extentFiles = extentFiles;
        this.channels = new FileChannel[extentFiles.length];
        this.sequences = new long[extentFiles.length];
        this.extents = new ExtentMetadata(extentFiles.length);
        this.io = ByteBuffer.allocateDirect(
                (int) Math.min(ExtentFileFormat.dataBytes(definition), MAX_IO_BUFFER_BYTES));
    }

    /**
     * Opens every extent file, checks its length and reads its current metadata record; on any failure closes what it
     * opened.
     */
    static FileExtentStore open(Path directory, RegionDescriptor descriptor, Path[] extentFiles,
            ExtentFileOpener opener) {
        FileExtentStore store = new FileExtentStore(directory, descriptor, extentFiles);
        store.opener = opener;
        try {
            for (int extent = 0; extent < extentFiles.length; extent++) {
                store.openExtent(extent, opener);
            }
            return store;
        } catch (RuntimeException e) {
            try {
                store.close();
            } catch (RegionStorageException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private void openExtent(int extent, ExtentFileOpener opener) {
        Path file = extentFiles[extent];
        try {
            channels[extent] = opener.open(file);
            record.clear();
            ExtentFileFormat.Slot current = ExtentFileFormat.readCurrent(channels[extent], file, definition, extent,
                    record, crc);
            sequences[extent] = current.sequence();
            extents.flush(extent, current.flushNumber(), current.generation());
            if (current.dirty()) {
                extents.markDirty(extent);
            }
        } catch (IOException e) {
            throw new RegionStorageException("cannot open extent file " + file + ": " + e, e);
        }
    }

    /** @return the region's UUID, from its descriptor */
    @Override
    public UUID regionUuid() {
        return regionUuid;
    }

    /** @return the region directory this store's files are in */
    public Path directory() {
        return directory;
    }

    @Override
    public RegionDefinition definition() {
        return definition;
    }

    @Override
    public void read(int extent, int firstBlock, int blockCount, byte[] dst, int dstOffsetBytes) {
        checkOpen();
        transfer(false, extent, firstBlock, blockCount, dst, dstOffsetBytes);
    }

    @Override
    public void write(int extent, int firstBlock, int blockCount, byte[] src, int srcOffsetBytes) {
        checkOpen();
        if (!extents.isDirty(extent)) {
            // Durably dirty before any of the data reaches the file; once per clean-to-dirty transition.
            writeRecord(extent, extents.flushNumber(extent), extents.generation(extent), true);
            extents.markDirty(extent);
        }
        transfer(true, extent, firstBlock, blockCount, src, srcOffsetBytes);
    }

    /** Moves blocks between {@code bytes} and the extent's file, through {@link #io} a buffer's worth at a time. */
    private void transfer(boolean toFile, int extent, int firstBlock, int blockCount, byte[] bytes, int offsetBytes) {
        long positionBytes = (long) firstBlock * blockSizeBytes;
        int arrayOffsetBytes = offsetBytes;
        int remainingBytes = blockCount * blockSizeBytes;
        try {
            while (remainingBytes > 0) {
                int chunkBytes = Math.min(remainingBytes, io.capacity());
                io.clear().limit(chunkBytes);
                if (toFile) {
                    io.put(bytes, arrayOffsetBytes, chunkBytes).flip();
                    ExtentFileFormat.writeFully(channels[extent], io, positionBytes);
                } else {
                    ExtentFileFormat.readFully(channels[extent], io, positionBytes, extentFiles[extent]);
                    io.flip().get(bytes, arrayOffsetBytes, chunkBytes);
                }
                positionBytes += chunkBytes;
                arrayOffsetBytes += chunkBytes;
                remainingBytes -= chunkBytes;
            }
        } catch (IOException e) {
            throw failure(toFile ? "write" : "read", extent, positionBytes, e);
        }
    }

    @Override
    public void flush(int extent, long flushNumber, long generation) {
        checkOpen();
        try {
            // force(false) is fdatasync: the length never changes after create, so the data is all there is.
            channels[extent].force(false);
        } catch (IOException e) {
            throw failure("force", extent, 0, e);
        }
        writeRecord(extent, flushNumber, generation, false);
        extents.flush(extent, flushNumber, generation);
    }

    @Override
    public void flushDirty(long flushNumber, long generation) {
        checkOpen();
        extents.flushDirty(flushNumber, generation, durableFlush);
    }

    /**
     * Writes the next metadata record into the slot not holding the current one and forces it; only then is it
     * current. A failure leaves the current record and {@link #sequences} as they were, so a retry writes the same
     * slot again.
     */
    private void writeRecord(int extent, long flushNumber, long generation, boolean dirty) {
        long sequence = sequences[extent] + 1;
        ExtentFileFormat.encode(record, crc, extent, sequence, flushNumber, generation, dirty);
        long positionBytes = ExtentFileFormat.slotPositionBytes(definition, sequence);
        try {
            ExtentFileFormat.writeFully(channels[extent], record, positionBytes);
            channels[extent].force(false);
        } catch (IOException e) {
            throw failure("metadata write", extent, positionBytes, e);
        }
        sequences[extent] = sequence;
    }

    /**
     * Replaces the extent's file whole, so that a crash leaves the old extent or the copy, never a mix: the copy is
     * written to {@code extent-NNNNNN.repair} (its zero blocks left holes, so it stays as sparse as the source's
     * data allows), with both metadata slots clean at the image's numbers, forced, renamed over the extent's file,
     * and the directory forced, as {@link RegionDirectory} writes its descriptor. A copy cut short leaves only the
     * temporary file, which {@link RegionDirectory#open} deletes.
     */
    @Override
    public void replaceExtent(int extent, ExtentImage image) {
        checkOpen();
        Path file = extentFiles[extent];
        Path temp = directory.resolve(RegionDirectory.repairFileName(extent));
        try {
            Files.deleteIfExists(temp);
            try (FileChannel copy = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeNonZeroBlocks(copy, image.data());
                ExtentFileFormat.initialise(copy, definition, extent, crc, image.flushNumber(), image.generation());
                copy.force(true);
            }
        } catch (IOException e) {
            throw new RegionStorageException("writing the repair copy " + temp + " of extent " + extent + " failed: "
                    + e, e);
        }
        try {
            channels[extent].close();
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            RegionDirectory.forceDirectory(directory);
        } catch (IOException e) {
            throw new RegionStorageException("replacing extent file " + file + " with its repair copy failed: " + e,
                    e);
        } finally {
            // Whichever file now has the extent's name, the store keeps a channel on it, so later calls fail cleanly.
            reopenExtent(extent, file);
        }
        sequences[extent] = 1;
        extents.flush(extent, image.flushNumber(), image.generation());
    }

    private void writeNonZeroBlocks(FileChannel channel, byte[] data) throws IOException {
        for (int from = 0; from < data.length; from += blockSizeBytes) {
            if (!ExtentImage.isZeros(data, from, from + blockSizeBytes)) {
                ExtentFileFormat.writeFully(channel, ByteBuffer.wrap(data, from, blockSizeBytes), from);
            }
        }
    }

    private void reopenExtent(int extent, Path file) {
        try {
            channels[extent] = opener.open(file);
        } catch (IOException e) {
            channels[extent] = null;
            throw new RegionStorageException("cannot reopen extent file " + file + " after its repair: " + e, e);
        }
    }

    @Override
    public long flushNumber(int extent) {
        checkOpen();
        return extents.flushNumber(extent);
    }

    @Override
    public long generation(int extent) {
        checkOpen();
        return extents.generation(extent);
    }

    @Override
    public boolean isDirty(int extent) {
        checkOpen();
        return extents.isDirty(extent);
    }

    /**
     * @return the lengths of the extent files, metadata included: what the region may take on disk. A sparse file
     *         takes less until it is written, but the JDK has no portable way to ask how many blocks a file holds.
     */
    @Override
    public long allocatedBytes() {
        checkOpen();
        return ExtentFileFormat.fileLengthBytes(definition) * definition.extentCount();
    }

    /** Closes every extent file; idempotent. Nothing is flushed: dirty extents stay dirty on disk. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        IOException first = null;
        for (FileChannel channel : channels) {
            if (channel == null) {
                continue;
            }
            try {
                channel.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw new RegionStorageException("closing the extent files of region " + directory + " failed: " + first,
                    first);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private RegionStorageException failure(String what, int extent, long positionBytes, IOException e) {
        return new RegionStorageException(what + " of extent file " + extentFiles[extent] + " at byte "
                + positionBytes + " failed: " + e, e);
    }

    @Override
    public String toString() {
        return "FileExtentStore[" + directory + ", " + definition + "]";
    }
}
