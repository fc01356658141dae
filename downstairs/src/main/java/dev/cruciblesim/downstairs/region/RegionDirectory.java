package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A region on disk: a directory holding the descriptor {@value #DESCRIPTOR_FILE} ({@link RegionDescriptor} has its
 * byte table) and one file per extent, {@code extent-000000} up to {@code extentCount - 1}, six digits or more
 * ({@link ExtentFileFormat} has their byte table). Nothing else belongs in it.
 *
 * <p>{@link #create} writes the extent files first and the descriptor last, atomically (a temporary file, forced,
 * renamed, the directory forced), so a directory with a descriptor holds a whole region; a create cut short leaves
 * none and {@link #open} refuses it. Every refusal names the file and what is wrong with it.
 *
 * <p>Directory forces are what Linux and illumos need for a rename or a new file to survive a crash; Windows
 * refuses them, and is not a platform this project runs a downstairs on.
 */
public final class RegionDirectory {
    static final String DESCRIPTOR_FILE = "region.desc";
    static final String DESCRIPTOR_TEMP_FILE = "region.desc.tmp";
    private static final Pattern EXTENT_FILE = Pattern.compile("extent-[0-9]{6,}");
    static final String REPAIR_SUFFIX = ".repair";
    private static final Pattern REPAIR_FILE = Pattern.compile("extent-[0-9]{6,}\\.repair");

    private RegionDirectory() {
    }

    /** @return the name of an extent's file in its region directory */
    static String extentFileName(int extent) {
        return String.format(Locale.ROOT, "extent-%06d", extent);
    }

    /**
     * @return the name of the file a reconciliation copy of {@code extent} is written to before it is renamed over the
     *         extent's file ({@link FileExtentStore#replaceExtent})
     */
    static String repairFileName(int extent) {
        return extentFileName(extent) + REPAIR_SUFFIX;
    }

    /**
     * Makes a new, empty region in {@code directory}, created if missing, with a new random UUID, and opens it.
     *
     * @param force replace the region already in {@code directory}; even so, a directory holding anything that is
     *              not part of a region is refused, so that a wrong path cannot empty someone's folder
     * @throws RegionStorageException when the directory is not empty (and not a region to be replaced), or on an
     *                                IO failure
     */
    public static FileExtentStore create(Path directory, RegionDefinition definition, boolean force) {
        try {
            if (Files.exists(directory) && !Files.isDirectory(directory)) {
                throw new RegionStorageException("cannot create a region in " + directory + ": not a directory");
            }
            Files.createDirectories(directory);
            List<Path> entries = entries(directory);
            if (!entries.isEmpty()) {
                if (!force) {
                    throw new RegionStorageException("cannot create a region in " + directory + ": the directory is"
                            + " not empty (it holds " + entries.get(0).getFileName() + (entries.size() > 1
                            ? " and " + (entries.size() - 1) + " more" : "") + "); force replaces a region in it");
                }
                removeRegion(directory, entries);
            }
            CRC32C crc = new CRC32C();
            for (int extent = 0; extent < definition.extentCount(); extent++) {
                Path file = directory.resolve(extentFileName(extent));
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    ExtentFileFormat.initialise(channel, definition, extent, crc);
                    channel.force(true);
                }
            }
            forceDirectory(directory);
            writeDescriptor(directory,
                    new RegionDescriptor(definition, UUID.randomUUID(), RegionDescriptor.FORMAT_VERSION));
        } catch (IOException e) {
            throw new RegionStorageException("creating a region in " + directory + " failed: " + e, e);
        }
        return open(directory);
    }

    /**
     * Opens the region in {@code directory}, after validating its descriptor, that it holds exactly its extent files,
     * and each extent file's length and metadata.
     *
     * @throws RegionStorageException naming the file and what is wrong with it
     */
    public static FileExtentStore open(Path directory) {
        return open(directory, FileExtentStore.ExtentFileOpener.READ_WRITE);
    }

    static FileExtentStore open(Path directory, FileExtentStore.ExtentFileOpener opener) {
        if (!Files.isDirectory(directory)) {
            throw new RegionStorageException("cannot open the region in " + directory + ": "
                    + (Files.exists(directory) ? "not a directory" : "no such directory"));
        }
        RegionDescriptor descriptor = readDescriptor(directory);
        int extentCount = descriptor.definition().extentCount();
        boolean[] present = new boolean[extentCount];
        for (Path entry : entriesOrFail(directory)) {
            String name = entry.getFileName().toString();
            int extent = extentIndex(name);
            if (extent >= 0 && extent < extentCount && Files.isRegularFile(entry)) {
                present[extent] = true;
            } else if (REPAIR_FILE.matcher(name).matches() && Files.isRegularFile(entry)) {
                // A reconciliation copy cut short before its rename: the extent file still holds the extent as it
                // was, and the upstairs repairs it again at the next activation. The half copy is of no use.
                deleteLeftover(directory, entry);
            } else if (!name.equals(DESCRIPTOR_FILE)) {
                throw new RegionStorageException("region directory " + directory + " holds " + name
                        + ", which is not part of a region of " + extentCount + " extents"
                        + (name.equals(DESCRIPTOR_TEMP_FILE) ? " (left by a create that was cut short?)" : ""));
            }
        }
        Path[] extentFiles = new Path[extentCount];
        for (int extent = 0; extent < extentCount; extent++) {
            extentFiles[extent] = directory.resolve(extentFileName(extent));
            if (!present[extent]) {
                throw new RegionStorageException("extent file " + extentFiles[extent] + " is missing: region "
                        + directory + " has " + extentCount + " extents");
            }
        }
        return FileExtentStore.open(directory, descriptor, extentFiles, opener);
    }

    /** @return the extent an entry's name is the file of, or -1 when it names no extent file */
    private static int extentIndex(String name) {
        if (!EXTENT_FILE.matcher(name).matches() || name.length() > "extent-".length() + 10) {
            return -1;
        }
        long extent = Long.parseLong(name.substring("extent-".length()));
        // extent-0000007 is not extent 7's name: only the one spelling counts.
        return extent <= Integer.MAX_VALUE && extentFileName((int) extent).equals(name) ? (int) extent : -1;
    }

    private static RegionDescriptor readDescriptor(Path directory) {
        Path file = directory.resolve(DESCRIPTOR_FILE);
        try {
            if (!Files.isRegularFile(file)) {
                throw new RegionStorageException("region descriptor " + file + " is missing: " + directory
                        + " is not a region, or its create was cut short");
            }
            long lengthBytes = Files.size(file);
            if (lengthBytes != RegionDescriptor.LENGTH_BYTES) {
                throw new RegionStorageException("region descriptor " + file + " is " + lengthBytes
                        + " bytes; a descriptor is " + RegionDescriptor.LENGTH_BYTES);
            }
            return RegionDescriptor.decode(Files.readAllBytes(file), file);
        } catch (IOException e) {
            throw new RegionStorageException("cannot read region descriptor " + file + ": " + e, e);
        }
    }

    /** Temporary file, forced, renamed over the descriptor, directory forced: the descriptor is whole or absent. */
    private static void writeDescriptor(Path directory, RegionDescriptor descriptor) throws IOException {
        Path temp = directory.resolve(DESCRIPTOR_TEMP_FILE);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ExtentFileFormat.writeFully(channel, ByteBuffer.wrap(descriptor.encode()), 0);
            channel.force(true);
        }
        Files.move(temp, directory.resolve(DESCRIPTOR_FILE), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(directory);
    }

    /**
     * Deletes the region in {@code directory}: first its descriptor, so that a removal cut short never leaves a
     * region that opens, then its other files. Refuses, deleting nothing, when anything there is not a region's.
     */
    private static void removeRegion(Path directory, List<Path> entries) throws IOException {
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            boolean regionFile = name.equals(DESCRIPTOR_FILE) || name.equals(DESCRIPTOR_TEMP_FILE)
                    || EXTENT_FILE.matcher(name).matches() || REPAIR_FILE.matcher(name).matches();
            if (!regionFile || !Files.isRegularFile(entry)) {
                throw new RegionStorageException("will not replace the region in " + directory + ": it holds "
                        + name + ", which is not part of a region");
            }
        }
        if (Files.deleteIfExists(directory.resolve(DESCRIPTOR_FILE))) {
            forceDirectory(directory);
        }
        for (Path entry : entries) {
            Files.deleteIfExists(entry);
        }
        forceDirectory(directory);
    }

    private static List<Path> entriesOrFail(Path directory) {
        try {
            return entries(directory);
        } catch (IOException e) {
            throw new RegionStorageException("cannot list region directory " + directory + ": " + e, e);
        }
    }

    /** @return the directory's entries in name order, so that messages name the same one every time */
    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> stream = Files.list(directory)) {
            return stream.sorted().toList();
        }
    }

    private static void deleteLeftover(Path directory, Path entry) {
        try {
            Files.delete(entry);
            forceDirectory(directory);
        } catch (IOException e) {
            throw new RegionStorageException("cannot delete " + entry + ", left by a reconciliation copy cut short: "
                    + e, e);
        }
    }

    /** Makes the directory's entries durable: a new file or a rename in it survives a crash only after this. */
    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
