package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.scenario.BindingContext.Involved;
import dev.cruciblesim.bench.workload.HarnessLimits;
import dev.cruciblesim.bench.workload.gen.BlockSizes;
import dev.cruciblesim.sim.protocol.RegionDefinition;

import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_IO_SIZE_BYTES;

/**
 * Reads a generating job's IO sizes ({@code bs}, {@code bssplit} or {@code bsrange}) and the part of the volume it
 * covers ({@code offset} and {@code size}), and checks them against the volume: whole blocks, inside it, and a
 * region that holds the largest IO.
 */
final class IoRegionBinder {
    /** A job's region of the volume, in bytes (fio's offset and size). */
    record Region(long offsetBytes, long sizeBytes) {
    }

    private final BindingContext context;
    /** Where cross-field errors about the block size point when the volume wrote one. */
    private final Field blockSizeField;
    private final RegionDefinition volume;

    IoRegionBinder(BindingContext context, Section volumeSection, RegionDefinition volume) {
        this.context = context;
        this.blockSizeField = volumeSection.field("block_size");
        this.volume = volume;
    }

    /** @param fields the job's keys, grouped so that a job's own size keys replace the inherited ones */
    BlockSizes blockSizes(JobFields fields) {
        Field bsField = fields.field("bs");
        Field splitField = fields.field("bssplit");
        Field rangeField = fields.field("bsrange");
        if (splitField != null && rangeField != null) {
            throw context.crossError("bssplit and bsrange both give the IO sizes; set one",
                    new Involved(splitField.path(), splitField), new Involved(rangeField.path(), rangeField));
        }
        Field used = splitField != null ? splitField : rangeField != null ? rangeField : bsField;
        BlockSizes sizes;
        try {
            if (splitField != null) {
                sizes = BlockSizes.split(splitField.text("must be fio's bssplit, e.g. 4k/50:64k/50"));
            } else if (rangeField != null) {
                sizes = BlockSizes.range(rangeField.text("must be fio's bsrange, e.g. 4k-64k"));
            } else if (bsField == null || !bsField.text("must be a size").contains(",")) {
                sizes = BlockSizes.fixed(Long.toString(fixedBytes(bsField)));
            } else {
                sizes = BlockSizes.fixed(bsField.text("must be a size"));
            }
        } catch (ScenarioException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw used.error(e.getMessage());
        }
        try {
            return sizes.validated(volume.blockSizeBytes(), HarnessLimits.MAX_IO_BYTES);
        } catch (IllegalArgumentException e) {
            throw context.crossError(e.getMessage() + " (volume.block_size is "
                    + Quantities.showBytes(volume.blockSizeBytes()) + ")", new Involved(used.path(), used),
                    new Involved("volume.block_size", blockSizeField));
        }
    }

    /** @param bsField one size for reads and writes alike, or null for the default */
    private long fixedBytes(Field bsField) {
        long bytes = bsField == null ? DEFAULT_IO_SIZE_BYTES
                : bsField.sizeBytes("must be a size in bytes such as 4096, 4k or 1MiB");
        if (bytes < 1) {
            throw bsField.error("must be a size > 0 bytes, got " + bsField.value().shown());
        }
        if (bytes > HarnessLimits.MAX_IO_BYTES) {
            throw bsField.error("must be at most " + (HarnessLimits.MAX_IO_BYTES >> 20) + " MiB ("
                    + HarnessLimits.MAX_IO_BYTES + " bytes; Crucible's guest splits larger IO), got "
                    + bsField.value().shown());
        }
        if (bytes % volume.blockSizeBytes() != 0) {
            String path = bsField == null ? "workload.bs" : bsField.path();
            throw context.crossError(path + " " + Quantities.showBytes(bytes) + " is not a multiple of "
                    + "volume.block_size " + Quantities.showBytes(volume.blockSizeBytes()),
                    new Involved(path, bsField), new Involved("volume.block_size", blockSizeField));
        }
        return bytes;
    }

    /** fio's offset and size, which may be percentages of the volume; by default the whole volume. */
    Region region(JobFields fields, BlockSizes sizes) {
        long volumeBytes = volume.totalBytes();
        Field offsetField = fields.field("offset");
        Field sizeField = fields.field("size");
        long offset = offsetField == null ? 0 : regionBytes(offsetField);
        if (offset >= volumeBytes) {
            throw offsetField.error("is at or past the end of the volume (" + volumeBytes + " bytes)");
        }
        long size = sizeField == null ? volumeBytes - offset : regionBytes(sizeField);
        if (offset + size > volumeBytes) {
            throw context.crossError("offset " + offset + " + size " + size + " = " + (offset + size) + " bytes "
                    + "passes the end of the volume (" + volumeBytes + " bytes)",
                    new Involved(fields.path() + ".size", sizeField),
                    new Involved(fields.path() + ".offset", offsetField));
        }
        if (size < sizes.maxBytes()) {
            throw context.crossError("the job's region of " + size + " bytes cannot hold its largest IO of "
                    + sizes.maxBytes() + " bytes", new Involved(fields.path() + ".size", sizeField),
                    new Involved(fields.path() + ".offset", offsetField),
                    new Involved(fields.path() + ".bs", fields.field("bs")),
                    new Involved(fields.path() + ".bssplit", fields.field("bssplit")),
                    new Involved(fields.path() + ".bsrange", fields.field("bsrange")));
        }
        return new Region(offset, size);
    }

    private long regionBytes(Field field) {
        String expectation = "must be a size such as 64m or a percentage of the volume such as 50%";
        String text = field.text(expectation);
        int blockSizeBytes = volume.blockSizeBytes();
        if (text.endsWith("%")) {
            Double percent = Quantities.parseNumber(text.substring(0, text.length() - 1));
            if (percent == null || !(percent >= 0 && percent <= 100)) {
                throw field.error(expectation + " (0% to 100%), got '" + text + "'");
            }
            // A share of the volume, rounded down to whole blocks.
            return (long) (volume.totalBytes() / blockSizeBytes * percent / 100) * blockSizeBytes;
        }
        Long bytes = Quantities.parseSizeBytes(text);
        if (bytes == null) {
            throw field.error(expectation + ", got '" + text + "'");
        }
        if (bytes % blockSizeBytes != 0) {
            throw field.error("must be a multiple of the volume's block size, " + blockSizeBytes + " bytes, got "
                    + bytes);
        }
        return bytes;
    }
}
