package io.vigil.udfs.logs;

import java.nio.charset.StandardCharsets;

/**
 * Stable template ids: 16 lower-case hex digits of a 64-bit hash of the template pattern's UTF-8
 * bytes (FNV-1a, then a MurmurHash3 finaliser to spread the bits). The same pattern gives the same
 * id in every JVM, on every machine, after every restart; at 64 bits, two distinct patterns share
 * an id with probability about n²/2⁶⁵ (about 3e-12 for 10,000 templates).
 */
public final class TemplateIds {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private TemplateIds() {}

    /** The id of a template with this pattern. */
    public static String of(String pattern) {
        long h = FNV_OFFSET;
        for (byte b : pattern.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        String hex = Long.toHexString(h);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
