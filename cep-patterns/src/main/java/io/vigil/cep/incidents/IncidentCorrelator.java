package io.vigil.cep.incidents;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.AlertState;
import io.vigil.udfs.alerts.Severity;
import io.vigil.udfs.ecs.ContentHash;
import io.vigil.udfs.logs.TemplateAlerts;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds alert events into incidents, in event time. Plain Java; the Flink operator around it keeps
 * it in keyed state and feeds it the service graph.
 *
 * <ul>
 *   <li><b>dedup</b>: an alert (fingerprint) is one member of one incident, however often it fires;
 *   <li><b>grouping</b>: a firing alert joins an open incident when its service (for calls to a
 *       {@code peer.service}, the callee: {@link #serviceOf}) is one of the incident's or calls or
 *       is called by one of them ({@link ServiceGraph}), and it started within {@code window} of
 *       the incident's start (a fault shows its reach within minutes; trouble that starts later,
 *       even next door, is a new incident, or a later fault would vanish into an incident that a
 *       steady trickle of alerts kept gathering); when it would join several, they merge into the
 *       one that began first, each that began within {@code window} of it (whatever order the
 *       alerts came in: a later fault does not vanish into an earlier one). Alerts on unconnected
 *       services open separate incidents. An alert without a {@code service} label joins only an
 *       incident of such alerts. An info alert (a new log template, say) joins an incident as
 *       evidence but never opens one nor keeps one gathering;
 *   <li><b>confirmation</b>: an incident opens (and is reported) once the evidence agrees: {@code
 *       minAlerts} different alerts, or a critical one, or one that fired again, or one that kept
 *       firing for {@code escalateAfter}. Until then it gathers quietly; one that resolves
 *       unconfirmed was a lone blip ({@link #dismissed()}), which nobody is told about;
 *   <li><b>root cause</b>: every change re-ranks the incident's services ({@link RootCauseRanker});
 *   <li><b>escalation</b>: an incident with an alert still firing {@code escalateAfter} after it
 *       fired is raised one severity, once; an alert that resolves in time does not escalate. The
 *       Flink job finds these alerts with a CEP {@code notFollowedBy} pattern ({@code
 *       flink.EscalatingAlerts}) and hands them over as markers ({@link #ESCALATE_AT});
 *   <li><b>lifecycle</b>: open → updated → resolved once every member stayed resolved for {@code
 *       resolveAfter} (its {@code resolvedAt} is when the last member ended). MTTD and MTTR are
 *       kept on the incident.
 * </ul>
 *
 * State is bounded: at most {@code maxOpenIncidents} open incidents (beyond that the oldest is
 * closed, counted in {@link #overflowed()}); a resolved incident leaves the state. Not thread-safe.
 */
public final class IncidentCorrelator implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The service of alerts without a {@code service} label. */
    public static final String NO_SERVICE = "(no service)";

    /**
     * @param window how long after an incident's last activity a connected alert still joins it
     * @param resolveAfter how long every member must stay resolved before the incident resolves
     * @param escalateAfter how long an incident may fire before it is raised one severity
     * @param maxOpenIncidents the bound on open incidents
     * @param minAlerts how many different alerts confirm an incident (1: every alert opens one)
     */
    public record Settings(
            Duration window,
            Duration resolveAfter,
            Duration escalateAfter,
            int maxOpenIncidents,
            int minAlerts)
            implements Serializable {
        public static final Settings DEFAULTS =
                new Settings(
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(15),
                        1_000,
                        2);

        public Settings {
            if (minAlerts < 1) {
                throw new IllegalArgumentException("minAlerts must be >= 1; was " + minAlerts);
            }
        }
    }

    private final Settings settings;
    private final ServiceGraph graph;
    private final Map<String, Incident> open = new LinkedHashMap<>();
    private final Map<String, String> incidentOf = new HashMap<>();
    private long overflowed;
    private long dismissed;

    /** Flapping markers that came before their alert's events, by fingerprint, oldest first. */
    private final LinkedHashMap<String, AlertEvent> earlyFlapping = new LinkedHashMap<>();

    /** Info alerts that found no incident yet, by fingerprint, oldest first. */
    private final LinkedHashMap<String, AlertEvent> recentInfo = new LinkedHashMap<>();

    public IncidentCorrelator(Settings settings, ServiceGraph graph) {
        this.settings = settings;
        this.graph = graph;
    }

    public ServiceGraph graph() {
        return graph;
    }

    /** The open incidents, oldest first. */
    public List<Incident> open() {
        return List.copyOf(open.values());
    }

    /** How many incidents are open. */
    public int openCount() {
        return open.size();
    }

    /** Incidents that resolved before they were confirmed: lone blips nobody was told about. */
    public long dismissed() {
        return dismissed;
    }

    /** Incidents closed early because more than {@code maxOpenIncidents} were open. */
    public long overflowed() {
        return overflowed;
    }

    /**
     * The annotation of a flapping marker ({@code flink.FlappingAlerts}): until when (ISO-8601) the
     * alert, which fired and resolved again and again, holds its incident open.
     */
    public static final String FLAPPING_UNTIL = "vigil_flapping_until";

    /** Applies one alert event; returns the confirmed incidents it opened or changed. */
    public List<Incident> onAlert(AlertEvent alert) {
        long at = alert.observedAt().toEpochMilli();
        return confirmedOnly(apply(alert), at);
    }

    private List<Incident> apply(AlertEvent alert) {
        if (alert.annotations().containsKey(FLAPPING_UNTIL)) {
            return flapping(alert);
        }
        if (alert.annotations().containsKey(ESCALATE_AT)) {
            return escalation(alert);
        }
        List<Incident> changed =
                alert.state() == AlertState.FIRING ? firing(alert) : resolved(alert);
        AlertEvent early = earlyFlapping.remove(alert.fingerprint());
        if (early != null && incidentOfAlert(alert) != null) {
            List<Incident> all = new ArrayList<>(changed);
            for (Incident i : flapping(early)) {
                if (!all.contains(i)) {
                    all.add(i);
                }
            }
            return all;
        }
        return changed;
    }

    /**
     * A flapping alert is one member, not one incident per flap: it holds its incident open until
     * the marker says, so the incident does not resolve and reopen with every flap.
     */
    private List<Incident> flapping(AlertEvent marker) {
        Incident incident = incidentOfAlert(marker);
        if (incident == null) {
            // the marker overtook the alert's own events (another input channel): it applies when
            // they come
            earlyFlapping.put(marker.fingerprint(), marker);
            while (earlyFlapping.size() > MAX_INFO) {
                earlyFlapping.remove(earlyFlapping.keySet().iterator().next());
            }
            return List.of();
        }
        Member m = incident.members().get(marker.fingerprint());
        long until = Instant.parse(marker.annotations().get(FLAPPING_UNTIL)).toEpochMilli();
        long at = marker.observedAt().toEpochMilli();
        incident.mark(
                m.flapping(until),
                time(at)
                        + " "
                        + label(marker)
                        + " is flapping: the incident stays open until "
                        + time(until)
                        + " unless it flaps on");
        return List.of(incident);
    }

    /**
     * The annotation of an escalation marker ({@code flink.EscalatingAlerts}, CEP {@code
     * notFollowedBy}): when (ISO-8601) the alert had fired {@code escalateAfter} without resolving.
     */
    public static final String ESCALATE_AT = "vigil_escalate_at";

    /** An alert still firing {@code escalateAfter} after it fired raises its incident, once. */
    private List<Incident> escalation(AlertEvent marker) {
        Incident incident = incidentOfAlert(marker);
        if (incident == null || incident.escalations() > 0) {
            return List.of();
        }
        Member m = incident.members().get(marker.fingerprint());
        if (m == null || !m.firing()) {
            return List.of(); // resolved since (the marker came late): nothing to escalate
        }
        incident.escalate(
                time(marker.observedAt().toEpochMilli())
                        + " escalated to "
                        + nextSeverity(incident)
                        + ": "
                        + label(marker)
                        + " still firing "
                        + settings.escalateAfter().toMinutes()
                        + " min after it fired");
        return List.of(incident);
    }

    private List<Incident> firing(AlertEvent alert) {
        String service = serviceOf(alert);
        long startsAt = alert.startsAt().toEpochMilli();
        long at = alert.observedAt().toEpochMilli();
        List<Incident> changed = new ArrayList<>();
        Incident known = incidentOfAlert(alert);
        if (known != null && over(known, startsAt)) {
            // it fires again after its incident was over in event time, only the watermark (the
            // newest alert less the out-of-orderness) had not come that far: whether a tick came
            // before this alert is arrival order, which must not decide. Over is over.
            close(known, startsAt, changed);
            open.remove(known.id());
            known = null;
        }
        if (known != null) {
            Member m = known.members().get(alert.fingerprint());
            known.put(m.firingAgain(startsAt), at, time(at) + " " + label(alert) + " fires again");
            known.rank(RootCauseRanker.rank(known, graph));
            return List.of(known);
        }
        List<Incident> joins = new ArrayList<>();
        for (Incident incident : open.values()) {
            // within the window either side of its start: an alert that arrives late (another
            // partition, a lagging job) but began long before the incident is not part of it;
            // nor is one that began after the incident was over, however soon the tick comes
            if (Math.abs(startsAt - incident.startedAtMillis()) <= settings.window().toMillis()
                    && !over(incident, startsAt)
                    && connected(service, incident)) {
                joins.add(incident);
            }
        }
        Incident target;
        Severity severity =
                badDeploy(alert, service, startsAt, at) ? Severity.WARNING : alert.severity();
        if (joins.isEmpty() && severity == Severity.INFO) {
            // information (a deploy, a new log template) is evidence for an incident, never one
            // itself: kept a while for trouble that may follow it on its service
            remember(alert, at);
            if (alert.source() == AlertSource.DEPLOY) {
                // new errors that arrived before the deploy was seen are trouble now
                for (AlertEvent errors : errorTemplatesAfter(service, startsAt)) {
                    recentInfo.remove(errors.fingerprint());
                    changed.addAll(firing(errors));
                }
                troubleAfterDeploy(service, startsAt, at, changed);
            }
            return changed;
        }
        if (joins.isEmpty()) {
            target = new Incident(incidentId(alert), at);
            boundOpenIncidents(changed);
            open.put(target.id(), target);
        } else {
            // into the oldest; and, as for a call edge (edge), only those that began within the
            // window of it: a bridge that arrives late must not fold a later fault into an earlier
            // one that it would never have joined had the bridge come first
            joins.sort(
                    Comparator.comparingLong(Incident::startedAtMillis)
                            .thenComparing(Incident::id));
            target = joins.get(0);
            for (Incident other : joins.subList(1, joins.size())) {
                if (other.startedAtMillis() - target.startedAtMillis()
                        <= settings.window().toMillis()) {
                    merge(target, other, at, changed);
                }
            }
        }
        add(target, alert, severity, at);
        if (severity != Severity.INFO) {
            attachRecentInfo(target, service, startsAt, at);
        }
        target.rank(RootCauseRanker.rank(target, graph));
        changed.add(target);
        if (alert.source() == AlertSource.DEPLOY) {
            troubleAfterDeploy(service, startsAt, at, changed);
        }
        return changed;
    }

    /**
     * New kinds of error on {@code service} that joined an open incident as information, because
     * they arrived before the deploy just before them (another partition, another job: the deploy
     * comes from the metrics job, the errors from the logs job): trouble now, as they would have
     * been had the deploy come first ({@link #badDeploy}).
     */
    private void troubleAfterDeploy(
            String service, long deployedAt, long at, List<Incident> changed) {
        for (Incident incident : open.values()) {
            boolean upgraded = false;
            for (Member m : List.copyOf(incident.members().values())) {
                if (m.errorTemplate()
                        && m.severity() == Severity.INFO
                        && m.service().equals(service)
                        && followsDeploy(m.startsAtMillis(), deployedAt)) {
                    incident.mark(
                            m.trouble(),
                            time(at)
                                    + " "
                                    + m.service()
                                    + " "
                                    + m.alertname()
                                    + " [new kind of error] is trouble: "
                                    + service
                                    + " was deployed just before it");
                    upgraded = true;
                }
            }
            if (upgraded) {
                incident.rank(RootCauseRanker.rank(incident, graph));
                if (!changed.contains(incident)) {
                    changed.add(incident);
                }
            }
        }
    }

    private void add(Incident target, AlertEvent alert, long at) {
        add(target, alert, alert.severity(), at);
    }

    /**
     * Whether {@code alert} is a new kind of error log line on {@code service} that began within
     * {@code window} after a deploy of that service still remembered: the bad-deploy pattern. Such
     * a line is trouble ({@link Severity#WARNING}), not information, and confirms its incident.
     */
    private boolean badDeploy(AlertEvent alert, String service, long startsAt, long at) {
        if (!isErrorTemplate(alert)) {
            return false;
        }
        forgetOldInfo(at);
        for (AlertEvent info : recentInfo.values()) {
            if (info.source() == AlertSource.DEPLOY
                    && serviceOf(info).equals(service)
                    && followsDeploy(startsAt, info.startsAt().toEpochMilli())) {
                return true;
            }
        }
        // the deploy may have joined an incident already (trouble next door came first)
        for (Incident incident : open.values()) {
            for (Member m : incident.members().values()) {
                if (m.kind() == AlertKind.DEPLOY
                        && m.service().equals(service)
                        && followsDeploy(startsAt, m.startsAtMillis())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The remembered new error templates of {@code service} that follow its deploy. */
    private List<AlertEvent> errorTemplatesAfter(String service, long deployedAt) {
        List<AlertEvent> after = new ArrayList<>();
        for (AlertEvent info : recentInfo.values()) {
            if (isErrorTemplate(info)
                    && serviceOf(info).equals(service)
                    && followsDeploy(info.startsAt().toEpochMilli(), deployedAt)) {
                after.add(info);
            }
        }
        return after;
    }

    private static boolean isErrorTemplate(AlertEvent alert) {
        return alert.source() == AlertSource.LOG_TEMPLATE
                && TemplateAlerts.ERROR_LEVEL.equals(
                        alert.labels().get(TemplateAlerts.ERROR_LEVEL_LABEL));
    }

    /**
     * Whether trouble starting at {@code startsAt} follows a deploy seen at {@code deployedAt}:
     * within {@code window} after it, or up to {@link #DEPLOY_SEEN_LATE} before it (a deploy is
     * seen at the first metric point with the new version, one export interval after its first log
     * lines at worst).
     */
    private boolean followsDeploy(long startsAt, long deployedAt) {
        return startsAt >= deployedAt - DEPLOY_SEEN_LATE.toMillis()
                && startsAt <= deployedAt + settings.window().toMillis();
    }

    /** OpenTelemetry SDKs' default metric export interval. */
    static final Duration DEPLOY_SEEN_LATE = Duration.ofSeconds(60);

    private void add(Incident target, AlertEvent alert, Severity severity, long at) {
        long startsAt = alert.startsAt().toEpochMilli();
        target.put(
                new Member(
                        alert.fingerprint(),
                        serviceOf(alert),
                        AlertKind.of(alert),
                        alert.labels().getOrDefault("alertname", ""),
                        alert.annotations().getOrDefault("summary", ""),
                        severity,
                        startsAt,
                        -1,
                        1,
                        alert.traceIds().isEmpty() ? "" : alert.traceIds().get(0),
                        -1,
                        isErrorTemplate(alert)),
                at,
                time(at) + " " + label(alert) + " fires (since " + time(startsAt) + ")");
        incidentOf.put(alert.fingerprint(), target.id());
    }

    /**
     * Keeps an info alert that found no incident, for {@code window}, at most {@value #MAX_INFO}.
     */
    private void remember(AlertEvent alert, long at) {
        forgetOldInfo(at);
        recentInfo.put(alert.fingerprint(), alert);
        while (recentInfo.size() > MAX_INFO) {
            recentInfo.remove(recentInfo.keySet().iterator().next());
        }
    }

    private void forgetOldInfo(long at) {
        recentInfo
                .values()
                .removeIf(a -> a.startsAt().toEpochMilli() < at - settings.window().toMillis());
    }

    /**
     * Info alerts on the incident's services or services next to them in the graph, from up to
     * {@code window} before the trouble of {@code service} began, join the incident as evidence: a
     * deploy, or a new kind of log line, just before the trouble (a caller deployed with a bad
     * call, a callee changed). So do those that began after the incident did, within {@code window}
     * of its start: they would have joined it had they not arrived before the alert that opened it
     * or brought it next to them (alerts arrive up to the out-of-orderness bound out of event-time
     * order).
     */
    private void attachRecentInfo(Incident target, String service, long startsAt, long at) {
        forgetOldInfo(at);
        List<AlertEvent> before = new ArrayList<>();
        long latest = target.startedAtMillis() + settings.window().toMillis();
        for (AlertEvent info : recentInfo.values()) {
            long t = info.startsAt().toEpochMilli();
            long seenLate = info.source() == AlertSource.DEPLOY ? DEPLOY_SEEN_LATE.toMillis() : 0;
            if (connected(serviceOf(info), target)
                    && t <= Math.max(startsAt + seenLate, latest)
                    && t >= startsAt - settings.window().toMillis()) {
                before.add(info);
            }
        }
        for (AlertEvent info : before) {
            recentInfo.remove(info.fingerprint());
            add(target, info, at);
        }
    }

    /** Bound on the info alerts kept while no incident needs them. */
    static final int MAX_INFO = 256;

    private List<Incident> resolved(AlertEvent alert) {
        Incident incident = incidentOfAlert(alert);
        if (incident == null) {
            return List.of(); // its incident is closed, or its firing event came before a restart
        }
        Member m = incident.members().get(alert.fingerprint());
        long endsAt = (alert.endsAt() != null ? alert.endsAt() : alert.observedAt()).toEpochMilli();
        long at = alert.observedAt().toEpochMilli();
        incident.put(
                m.ended(endsAt),
                at,
                time(at) + " " + label(alert) + " resolved (ended " + time(endsAt) + ")");
        return List.of(incident);
    }

    /**
     * A call edge the graph did not know: it merges open incidents it connects whose onsets lie
     * within the window of each other (alerts that came before the edge that explains them).
     * Returns the incidents it changed: each merged-into incident, and each merged one, resolved as
     * "merged into".
     */
    public List<Incident> onEdge(String caller, String callee, long seenAtMillis) {
        List<Incident> changed = edge(caller, callee, seenAtMillis);
        long at = seenAtMillis;
        for (Incident i : changed) {
            at = Math.max(at, i.lastActivityMillis());
        }
        return confirmedOnly(changed, at);
    }

    private List<Incident> edge(String caller, String callee, long seenAtMillis) {
        boolean known = graph.calls(caller, callee);
        graph.addEdge(caller, callee, seenAtMillis);
        List<Incident> changed = new ArrayList<>();
        if (known) {
            return changed;
        }
        List<Incident> incidents = new ArrayList<>(open.values());
        for (Incident a : incidents) {
            if (!open.containsKey(a.id()) || !a.services().contains(caller)) {
                continue;
            }
            for (Incident b : incidents) {
                if (b != a
                        && open.containsKey(b.id())
                        && b.services().contains(callee)
                        && Math.abs(a.startedAtMillis() - b.startedAtMillis())
                                <= settings.window().toMillis()) {
                    Incident target = a.openedAtMillis() <= b.openedAtMillis() ? a : b;
                    long at =
                            Math.max(
                                    seenAtMillis,
                                    Math.max(a.lastActivityMillis(), b.lastActivityMillis()));
                    merge(target, target == a ? b : a, at, changed);
                }
            }
        }
        return changed;
    }

    /** {@code other} joins {@code target}; both are reported changed, {@code other} resolved. */
    private void merge(Incident target, Incident other, long at, List<Incident> changed) {
        target.absorb(other, at);
        open.remove(other.id());
        other.members().keySet().forEach(f -> incidentOf.put(f, target.id()));
        other.resolve(at, time(at) + " merged into " + target.id());
        target.rank(RootCauseRanker.rank(target, graph));
        changed.remove(other);
        changed.add(other);
        if (!changed.contains(target)) {
            changed.add(target);
        }
    }

    /**
     * The event time by which every open incident that can resolve has: the last member's end plus
     * {@code resolveAfter}, over the incidents whose members all ended (a bounded input that ended
     * jumps there at once).
     */
    public long settledAt() {
        long at = Long.MIN_VALUE;
        for (Incident incident : open.values()) {
            long lastEnd = incident.lastEndMillis();
            at =
                    Math.max(
                            at,
                            lastEnd >= 0
                                    ? lastEnd + settings.resolveAfter().toMillis()
                                    : incident.lastActivityMillis());
        }
        return at;
    }

    /**
     * Advances event time to {@code nowMillis}: confirms incidents whose lone alert kept firing,
     * resolves those whose members all stayed resolved for {@code resolveAfter} (they leave the
     * state), forgets stale graph edges. Returns the incidents it changed.
     */
    public List<Incident> advance(long nowMillis) {
        graph.expire(nowMillis);
        List<Incident> changed = new ArrayList<>();
        Iterator<Incident> it = open.values().iterator();
        while (it.hasNext()) {
            Incident incident = it.next();
            if (!incident.confirmed() && confirm(incident, nowMillis)) {
                changed.add(incident);
            }
            if (over(incident, nowMillis)) {
                close(incident, nowMillis, changed);
                it.remove();
            }
        }
        return changed;
    }

    /**
     * Whether every actionable member of {@code incident} had ended and stayed ended for {@code
     * resolveAfter} by {@code atMillis} (event time): the incident is over then, whether or not the
     * watermark has come that far.
     */
    private boolean over(Incident incident, long atMillis) {
        long lastEnd = incident.lastEndMillis();
        return lastEnd >= 0 && atMillis >= lastEnd + settings.resolveAfter().toMillis();
    }

    /**
     * Ends an incident that is {@link #over} at {@code nowMillis}: resolved (at its last member's
     * end) and added to {@code changed} if it was confirmed, else dismissed unreported. The caller
     * removes it from {@link #open}.
     */
    private void close(Incident incident, long nowMillis, List<Incident> changed) {
        forget(incident);
        if (!incident.confirmed()) {
            dismissed++;
            return;
        }
        long lastEnd = incident.lastEndMillis();
        incident.resolve(
                lastEnd,
                time(nowMillis)
                        + " resolved: every alert ended, the last at "
                        + time(lastEnd)
                        + ", and stayed resolved for "
                        + settings.resolveAfter().toSeconds()
                        + " s");
        changed.add(incident);
    }

    /**
     * The changed incidents that are confirmed, after confirming those the evidence now suffices
     * for (at {@code atMillis}).
     */
    private List<Incident> confirmedOnly(List<Incident> changed, long atMillis) {
        List<Incident> out = new ArrayList<>(changed.size());
        for (Incident i : changed) {
            if (!i.confirmed() && i.status() == Incident.Status.OPEN) {
                confirm(i, atMillis);
            }
            if (i.confirmed()) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * Confirms {@code incident} when its evidence suffices at {@code nowMillis}: {@code minAlerts}
     * different alerts (info alerts do not count), a critical alert, an alert that fired again, or
     * one that fired for {@code escalateAfter} (still firing, or ended after that long; it opens
     * when that time was reached).
     */
    private boolean confirm(Incident incident, long nowMillis) {
        int actionable = 0;
        String reason = null;
        long sustainedSince = Long.MAX_VALUE; // when a lone alert's firing became long enough
        for (Member m : incident.members().values()) {
            if (m.severity() == Severity.INFO) {
                continue;
            }
            actionable++;
            if (m.severity() == Severity.CRITICAL) {
                reason = m.alertname() + " on " + m.service() + " is critical";
            } else if (m.kind() == AlertKind.NEW_LOG_TEMPLATE && reason == null) {
                // an error template counts as trouble only after a deploy (badDeploy)
                reason = "new kind of error in " + m.service() + " just after its deploy";
            } else if ((m.events() > 2
                            || (m.events() > 1 && m.firing())
                            || m.flappingUntilMillis() >= 0)
                    && reason == null) {
                reason = m.alertname() + " on " + m.service() + " fired again";
            } else if ((m.firing() ? nowMillis : m.endsAtMillis()) - m.startsAtMillis()
                            >= settings.escalateAfter().toMillis()
                    && reason == null) {
                // one that fired that long and ended since counts too: whether a tick came while
                // it still fired is a matter of when the next alert arrived
                sustainedSince = m.startsAtMillis() + settings.escalateAfter().toMillis();
                reason =
                        m.alertname()
                                + " on "
                                + m.service()
                                + " kept firing for "
                                + settings.escalateAfter().toMinutes()
                                + " min";
            }
        }
        if (actionable >= settings.minAlerts()) {
            reason = actionable + " alerts agree";
            sustainedSince = Long.MAX_VALUE;
        }
        if (reason == null) {
            return false;
        }
        long at = Math.min(nowMillis, sustainedSince);
        incident.confirm(at, time(at) + " opened: " + reason);
        return true;
    }

    private static String nextSeverity(Incident incident) {
        int level = Math.max(1, incident.severity().ecsLevel() - 1);
        return Severity.values()[level - 1].wireName();
    }

    private Incident incidentOfAlert(AlertEvent alert) {
        String id = incidentOf.get(alert.fingerprint());
        return id == null ? null : open.get(id);
    }

    private boolean connected(String service, Incident incident) {
        for (String s : incident.services()) {
            if (s.equals(service)
                    || (!service.equals(NO_SERVICE)
                            && !s.equals(NO_SERVICE)
                            && graph.adjacent(service, s))) {
                return true;
            }
        }
        return false;
    }

    private void boundOpenIncidents(List<Incident> changed) {
        while (open.size() >= settings.maxOpenIncidents()) {
            Incident oldest = open.values().iterator().next();
            oldest.resolve(
                    oldest.lastActivityMillis(),
                    "closed: more than " + settings.maxOpenIncidents() + " incidents were open");
            forget(oldest);
            open.remove(oldest.id());
            overflowed++;
            changed.add(oldest);
        }
    }

    private void forget(Incident incident) {
        incident.members().keySet().forEach(incidentOf::remove);
    }

    /** A deterministic id: the same alerts replayed give the same incident ids. */
    private static String incidentId(AlertEvent first) {
        return "inc-"
                + new ContentHash()
                        .add(first.fingerprint())
                        .add(first.startsAt().toEpochMilli())
                        .finish();
    }

    /**
     * The service an alert is evidence about: its {@code service}, or, for a measurement of calls
     * to another service (a series with the OpenTelemetry attribute {@code peer.service}: the
     * caller's view of its callee), the callee. Calls to X growing slow say X, or the way to it, is
     * in trouble; every caller of X shows it.
     */
    static String serviceOf(AlertEvent alert) {
        if (alert.series() != null) {
            String peer = alert.series().attributes().get(PEER_SERVICE);
            if (peer != null && !peer.isBlank()) {
                return peer;
            }
        }
        return alert.labels().getOrDefault("service", NO_SERVICE);
    }

    /** OpenTelemetry's attribute for the remote service of a call. */
    static final String PEER_SERVICE = "peer.service";

    private static String label(AlertEvent alert) {
        return alert.labels().getOrDefault("service", NO_SERVICE)
                + " "
                + alert.labels().getOrDefault("alertname", "alert")
                + " ["
                + AlertKind.of(alert).words()
                + "] "
                + alert.annotations().getOrDefault("summary", "");
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
