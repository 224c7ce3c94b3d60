package io.vigil.cep.incidents;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who calls whom: the live service graph from the traces job's edges ({@code vigil.topology}), plus
 * an optional static graph from the configuration for systems without traces. An edge the traces
 * have not shown for {@code edgeTtlMillis} of event time is forgotten; static edges stay.
 *
 * <p>Not thread-safe; one instance per correlator.
 */
public final class ServiceGraph implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Edges never expire when seen at this time (the static graph). */
    public static final long STATIC = Long.MAX_VALUE;

    private final long edgeTtlMillis;

    /** caller → callee → last seen (event time, epoch millis). */
    private final Map<String, Map<String, Long>> callees = new HashMap<>();

    /** callee → callers, the reverse index of {@link #callees}. */
    private final Map<String, Set<String>> callers = new HashMap<>();

    public ServiceGraph(long edgeTtlMillis) {
        this.edgeTtlMillis = edgeTtlMillis;
    }

    /** Records that {@code caller} called {@code callee} at {@code seenAtMillis}. */
    public void addEdge(String caller, String callee, long seenAtMillis) {
        if (caller.equals(callee)) {
            return;
        }
        callees.computeIfAbsent(caller, k -> new HashMap<>())
                .merge(callee, seenAtMillis, Math::max);
        callers.computeIfAbsent(callee, k -> new HashSet<>()).add(caller);
    }

    /** Forgets the edges not seen since {@code nowMillis - edgeTtl}. */
    public void expire(long nowMillis) {
        long oldest = nowMillis - edgeTtlMillis;
        callees.forEach(
                (caller, out) ->
                        out.entrySet()
                                .removeIf(
                                        e -> {
                                            boolean old = e.getValue() < oldest;
                                            if (old) {
                                                Set<String> in = callers.get(e.getKey());
                                                if (in != null) {
                                                    in.remove(caller);
                                                }
                                            }
                                            return old;
                                        }));
        callees.values().removeIf(Map::isEmpty);
        callers.values().removeIf(Set::isEmpty);
    }

    /** Whether {@code caller} calls {@code callee} directly. */
    public boolean calls(String caller, String callee) {
        return callees.getOrDefault(caller, Map.of()).containsKey(callee);
    }

    /** Whether the two services call each other in either direction. */
    public boolean adjacent(String a, String b) {
        return calls(a, b) || calls(b, a);
    }

    /**
     * Whether {@code from} reaches {@code to} by calls (directly or through other services), only
     * through services in {@code within} (plus the two ends).
     */
    public boolean reaches(String from, String to, Set<String> within) {
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.add(from);
        seen.add(from);
        while (!todo.isEmpty()) {
            String s = todo.poll();
            for (String next : callees.getOrDefault(s, Map.of()).keySet()) {
                if (next.equals(to)) {
                    return true;
                }
                if (within.contains(next) && seen.add(next)) {
                    todo.add(next);
                }
            }
        }
        return false;
    }

    /** The services {@code service} calls directly, sorted. */
    public Set<String> callees(String service) {
        return new TreeSet<>(callees.getOrDefault(service, Map.of()).keySet());
    }

    /** The services that call {@code service} directly, sorted. */
    public Set<String> callers(String service) {
        return new TreeSet<>(callers.getOrDefault(service, Set.of()));
    }

    /** How many edges the graph holds. */
    public int edges() {
        return callees.values().stream().mapToInt(Map::size).sum();
    }
}
