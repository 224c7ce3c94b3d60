package io.vigil.udfs.traces;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one trace says about the services: the calls between them, the spans whose parent never
 * arrived, and the critical path from its root.
 *
 * <p><b>Calls</b> (the dependency graph). For each span whose parent is in the trace: a call from
 * the parent's service to the span's service when the two differ, or when they are equal and the
 * parent is a CLIENT/PRODUCER span and the child a SERVER/CONSUMER span (a service calling itself
 * over the network). A CLIENT/PRODUCER span that paired with no such child but carries {@code
 * peer.service} adds a call to that uninstrumented peer (a database, a cache, a queue). Unlike
 * Jaeger's Spark job, a parent and an INTERNAL child in the same service are not a call: they are
 * one service doing work, and would only add a self-loop to every node of the graph.
 *
 * <p><b>Critical path</b>: walking back from the root's end, at each moment the path is in the
 * child that finished last before that moment (children are clipped to their parent); the time a
 * span spends on the path without a child on it is its self time. {@link #criticalPath()} lists the
 * spans by self time, largest first: the first one dominates the path.
 *
 * @param spans how many spans the trace had
 * @param calls the calls between services, in the order of the spans given
 * @param unpairedSpans spans naming a parent span that is not in the trace
 * @param root the root span (no parent; or, if it is missing, the earliest span whose parent is
 *     missing), null for an empty trace
 * @param criticalPath the critical path from the root, by self time, largest first
 * @param slowRequests the request spans (SERVER, CONSUMER or root) that took at least the slow
 *     threshold, each with the critical path of its own subtree: why that service was slow
 */
public record TraceAnalysis(
        int spans,
        List<ServiceCall> calls,
        int unpairedSpans,
        SpanNode root,
        List<PathSegment> criticalPath,
        List<SlowRequest> slowRequests) {

    /**
     * A request that took at least the slow threshold.
     *
     * @param request the request span
     * @param criticalPath the critical path of the request's subtree, by self time, largest first
     */
    public record SlowRequest(SpanNode request, List<PathSegment> criticalPath) {
        public SlowRequest {
            criticalPath = List.copyOf(criticalPath);
        }

        /** The span that dominates the request's critical path. */
        public PathSegment dominant() {
            return criticalPath.isEmpty() ? null : criticalPath.get(0);
        }
    }

    public TraceAnalysis {
        calls = List.copyOf(calls);
        criticalPath = List.copyOf(criticalPath);
        slowRequests = List.copyOf(slowRequests);
    }

    /** The span that dominates the critical path, null for an empty trace. */
    public PathSegment dominant() {
        return criticalPath.isEmpty() ? null : criticalPath.get(0);
    }

    /**
     * Analyses the spans of one trace, in any order; a repeated span id counts once.
     *
     * @param slowMicros requests that take at least this long are {@linkplain #slowRequests slow}
     */
    public static TraceAnalysis of(Collection<SpanNode> trace, long slowMicros) {
        Map<String, SpanNode> byId = new LinkedHashMap<>();
        for (SpanNode span : trace) {
            byId.putIfAbsent(span.spanId(), span);
        }
        Map<String, List<SpanNode>> children = new HashMap<>();
        List<ServiceCall> calls = new ArrayList<>();
        Set<String> pairedCallers = new HashSet<>();
        int unpaired = 0;
        SpanNode root = null;
        SpanNode orphanRoot = null;
        for (SpanNode span : byId.values()) {
            if (span.parentSpanId().isEmpty()) {
                root = earlier(root, span);
                continue;
            }
            SpanNode parent = byId.get(span.parentSpanId());
            if (parent == null) {
                unpaired++;
                orphanRoot = earlier(orphanRoot, span);
                continue;
            }
            children.computeIfAbsent(parent.spanId(), k -> new ArrayList<>()).add(span);
            boolean remote = parent.isCaller() && span.isCallee();
            if (!parent.service().equals(span.service()) || remote) {
                boolean viaCaller = parent.isCaller();
                calls.add(
                        new ServiceCall(
                                parent.service(),
                                span.service(),
                                viaCaller ? parent.durationMicros() : span.durationMicros(),
                                span.error() || (viaCaller && parent.error())));
                if (viaCaller) {
                    pairedCallers.add(parent.spanId());
                }
            }
        }
        for (SpanNode span : byId.values()) {
            if (span.isCaller()
                    && !span.peerService().isEmpty()
                    && !pairedCallers.contains(span.spanId())) {
                calls.add(
                        new ServiceCall(
                                span.service(),
                                span.peerService(),
                                span.durationMicros(),
                                span.error()));
            }
        }
        SpanNode start = root != null ? root : orphanRoot;
        List<PathSegment> path = start == null ? List.of() : criticalPath(start, children);
        List<SlowRequest> slow = new ArrayList<>();
        for (SpanNode span : byId.values()) {
            boolean request = span.isCallee() || span == start;
            if (request && span.durationMicros() >= slowMicros) {
                slow.add(
                        new SlowRequest(span, span == start ? path : criticalPath(span, children)));
            }
        }
        return new TraceAnalysis(byId.size(), calls, unpaired, start, path, slow);
    }

    /** The earlier of two spans; on equal starts the longer, then the smaller id. */
    private static SpanNode earlier(SpanNode a, SpanNode b) {
        if (a == null) {
            return b;
        }
        Comparator<SpanNode> order =
                Comparator.comparingLong(SpanNode::startMicros)
                        .thenComparing(
                                Comparator.comparingLong(SpanNode::durationMicros).reversed())
                        .thenComparing(SpanNode::spanId);
        return order.compare(a, b) <= 0 ? a : b;
    }

    /** One span being walked: its children by end, latest first, and the path's time cursor. */
    private static final class Frame {
        final SpanNode span;
        final List<SpanNode> children;
        int next;
        long cursor;
        long self;

        Frame(SpanNode span, long limit, Map<String, List<SpanNode>> all) {
            this.span = span;
            this.children = new ArrayList<>(all.getOrDefault(span.spanId(), List.of()));
            this.children.sort(
                    Comparator.comparingLong(SpanNode::endMicros)
                            .reversed()
                            .thenComparing(SpanNode::spanId));
            this.cursor = Math.max(span.startMicros(), Math.min(span.endMicros(), limit));
        }
    }

    private static List<PathSegment> criticalPath(
            SpanNode root, Map<String, List<SpanNode>> children) {
        Map<String, PathSegment> segments = new LinkedHashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(root, Long.MAX_VALUE, children));
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            SpanNode child = nextOnPath(frame);
            if (child == null) {
                frame.self += frame.cursor - frame.span.startMicros();
                stack.pop();
                add(segments, frame.span, frame.self);
                continue;
            }
            long childEnd = Math.min(child.endMicros(), frame.cursor);
            frame.self += frame.cursor - childEnd;
            frame.cursor = Math.max(child.startMicros(), frame.span.startMicros());
            stack.push(new Frame(child, childEnd, children));
        }
        List<PathSegment> path = new ArrayList<>(segments.values());
        path.removeIf(s -> s.selfMicros() <= 0);
        path.sort(
                Comparator.comparingLong(PathSegment::selfMicros)
                        .reversed()
                        .thenComparing(PathSegment::spanId));
        return path;
    }

    /** The next child that runs before the frame's cursor, or null when the walk is done. */
    private static SpanNode nextOnPath(Frame frame) {
        while (frame.next < frame.children.size() && frame.cursor > frame.span.startMicros()) {
            SpanNode child = frame.children.get(frame.next++);
            if (child.startMicros() < frame.cursor
                    && child.endMicros() > frame.span.startMicros()) {
                return child;
            }
        }
        return null;
    }

    private static void add(Map<String, PathSegment> segments, SpanNode span, long self) {
        segments.merge(
                span.spanId(),
                new PathSegment(span.spanId(), span.service(), span.operation(), self),
                (a, b) ->
                        new PathSegment(
                                a.spanId(),
                                a.service(),
                                a.operation(),
                                a.selfMicros() + b.selfMicros()));
    }
}
