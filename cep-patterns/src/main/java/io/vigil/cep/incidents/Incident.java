package io.vigil.cep.incidents;

import io.vigil.udfs.alerts.Severity;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One incident: alerts on connected services that started close together, the trouble they show
 * ranked by root cause, and its lifecycle (open → updated → resolved). Mutable; owned by {@link
 * IncidentCorrelator}.
 */
public final class Incident implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where an incident stands. */
    public enum Status {
        OPEN,
        RESOLVED
    }

    private final String id;
    private long openedAtMillis;
    private boolean confirmed;
    private String mergedInto;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final List<String> timeline = new ArrayList<>();
    private Status status = Status.OPEN;
    private long resolvedAtMillis = -1;
    private long lastActivityMillis;
    private int alertEvents;
    private int escalations;
    private List<RootCause> rootCauses = List.of();

    Incident(String id, long openedAtMillis) {
        this.id = id;
        this.openedAtMillis = openedAtMillis;
        this.lastActivityMillis = openedAtMillis;
    }

    public String id() {
        return id;
    }

    /**
     * Event time the incident opened: when it was confirmed ({@link IncidentCorrelator}); before
     * that, when its first alert's event was seen.
     */
    public long openedAtMillis() {
        return openedAtMillis;
    }

    /** The incident this one was merged into, {@code null} if none; it then is resolved. */
    public String mergedInto() {
        return mergedInto;
    }

    /** Whether the evidence suffices to tell anyone: only confirmed incidents leave Vigil. */
    public boolean confirmed() {
        return confirmed;
    }

    void confirm(long atMillis, String event) {
        confirmed = true;
        openedAtMillis = atMillis;
        timeline.add(event);
    }

    /**
     * When the earliest member's condition began; info members (a deploy before the trouble) only
     * when there is nothing else.
     */
    public long startedAtMillis() {
        if (!startedAtKnown) {
            startedAt = computeStartedAt();
            startedAtKnown = true;
        }
        return startedAt;
    }

    /** {@link #startedAtMillis()}, cached while {@link #startedAtKnown} (false when restored). */
    private transient long startedAt;

    private transient boolean startedAtKnown;

    private long computeStartedAt() {
        return members.values().stream()
                .filter(m -> m.severity() != Severity.INFO)
                .mapToLong(Member::startsAtMillis)
                .min()
                .orElse(
                        members.values().stream()
                                .mapToLong(Member::startsAtMillis)
                                .min()
                                .orElse(openedAtMillis));
    }

    public Status status() {
        return status;
    }

    /** Event time it resolved, {@code -1} while open. */
    public long resolvedAtMillis() {
        return resolvedAtMillis;
    }

    /** The members by fingerprint, in the order they joined. */
    public Map<String, Member> members() {
        return members;
    }

    /** Every service of a member, sorted. */
    public TreeSet<String> services() {
        TreeSet<String> services = new TreeSet<>();
        members.values().forEach(m -> services.add(m.service()));
        return services;
    }

    /** Alert events grouped into this incident (firing and resolved, repeats included). */
    public int alertEvents() {
        return alertEvents;
    }

    /** The most urgent member severity, raised once per escalation. */
    public Severity severity() {
        int level =
                members.values().stream()
                        .mapToInt(m -> m.severity().ecsLevel())
                        .min()
                        .orElse(Severity.INFO.ecsLevel());
        return Severity.values()[Math.max(0, level - 1 - escalations)];
    }

    public int escalations() {
        return escalations;
    }

    /** The ranked root causes, best first; every service of the incident appears once. */
    public List<RootCause> rootCauses() {
        return rootCauses;
    }

    /** What happened, one line per event, oldest first. */
    public List<String> timeline() {
        return timeline;
    }

    /** Time to detect: from the earliest member's start to the opening. */
    public long mttdMillis() {
        return Math.max(0, openedAtMillis - startedAtMillis());
    }

    /** Time to resolve: from the earliest member's start to resolution; {@code -1} while open. */
    public long mttrMillis() {
        return resolvedAtMillis < 0 ? -1 : resolvedAtMillis - startedAtMillis();
    }

    long lastActivityMillis() {
        return lastActivityMillis;
    }

    /**
     * When the latest actionable member (warning or critical) started; an incident gathers alerts
     * that start close to this, so a long-firing member does not keep pulling in later faults.
     */
    long lastOnsetMillis() {
        return members.values().stream()
                .filter(m -> m.severity() != Severity.INFO)
                .mapToLong(Member::startsAtMillis)
                .max()
                .orElse(openedAtMillis);
    }

    /**
     * When the last actionable member ended, or a flapping member stops holding the incident open
     * (event time); {@code -1} if one still fires. Information (a deploy, a new log template) is
     * evidence and never holds an incident open: a deploy alert has no end.
     */
    long lastEndMillis() {
        long last = -1;
        for (Member m : members.values()) {
            if (m.severity() == Severity.INFO) {
                continue;
            }
            if (m.firing()) {
                return -1;
            }
            last = Math.max(last, Math.max(m.endsAtMillis(), m.flappingUntilMillis()));
        }
        return last;
    }

    /** Replaces a member without counting an alert event (a marker about it, not from it). */
    void mark(Member member, String event) {
        startedAtKnown = false;
        members.put(member.fingerprint(), member);
        timeline.add(event);
    }

    void put(Member member, long atMillis, String event) {
        startedAtKnown = false;
        members.put(member.fingerprint(), member);
        alertEvents++;
        lastActivityMillis = Math.max(lastActivityMillis, atMillis);
        timeline.add(event);
    }

    void absorb(Incident other, long atMillis) {
        startedAtKnown = false;
        if (other.confirmed && (!confirmed || other.openedAtMillis < openedAtMillis)) {
            // on-call heard of it as the other incident already: this one is as old
            confirmed = true;
            openedAtMillis = other.openedAtMillis;
        }
        other.mergedInto = id;
        other.members.forEach(members::putIfAbsent);
        alertEvents += other.alertEvents;
        timeline.addAll(other.timeline);
        timeline.add("merged incident " + other.id + " (its services are connected to these)");
        lastActivityMillis =
                Math.max(lastActivityMillis, Math.max(atMillis, other.lastActivityMillis));
        escalations = Math.max(escalations, other.escalations);
    }

    void escalate(String event) {
        escalations++;
        timeline.add(event);
    }

    /**
     * Resolves it at {@code atMillis}, or at its start if that is earlier (a merge at a topology
     * window's start, sources whose clocks disagree): an incident never ends before it started, so
     * MTTR is never negative and Alertmanager never gets an {@code endsAt} before {@code startsAt}.
     */
    void resolve(long atMillis, String event) {
        status = Status.RESOLVED;
        resolvedAtMillis = Math.max(atMillis, startedAtMillis());
        timeline.add(event);
    }

    void rank(List<RootCause> ranked) {
        this.rootCauses = List.copyOf(ranked);
    }
}
