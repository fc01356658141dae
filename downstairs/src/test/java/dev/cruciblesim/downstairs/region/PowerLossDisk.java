package dev.cruciblesim.downstairs.region;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a power loss could leave of the extent files a store opens through {@link #opener()}: each file as of its last
 * force, plus any of the writes since, each kept, dropped or torn to a prefix, in any combination (a disk may reorder
 * what was not forced). A store that forgets a force, or forces in the wrong order, shows it in such an image.
 *
 * <p>The files themselves receive every write, so the store reads back what it wrote; the durable copies live here.
 * {@link #beforeEachForce} runs a check at the last moment a force's writes are still unforced: inside a write or a
 * flush, where a crash in a real process would land.
 */
final class PowerLossDisk {
    private record PendingWrite(long positionBytes, byte[] bytes) {
    }

    private static final class DurableFile {
        final byte[] bytes;
        final List<PendingWrite> pending = new ArrayList<>();

        DurableFile(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    /** Insertion-ordered, so that a seeded image is the same on every run. */
    private final Map<Path, DurableFile> files = new LinkedHashMap<>();
    private Runnable beforeEachForce = () -> { };

    /** Opens an extent file read-write, taking its bytes as they are now as its durable state (create forced them). */
    FileExtentStore.ExtentFileOpener opener() {
        return file -> {
            DurableFile durable = new DurableFile(Files.readAllBytes(file));
            files.put(file, durable);
            return new WatchedChannel(FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    durable);
        };
    }

    void beforeEachForce(Runnable check) {
        this.beforeEachForce = check;
    }

    /** Writes into {@code target} every file as a power loss now could leave it, choosing with {@code random}. */
    void writeImage(Path target, Random random) throws IOException {
        for (Map.Entry<Path, DurableFile> file : files.entrySet()) {
            byte[] image = file.getValue().bytes.clone();
            for (PendingWrite write : file.getValue().pending) {
                int keptBytes = switch (random.nextInt(3)) {
                    case 0 -> 0;
                    case 1 -> write.bytes().length;
                    default -> random.nextInt(write.bytes().length + 1);
                };
                System.arraycopy(write.bytes(), 0, image, (int) write.positionBytes(), keptBytes);
            }
            Files.write(target.resolve(file.getKey().getFileName()), image);
        }
    }

    /** Records positional writes as pending and applies them to the durable copy on force; refuses what the store never does. */
    private final class WatchedChannel extends FileChannel {
        private final FileChannel file;
        private final DurableFile durable;

        WatchedChannel(FileChannel file, DurableFile durable) {
            this.file = file;
            this.durable = durable;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            ByteBuffer copy = src.duplicate();
            int written = file.write(src, position);
            byte[] bytes = new byte[written];
            copy.get(bytes);
            if (position + written > durable.bytes.length) {
                throw new IllegalStateException("the store wrote past the end of its file, at " + position);
            }
            durable.pending.add(new PendingWrite(position, bytes));
            return written;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            beforeEachForce.run();
            // No force of the real file: durability is this class's copy, and a real fsync per step costs seconds.
            for (PendingWrite write : durable.pending) {
                System.arraycopy(write.bytes(), 0, durable.bytes, (int) write.positionBytes(), write.bytes().length);
            }
            durable.pending.clear();
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return file.read(dst, position);
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException("the store reads at positions only");
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException("the store reads at positions only");
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException("the store writes at positions only");
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException("the store writes at positions only");
        }

        @Override
        public long position() {
            throw new UnsupportedOperationException("the store keeps no channel position");
        }

        @Override
        public FileChannel position(long newPosition) {
            throw new UnsupportedOperationException("the store keeps no channel position");
        }

        @Override
        public FileChannel truncate(long size) {
            throw new UnsupportedOperationException("the store never changes a file's length");
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }
    }
}
