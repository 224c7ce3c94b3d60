package io.vigil.udfs.model;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * An enum whose constants have a name on the wire: in documents, labels, file names or
 * configuration. By default it is the constant's name in lower case ({@code SLO_BURN_RATE} is
 * {@code slo_burn_rate}).
 */
public interface WireName {

    /** The constant's name, as {@link Enum#name()} gives it. */
    String name();

    /** The name on the wire: the constant's name in lower case unless the enum says otherwise. */
    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} whose {@link #wireName()} is exactly {@code wire}.
     *
     * @param what what the constants are, for the error ({@code alert state})
     * @throws IllegalArgumentException {@code unknown <what> '<wire>': expected one of <every wire
     *     name>} if no constant has that name
     */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, String wire, String what) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(wire)) {
                return constant;
            }
        }
        StringJoiner names = new StringJoiner(", ");
        for (E constant : type.getEnumConstants()) {
            names.add(constant.wireName());
        }
        throw new IllegalArgumentException(
                "unknown " + what + " '" + wire + "': expected one of " + names);
    }
}
