package io.vigil.udfs.traces;

/**
 * The calls along one edge of the service graph in one time window.
 *
 * @param parent the calling service
 * @param child the called service
 * @param windowStartMillis window start, epoch ms
 * @param windowMillis window length, ms
 * @param stats calls (requests), errors and call durations as the caller saw them
 */
public record EdgeWindow(
        String parent, String child, long windowStartMillis, long windowMillis, RedStats stats) {

    /** The key of this edge. */
    public String edge() {
        return parent + '\n' + child;
    }
}
