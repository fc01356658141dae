package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.dtrace.KeyType;

/**
 * The D types this engine computes with: C integers of 1, 2, 4 and 8 bytes, signed or not, and
 * strings. Every integer value is held in a {@code long}, kept normalised to its type
 * ({@link #normalize}): sign-extended when signed, zero-extended when unsigned, so comparisons and
 * division can pick the signed or unsigned operation from the type alone.
 */
enum DType {
    INT8("char", 1, true), UINT8("uint8_t", 1, false), INT16("short", 2, true), UINT16("uint16_t", 2, false),
    INT32("int", 4, true), UINT32("uint32_t", 4, false), INT64("int64_t", 8, true), UINT64("uint64_t", 8, false),
    STRING("string", 0, false);

    private final String cName;
    private final int sizeBytes;
    private final boolean signed;

    DType(String cName, int sizeBytes, boolean signed) {
        this.cName = cName;
        this.sizeBytes = sizeBytes;
        this.signed = signed;
    }

    boolean isString() {
        return this == STRING;
    }

    boolean isInteger() {
        return this != STRING;
    }

    boolean isSigned() {
        return signed;
    }

    int sizeBytes() {
        return sizeBytes;
    }

    /** @return the name DTrace's messages use, e.g. {@code "int"} */
    String cName() {
        return cName;
    }

    long normalize(long value) {
        return switch (this) {
            case INT8 -> (byte) value;
            case UINT8 -> value & 0xFF;
            case INT16 -> (short) value;
            case UINT16 -> value & 0xFFFF;
            case INT32 -> (int) value;
            case UINT32 -> value & 0xFFFF_FFFFL;
            default -> value;
        };
    }

    /** C's integer promotion: anything narrower than int becomes int. */
    DType promoted() {
        return sizeBytes < 4 && isInteger() ? INT32 : this;
    }

    /** C's usual arithmetic conversions for a binary operator's operands. */
    static DType common(DType a, DType b) {
        DType x = a.promoted();
        DType y = b.promoted();
        if (x.sizeBytes != y.sizeBytes) {
            return x.sizeBytes > y.sizeBytes ? x : y;
        }
        return x.signed ? y : x;
    }

    /** How an aggregation key of this type prints and sorts (spec §2.1); 1- and 2-byte keys print as 4-byte ones. */
    KeyType keyType() {
        return switch (this) {
            case STRING -> KeyType.STRING;
            case INT64, UINT64 -> KeyType.INT64;
            default -> KeyType.INT32;
        };
    }

    static DType ofCast(String name) {
        return switch (name) {
            case "int8_t" -> INT8;
            case "uint8_t" -> UINT8;
            case "int16_t" -> INT16;
            case "uint16_t" -> UINT16;
            case "int32_t" -> INT32;
            case "uint32_t" -> UINT32;
            case "int64_t" -> INT64;
            case "uint64_t" -> UINT64;
            case "string" -> STRING;
            default -> throw new IllegalArgumentException("no D type " + name);
        };
    }
}
