package dev.cruciblesim.bench.workload.gen;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size of each IO: fio's {@code bs}, {@code bssplit} or {@code bsrange}, one setting per data direction.
 *
 * <p>As in fio ({@code HOWTO} "Block size"; {@code options.c}, {@code str_split_parse} and {@code bssplit_ddir};
 * {@code io_u.c}, {@code get_next_buflen}):
 * <ul>
 *   <li>Up to three comma-separated values set reads, writes and trims; a value not followed by a comma also applies
 *       to the directions after it ({@code 8k,32k}: 8 KiB reads, 32 KiB writes and trims), and an empty value means
 *       fio's default, 4 KiB ({@code ,8k}). The volume has no trim, so the trim value is read and kept for
 *       {@link #describe()} but never drawn or validated.</li>
 *   <li>{@code bs=4k}: one size.</li>
 *   <li>{@code bssplit=4k/10:64k/50:32k/40}: sizes with percentages. Entries without one ({@code 1k} or
 *       {@code 1k/}) share what the others leave of 100% equally; the percentages must then add up to at most 100,
 *       and to exactly 100 when every entry has one. At most 64 entries per direction, as fio.</li>
 *   <li>{@code bsrange=1k-4k} (or {@code 1k:4k}; the bounds are swapped when given high first): fio draws
 *       {@code min + floor(max * u)}, aligns it down to a multiple of {@code min} and caps it at {@code max}. That
 *       makes every multiple of {@code min} up to {@code max} equally likely when {@code max} is a multiple of
 *       {@code min}; otherwise {@code max} itself takes the leftover probability
 *       {@code (max mod min) / max}. We draw exactly that, with an exact uniform integer; after
 *       {@link #validated} both bounds are multiples of the volume's block size, so every size drawn is too.</li>
 * </ul>
 * Sizes are whole bytes, or whole numbers of {@code k}, {@code K} or {@code KiB} (1024 bytes), or {@code m},
 * {@code M} or {@code MiB} (1024^2), the size forms of the rest of crucible-sim.
 *
 * <p>Where this differs from fio, deliberately:
 * <ul>
 *   <li>fio's default {@code kb_base=1024} reads {@code KiB} and {@code MiB} as powers of 1000 (for old job files);
 *       here they mean 1024 and 1024^2, as the IEC prefixes say (fio's meaning with {@code kb_base=1000}). fio's
 *       other suffixes ({@code kb}, {@code g}, {@code b}) are not accepted.</li>
 *   <li>fio aligns a {@code bssplit} size down to a multiple of the smallest one ({@code 4k/50:6k/50} issues only
 *       4 KiB); we issue the sizes as listed, each of which {@link #validated} requires to be a multiple of the
 *       block size.</li>
 *   <li>fio reads a percentage with {@code atoi}, so a bad or 0 percentage counts as missing, and caps one above 100
 *       at 100; a {@code bssplit} that adds up to less than 100 gives the rest to the last entry in its sort order.
 *       Here a percentage must be a whole number 0..100 (0 meaning never), and a total other than 100 is an
 *       error.</li>
 *   <li>fio splits what is left of 100% with integer division (three blanks get 33% each, 1% lost); we split it
 *       exactly.</li>
 *   <li>fio re-draws a size that would not fit before the end of the file; here fitting is the caller's concern (see
 *       {@link SequentialCursor}).</li>
 * </ul>
 * Immutable; {@link #nextBytes} allocates nothing, and draws nothing from the stream when a direction has one size,
 * so a fixed-size workload's other draws are not reshuffled.
 */
public final class BlockSizes {
    /** fio's default block size, for a direction left empty. */
    public static final int DEFAULT_BYTES = 4096;
    /** fio's {@code BSSPLIT_MAX}. */
    public static final int MAX_SPLIT_ENTRIES = 64;

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:_+\\d+)*)\\s*(k|K|KiB|m|M|MiB)?");
    private static final String SIZE_FORMS = "bytes, or a whole number with k, K, KiB, m, M or MiB";
    private static final String[] DIRECTIONS = {"read", "write", "trim"};

    private final String option;
    private final Direction read;
    private final Direction write;
    private final Direction trim;

    private BlockSizes(String option, Direction read, Direction write, Direction trim) {
        this.option = option;
        this.read = read;
        this.write = write;
        this.trim = trim;
    }

    /** Reads fio's {@code bs} value, e.g. {@code 4k} or {@code 4k,64k}. */
    public static BlockSizes fixed(String text) {
        return parse("bs", text);
    }

    /** Reads fio's {@code bssplit} value, e.g. {@code 4k/10:64k/50:32k/40} or {@code 2k/50:4k/50,4k/90:8k/10}. */
    public static BlockSizes split(String text) {
        return parse("bssplit", text);
    }

    /** Reads fio's {@code bsrange} value, e.g. {@code 1k-4k} or {@code 1k-4k,2k-8k}. */
    public static BlockSizes range(String text) {
        return parse("bsrange", text);
    }

    private static BlockSizes parse(String option, String text) {
        Objects.requireNonNull(text, "text");
        String[] fields = text.strip().split(",", -1);
        if (fields.length > 3) {
            throw new IllegalArgumentException(option + ": at most three comma-separated values (read,write,trim), got "
                    + fields.length + " in '" + text.strip() + "'");
        }
        // A value not followed by a comma applies to the directions after it too.
        String[] perDirection = {fields[0], fields.length > 1 ? fields[1] : fields[0],
            fields.length > 2 ? fields[2] : fields.length > 1 ? fields[1] : fields[0]};
        boolean oneValue = fields.length == 1;
        Direction[] parsed = new Direction[3];
        for (int d = 0; d < 3; d++) {
            String where = oneValue ? "" : " (" + DIRECTIONS[d] + ")";
            parsed[d] = d > 0 && perDirection[d].equals(perDirection[d - 1]) ? parsed[d - 1]
                    : Direction.parse(option, perDirection[d].strip(), where);
        }
        return new BlockSizes(option, parsed[0], parsed[1], parsed[2]);
    }

    /**
     * @param blockSizeBytes the volume's block size, {@code >= 1}
     * @param maxIoBytes     the largest IO the volume takes, {@code >= 1}
     * @return this, once every read and write size is a positive multiple of the block size and at most
     *         {@code maxIoBytes} (for {@code bsrange}: both bounds)
     * @throws IllegalArgumentException naming the option, the size and its direction
     */
    public BlockSizes validated(int blockSizeBytes, int maxIoBytes) {
        if (blockSizeBytes < 1 || maxIoBytes < 1) {
            throw new IllegalArgumentException("block size and largest IO must be at least 1 byte, got "
                    + blockSizeBytes + " and " + maxIoBytes);
        }
        check(read, "read", blockSizeBytes, maxIoBytes);
        check(write, "write", blockSizeBytes, maxIoBytes);
        return this;
    }

    private void check(Direction direction, String name, int blockSizeBytes, int maxIoBytes) {
        for (int size : direction.sizes) {
            if (size % blockSizeBytes != 0) {
                throw new IllegalArgumentException(option + ": " + size + " bytes (" + name + ") is not a multiple of "
                        + "the volume's " + blockSizeBytes + "-byte block size");
            }
            if (size > maxIoBytes) {
                throw new IllegalArgumentException(option + ": " + size + " bytes (" + name + ") exceeds the largest "
                        + "IO of " + maxIoBytes + " bytes");
            }
        }
    }

    /**
     * @param write true for a write, false for a read
     * @return the size of the next IO in that direction, in bytes
     */
    public int nextBytes(boolean write, SplittableRandom random) {
        return (write ? this.write : read).next(random);
    }

    /** @return the smallest read or write size that can be drawn (fio's {@code min_bs}) */
    public int minBytes() {
        return Math.min(read.min, write.min);
    }

    /** @return the largest read or write size that can be drawn (fio's {@code max_bs}) */
    public int maxBytes() {
        return Math.max(read.max, write.max);
    }

    /** @return the fio option and its canonical value, which the matching factory reads back: {@code bs=4k,64k} */
    public String describe() {
        String value;
        if (read.text.equals(write.text) && write.text.equals(trim.text)) {
            value = read.text;
        } else if (write.text.equals(trim.text)) {
            value = read.text + "," + write.text;
        } else {
            value = read.text + "," + write.text + "," + trim.text;
        }
        return option + "=" + value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockSizes that && describe().equals(that.describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** One direction's sizes and how to draw one. */
    private static final class Direction {
        /** The canonical text of this direction's value. */
        final String text;
        /** Every size named (both bounds of a range), for validation. */
        final int[] sizes;
        final int min;
        final int max;
        /** The size when there is only one that can be drawn, else -1. */
        final int onlySize;
        /** For bsrange: draw from {@code [min, max]} as fio does. */
        final boolean range;
        /** For bssplit: the entries' running weight totals, out of {@link #totalWeight}. */
        final int[] cumulativeWeights;
        final int totalWeight;

        private Direction(String text, int[] sizes, int onlySize, boolean range, int[] cumulativeWeights,
                int totalWeight) {
            this.text = text;
            this.sizes = sizes;
            int lowest = Integer.MAX_VALUE;
            int highest = 0;
            for (int size : sizes) {
                lowest = Math.min(lowest, size);
                highest = Math.max(highest, size);
            }
            this.min = lowest;
            this.max = highest;
            this.onlySize = onlySize;
            this.range = range;
            this.cumulativeWeights = cumulativeWeights;
            this.totalWeight = totalWeight;
        }

        int next(SplittableRandom random) {
            if (onlySize >= 0) {
                return onlySize;
            }
            if (range) {
                // fio: min + floor(max * u), aligned down to a multiple of min, capped at max.
                long drawn = min + (long) random.nextInt(max);
                return (int) Math.min(drawn - drawn % min, max);
            }
            int r = random.nextInt(totalWeight);
            int i = 0;
            while (r >= cumulativeWeights[i]) {
                i++;
            }
            return sizes[i];
        }

        static Direction parse(String option, String text, String where) {
            if (text.isEmpty()) {
                return fixed(DEFAULT_BYTES);
            }
            return switch (option) {
                case "bs" -> fixed(size(option, text, where));
                case "bssplit" -> split(option, text, where);
                default -> range(option, text, where);
            };
        }

        private static Direction fixed(int size) {
            return new Direction(Text.size(size), new int[] {size}, size, false, null, 0);
        }

        private static Direction range(String option, String text, String where) {
            int dash = text.indexOf('-');
            int separator = dash >= 0 ? dash : text.indexOf(':');
            if (separator < 0) {
                throw new IllegalArgumentException(option + ": '" + text + "'" + where
                        + " is not a range like 1k-4k or 1k:4k");
            }
            int low = size(option, text.substring(0, separator), where);
            int high = size(option, text.substring(separator + 1), where);
            if (low > high) {
                // fio swaps a range given high first.
                int swap = low;
                low = high;
                high = swap;
            }
            String canonical = Text.size(low) + "-" + Text.size(high);
            return new Direction(canonical, new int[] {low, high}, low == high ? low : -1, true, null, 0);
        }

        private static Direction split(String option, String text, String where) {
            String[] entries = text.split(":", -1);
            if (entries.length > MAX_SPLIT_ENTRIES) {
                throw new IllegalArgumentException(option + ": at most " + MAX_SPLIT_ENTRIES + " sizes per direction, got "
                        + entries.length + where);
            }
            int[] sizes = new int[entries.length];
            int[] percents = new int[entries.length];
            int given = 0;
            int blanks = 0;
            List<String> canonical = new ArrayList<>();
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i].strip();
                int slash = entry.indexOf('/');
                String sizeText = slash < 0 ? entry : entry.substring(0, slash);
                String percentText = slash < 0 ? "" : entry.substring(slash + 1).strip();
                sizes[i] = size(option, sizeText, where);
                if (percentText.isEmpty()) {
                    percents[i] = -1;
                    blanks++;
                    canonical.add(Text.size(sizes[i]));
                } else {
                    percents[i] = percent(option, percentText, sizeText.strip(), where);
                    given += percents[i];
                    canonical.add(Text.size(sizes[i]) + "/" + percents[i]);
                }
            }
            if (given > 100 || (blanks == 0 && given != 100)) {
                throw new IllegalArgumentException(option + ": the percentages" + where + " add up to " + given
                        + (given > 100 ? ", more than 100" : ", not 100") + " in '" + text + "'");
            }
            // Exact shares in units of 1/(100 * blanks): a given p counts p * blanks, a blank (100 - given).
            int scale = Math.max(blanks, 1);
            int[] cumulative = new int[entries.length];
            int total = 0;
            int onlySize = -1;
            boolean several = false;
            for (int i = 0; i < entries.length; i++) {
                int weight = percents[i] < 0 ? 100 - given : percents[i] * scale;
                total += weight;
                cumulative[i] = total;
                if (weight > 0) {
                    several |= onlySize >= 0 && onlySize != sizes[i];
                    onlySize = sizes[i];
                }
            }
            return new Direction(String.join(":", canonical), sizes, several ? -1 : onlySize, false, cumulative,
                    total);
        }

        private static int percent(String option, String text, String sizeText, String where) {
            if (!text.matches("\\d{1,3}") || Integer.parseInt(text) > 100) {
                throw new IllegalArgumentException(option + ": the percentage of " + sizeText + where
                        + " must be a whole number 0..100, got '" + text + "'");
            }
            return Integer.parseInt(text);
        }

        private static int size(String option, String text, String where) {
            BigInteger bytes = parseSize(text);
            if (bytes == null) {
                throw new IllegalArgumentException(option + ": '" + text.strip() + "'" + where + " is not a size ("
                        + SIZE_FORMS + ")");
            }
            if (bytes.signum() == 0) {
                throw new IllegalArgumentException(option + ": a size must be at least 1 byte, got '" + text.strip()
                        + "'" + where);
            }
            if (bytes.bitLength() > 31) {
                throw new IllegalArgumentException(option + ": '" + text.strip() + "'" + where + " is too large (at most "
                        + Integer.MAX_VALUE + " bytes)");
            }
            return bytes.intValue();
        }
    }

    /**
     * The size grammar of fio's {@code bs} as this project reads it everywhere (scenario files too): whole bytes
     * ({@code 4096}, {@code 200_000}), or a whole number of {@code k}/{@code K}/{@code KiB} or
     * {@code m}/{@code M}/{@code MiB} (powers of 1024).
     *
     * @return the size in bytes, exactly, or null if the text is not of that form
     */
    public static BigInteger parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        BigInteger count = new BigInteger(m.group(1).replace("_", ""));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "k", "kib" -> count.shiftLeft(10);
            case "m", "mib" -> count.shiftLeft(20);
            default -> count;
        };
    }
}
