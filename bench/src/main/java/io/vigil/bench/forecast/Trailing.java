package io.vigil.bench.forecast;

/**
 * The last {@code capacity} observed values, oldest first: a ring buffer for the baselines'
 * windows. {@code get(0)} is the oldest value kept, {@code get(size() - 1)} the latest.
 */
final class Trailing {
    private final double[] ring;
    private int size;
    private int next;

    Trailing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.ring = new double[capacity];
    }

    void add(double value) {
        ring[next] = value;
        next = (next + 1) % ring.length;
        if (size < ring.length) {
            size++;
        }
    }

    int size() {
        return size;
    }

    int capacity() {
        return ring.length;
    }

    /** The i-th oldest value kept, 0 <= i < size(). */
    double get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " not in [0, " + size + ")");
        }
        int start = size < ring.length ? 0 : next;
        return ring[(start + i) % ring.length];
    }

    /** The values kept, oldest first. */
    double[] toArray() {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = get(i);
        }
        return values;
    }

    /** The latest value; NaN before the first. */
    double last() {
        return size == 0 ? Double.NaN : ring[(next - 1 + ring.length) % ring.length];
    }
}
