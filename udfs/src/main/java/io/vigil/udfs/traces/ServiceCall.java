package io.vigil.udfs.traces;

/**
 * One call from one service to another, found in a trace: a caller span (or any span) in {@code
 * parent} whose child span runs in {@code child}, or a CLIENT/PRODUCER span whose callee is not
 * instrumented and is named by {@code peer.service}.
 *
 * @param parent the calling service
 * @param child the called service
 * @param durationMicros the call's duration as the caller saw it (the CLIENT/PRODUCER span when
 *     there is one, else the callee's span)
 * @param error whether the callee's span or the caller's CLIENT/PRODUCER span has status ERROR
 */
public record ServiceCall(String parent, String child, long durationMicros, boolean error) {

    /** The key of the edge this call belongs to. */
    public String edge() {
        return parent + '\n' + child;
    }
}
