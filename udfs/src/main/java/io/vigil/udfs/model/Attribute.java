package io.vigil.udfs.model;

import java.util.Objects;

/**
 * One OTLP attribute ({@code KeyValue}) with its value flattened to a string; {@link #type()} says
 * how to read that string back. An attribute whose {@code AnyValue} holds no value at all decodes
 * to {@code STRING ""}.
 *
 * @param key the attribute key, e.g. {@code http.request.method}
 * @param type the kind of value the OTLP message held
 * @param value the value in the string form {@link AttributeType} describes
 */
public record Attribute(String key, AttributeType type, String value) {

    /** The empty attribute array, shared because an empty array cannot be modified. */
    public static final Attribute[] NONE = new Attribute[0];

    public Attribute {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** A {@link AttributeType#STRING} attribute. */
    public static Attribute string(String key, String value) {
        return new Attribute(key, AttributeType.STRING, value);
    }

    /**
     * The value of the first attribute named {@code key}, or {@code ""} if there is none.
     *
     * <p>A linear scan: attribute arrays are short (OTel SDKs cap them at 128 by default).
     */
    public static String find(Attribute[] attrs, String key) {
        for (Attribute a : attrs) {
            if (a.key.equals(key)) {
                return a.value;
            }
        }
        return "";
    }
}
