package io.vigil.udfs.model;

/** Checks on the fields of a record, for compact constructors. */
public final class Fields {

    private Fields() {}

    /**
     * Checks that none of {@code values} is null, in order, as a run of {@link
     * java.util.Objects#requireNonNull(Object, String)} calls would: the first null one throws a
     * {@link NullPointerException} whose message is its name.
     *
     * @param names the names of the values, separated by single spaces, in the same order
     * @param values the values to check
     */
    public static void requireNonNull(String names, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException(names.split(" ")[i]);
            }
        }
    }
}
