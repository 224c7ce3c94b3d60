package io.vigil.udfs.ecs;

import io.vigil.udfs.model.Attribute;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;

/**
 * A 128-bit content hash for document ids: SHA-256 over an unambiguous encoding of the fields
 * (strings length-prefixed, numbers fixed width), truncated to 16 bytes and written as unpadded
 * base64url (22 characters). 128 bits make an accidental collision, which would silently replace
 * one document with another, negligible (~10^-20 for 10^9 documents in one index).
 *
 * <p>One instance per id: not thread-safe, cheap to create.
 */
public final class ContentHash {

    private static final Comparator<Attribute> BY_KEY_TYPE_VALUE =
            Comparator.comparing(Attribute::key)
                    .thenComparing(Attribute::type)
                    .thenComparing(Attribute::value);

    private final MessageDigest digest = sha256();
    private final byte[] scratch = new byte[8];

    public ContentHash add(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        add(bytes.length);
        digest.update(bytes);
        return this;
    }

    public ContentHash add(long v) {
        for (int i = 0; i < 8; i++) {
            scratch[i] = (byte) (v >>> (56 - 8 * i));
        }
        digest.update(scratch, 0, 8);
        return this;
    }

    /**
     * Adds attributes as a set: sorted first, so that a sender listing the same attributes in
     * another order yields the same hash.
     */
    public ContentHash add(Attribute[] attributes) {
        Attribute[] sorted = attributes.clone();
        Arrays.sort(sorted, BY_KEY_TYPE_VALUE);
        add(sorted.length);
        for (Attribute a : sorted) {
            add(a.key()).add(a.type().name()).add(a.value());
        }
        return this;
    }

    /** The hash of everything added, as 22 base64url characters. */
    public String finish() {
        byte[] full = digest.digest();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
