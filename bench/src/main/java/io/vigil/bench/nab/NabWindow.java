package io.vigil.bench.nab;

/**
 * One labelled anomaly window of a NAB data file, as row indices into that file.
 *
 * @param first the index of the window's first row (0-based, inclusive)
 * @param last the index of the window's last row (inclusive); {@code last >= first}
 */
public record NabWindow(int first, int last) {

    public NabWindow {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException(
                    "a window needs 0 <= first <= last, was [" + first + ", " + last + "]");
        }
    }

    /** The number of rows in the window, {@code last - first + 1}; at least 1. */
    public int width() {
        return last - first + 1;
    }

    /** Whether row {@code row} lies inside the window (both ends inclusive). */
    public boolean contains(int row) {
        return row >= first && row <= last;
    }
}
