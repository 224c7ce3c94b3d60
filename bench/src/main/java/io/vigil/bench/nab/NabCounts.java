package io.vigil.bench.nab;

/**
 * Row counts of a scoring at one threshold, probationary rows excluded. They describe the
 * detections and do not enter the NAB score.
 *
 * @param tp detected rows inside windows (every one, not only the earliest per window)
 * @param fp detected rows outside windows
 * @param fn undetected rows inside windows
 * @param tn undetected rows outside windows
 */
public record NabCounts(long tp, long fp, long fn, long tn) {

    /** No rows. */
    public static final NabCounts ZERO = new NabCounts(0, 0, 0, 0);

    /** The counts of both. */
    public NabCounts plus(NabCounts other) {
        return new NabCounts(tp + other.tp, fp + other.fp, fn + other.fn, tn + other.tn);
    }

    /** All counted rows, {@code tp + fp + fn + tn}. */
    public long total() {
        return tp + fp + fn + tn;
    }
}
