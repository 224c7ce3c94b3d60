package io.vigil.cep.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.Severity;
import io.vigil.udfs.logs.TemplateAlerts;
import io.vigil.udfs.testing.AlertFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The correlator on hand-made alerts over the demo's call graph (frontend → checkout → payment →
 * database, checkout → shipping; auth stands alone), in event time.
 */
class IncidentCorrelatorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration RESOLVE_AFTER = Duration.ofMinutes(5);

    private ServiceGraph graph;
    private IncidentCorrelator correlator;

    @BeforeEach
    void graph() {
        graph = new ServiceGraph(Duration.ofHours(1).toMillis());
        long seen = T0.toEpochMilli();
        graph.addEdge("frontend", "checkout", seen);
        graph.addEdge("checkout", "payment", seen);
        graph.addEdge("payment", "database", seen);
        graph.addEdge("checkout", "shipping", seen);
        correlator = correlatorOver(graph, 100, 1);
    }

    /**
     * A correlator over {@code graph} with a 5 min window, {@link #RESOLVE_AFTER} and escalation
     * after 15 min.
     */
    private static IncidentCorrelator correlatorOver(
            ServiceGraph graph, int maxOpen, int minAlerts) {
        return new IncidentCorrelator(
                new IncidentCorrelator.Settings(
                        Duration.ofMinutes(5),
                        RESOLVE_AFTER,
                        Duration.ofMinutes(15),
                        maxOpen,
                        minAlerts),
                graph);
    }

    @Test
    void aCascadeIsOneIncidentWithItsStartFirst() {
        List<AlertEvent> cascade =
                List.of(
                        alert("database", "db.query.duration", 0),
                        alert("payment", "http.server.request.duration", 40),
                        alert("checkout", "http.server.request.duration", 55),
                        alert("frontend", "http.server.request.duration", 70),
                        alert("frontend", "vigil.service.error_rate", 80));
        cascade.forEach(correlator::onAlert);

        assertThat(correlator.open()).hasSize(1);
        Incident incident = correlator.open().get(0);
        assertThat(incident.services())
                .containsExactly("checkout", "database", "frontend", "payment");
        assertThat(incident.rootCauses())
                .extracting(RootCause::service)
                .containsExactly("database", "payment", "checkout", "frontend");
        assertThat(incident.rootCauses().get(0).why())
                .isEqualTo(
                        "database: alerted first; called by checkout, frontend, payment, which"
                                + " alerted too; none of the services it calls alerted; 1 latency"
                                + " alert");
        assertThat(incident.alertEvents()).isEqualTo(5);
        assertThat(incident.mttdMillis()).isZero();
    }

    @Test
    void unconnectedServicesAtOnceAreSeparateIncidents() {
        correlator.onAlert(alert("database", "db.query.duration", 0));
        correlator.onAlert(alert("auth", "process.cpu.utilization", 5));

        assertThat(correlator.open())
                .extracting(i -> i.services().first())
                .containsExactly("database", "auth");
    }

    @Test
    void theSameAlertFiringAgainIsNoNewMember() {
        AlertEvent a = alert("payment", "http.server.request.duration", 0);
        correlator.onAlert(a);
        correlator.onAlert(AlertFixtures.resolved(a, T0.plusSeconds(30)));
        correlator.onAlert(alert("payment", "http.server.request.duration", 60));

        Incident incident = correlator.open().get(0);
        assertThat(incident.members()).hasSize(1);
        assertThat(incident.alertEvents()).isEqualTo(3);
        assertThat(incident.members().values().iterator().next().firing()).isTrue();
    }

    @Test
    void laterConnectedAlertsJoinAndBridgesMerge() {
        correlator.onAlert(alert("frontend", "http.server.request.duration", 0));
        correlator.onAlert(alert("payment", "http.server.request.duration", 10));
        assertThat(correlator.open()).as("frontend and payment do not call each other").hasSize(2);

        correlator.onAlert(alert("checkout", "http.server.request.duration", 20));

        assertThat(correlator.open()).hasSize(1);
        assertThat(correlator.open().get(0).services())
                .containsExactly("checkout", "frontend", "payment");
        assertThat(correlator.open().get(0).timeline()).anyMatch(l -> l.startsWith("merged"));
    }

    @Test
    void aLateBridgeMergesOnlyWhatBeganWithinTheWindowOfTheOldest() {
        // frontend at 0 and payment at 500 s are two faults 8 min apart (window 5 min); checkout
        // at 250 s is within the window of each and connects them
        AlertEvent front = alert("frontend", "http.server.request.duration", 0);
        AlertEvent bridge = alert("checkout", "http.server.request.duration", 250);
        AlertEvent pay = alert("payment", "http.server.request.duration", 500);
        IncidentCorrelator inOrder = correlatorOver(graph, 100, 1);
        List.of(front, bridge, pay).forEach(inOrder::onAlert);
        IncidentCorrelator bridgeLast = correlatorOver(graph, 100, 1);
        List.of(front, pay, bridge).forEach(bridgeLast::onAlert);

        assertThat(inOrder.open())
                .extracting(Incident::services)
                .map(List::copyOf)
                .containsExactly(List.of("checkout", "frontend"), List.of("payment"));
        assertThat(bridgeLast.open())
                .as("the bridge came after the later fault: the same two incidents")
                .extracting(Incident::services)
                .map(List::copyOf)
                .containsExactlyInAnyOrder(List.of("checkout", "frontend"), List.of("payment"));
        assertThat(bridgeLast.open())
                .extracting(Incident::id)
                .containsExactlyInAnyOrderElementsOf(
                        inOrder.open().stream().map(Incident::id).toList());
    }

    @Test
    void aBridgeMergesIntoTheIncidentThatBeganFirstNotTheOneSeenFirst() {
        AlertEvent front = alert("frontend", "http.server.request.duration", 0);
        AlertEvent bridge = alert("checkout", "http.server.request.duration", 50);
        AlertEvent pay = alert("payment", "http.server.request.duration", 100);
        IncidentCorrelator inOrder = correlatorOver(graph, 100, 1);
        List.of(front, bridge, pay).forEach(inOrder::onAlert);
        IncidentCorrelator laterFirst = correlatorOver(graph, 100, 1);
        List.of(pay, front, bridge).forEach(laterFirst::onAlert);

        assertThat(inOrder.open()).hasSize(1);
        assertThat(laterFirst.open()).hasSize(1);
        assertThat(laterFirst.open().get(0).id()).isEqualTo(inOrder.open().get(0).id());
        assertThat(laterFirst.open().get(0).services())
                .containsExactly("checkout", "frontend", "payment");
    }

    @Test
    void anAlertAfterTheWindowOpensANewIncident() {
        correlator.onAlert(alert("payment", "http.server.request.duration", 0));
        correlator.onAlert(alert("checkout", "http.server.request.duration", 301));

        assertThat(correlator.open()).hasSize(2);
    }

    @Test
    void resolvesWhenEveryMemberStayedResolved() {
        AlertEvent db = alert("database", "db.query.duration", 0);
        AlertEvent pay = alert("payment", "http.server.request.duration", 30);
        correlator.onAlert(db);
        correlator.onAlert(pay);
        correlator.onAlert(AlertFixtures.resolved(db, T0.plusSeconds(120)));
        assertThat(correlator.advance(T0.plusSeconds(600).toEpochMilli()))
                .as("payment still fires")
                .isEmpty();

        correlator.onAlert(AlertFixtures.resolved(pay, T0.plusSeconds(180)));
        assertThat(correlator.advance(T0.plusSeconds(180 + 299).toEpochMilli())).isEmpty();
        List<Incident> resolved = correlator.advance(T0.plusSeconds(180 + 300).toEpochMilli());

        assertThat(resolved).hasSize(1);
        Incident incident = resolved.get(0);
        assertThat(incident.status()).isEqualTo(Incident.Status.RESOLVED);
        assertThat(incident.resolvedAtMillis()).isEqualTo(T0.plusSeconds(180).toEpochMilli());
        assertThat(incident.mttrMillis()).isEqualTo(180_000);
        assertThat(correlator.open()).as("a resolved incident leaves the state").isEmpty();
    }

    @Test
    void anEscalationMarkerRaisesTheIncidentOnceAndNotWhenResolvedBefore() {
        AlertEvent a = alert("payment", "http.server.request.duration", 0);
        correlator.onAlert(a);
        assertThat(correlator.open().get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(correlator.advance(T0.plusSeconds(15 * 60).toEpochMilli()))
                .as("time alone does not escalate: the CEP pattern says when")
                .isEmpty();

        assertThat(correlator.onAlert(escalation(a, 15 * 60))).hasSize(1);
        Incident incident = correlator.open().get(0);
        assertThat(incident.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(incident.timeline().get(incident.timeline().size() - 1))
                .contains("escalated to critical")
                .contains("still firing 15 min after it fired");
        assertThat(correlator.onAlert(escalation(a, 30 * 60))).as("once").isEmpty();

        AlertEvent b = alert("auth", "process.cpu.utilization", 3600);
        correlator.onAlert(b);
        correlator.onAlert(AlertFixtures.resolved(b, T0.plusSeconds(3660)));
        assertThat(correlator.onAlert(escalation(b, 3600 + 15 * 60)))
                .as("resolved before the marker came")
                .isEmpty();
    }

    /**
     * The marker {@code flink.EscalatingAlerts} makes of an alert still firing at {@code second}.
     */
    private static AlertEvent escalation(AlertEvent a, long second) {
        return AlertMarkers.escalation(a, Duration.between(a.observedAt(), T0.plusSeconds(second)));
    }

    /**
     * The marker {@code flink.FlappingAlerts} makes of {@code resolved}, the last resolution of an
     * alert flapping until {@code second}.
     */
    private static AlertEvent flapping(AlertEvent resolved, long second) {
        return AlertMarkers.flapping(
                resolved, Duration.between(resolved.observedAt(), T0.plusSeconds(second)));
    }

    @Test
    void informationJoinsAsEvidenceButNeverOpensOrKeepsAnIncidentGathering() {
        assertThat(correlator.onAlert(info("database", 0))).isEmpty();
        assertThat(correlator.open()).isEmpty();

        correlator.onAlert(alert("database", "db.query.duration", 10));
        correlator.onAlert(info("database", 20));
        // the information from just before the trouble joins it too
        assertThat(correlator.open().get(0).members()).hasSize(3);
        assertThat(correlator.open().get(0).rootCauses().get(0).why())
                .endsWith("1 latency alert, 2 new log template alerts");

        // 10 s + window (300 s) is the latest onset that still joins; info at 20 s does not count
        correlator.onAlert(alert("payment", "http.server.request.duration", 311));
        assertThat(correlator.open()).hasSize(2);
    }

    @Test
    void aFlappingAlertHoldsItsIncidentOpenUntilItStopsFlapping() {
        AlertEvent a = alert("payment", "http.server.request.duration", 0);
        correlator.onAlert(a);
        AlertEvent resolved = AlertFixtures.resolved(a, T0.plusSeconds(30));
        correlator.onAlert(resolved);
        AlertEvent marker = flapping(resolved, 900);
        assertThat(correlator.onAlert(marker)).hasSize(1);
        Incident incident = correlator.open().get(0);
        assertThat(incident.alertEvents()).as("a marker is no alert event").isEqualTo(2);
        assertThat(incident.timeline()).anyMatch(l -> l.contains("is flapping"));

        assertThat(correlator.advance(T0.plusSeconds(30 + 300).toEpochMilli()))
                .as("resolved for resolveAfter, but still flapping")
                .isEmpty();
        List<Incident> done = correlator.advance(T0.plusSeconds(900 + 300).toEpochMilli());
        assertThat(done).extracting(Incident::status).containsExactly(Incident.Status.RESOLVED);
    }

    @Test
    void aFlappingMarkerThatOvertookItsAlertAppliesWhenTheAlertComes() {
        AlertEvent a = alert("payment", "http.server.request.duration", 0);
        AlertEvent marker = flapping(a, 900);
        assertThat(correlator.onAlert(marker)).isEmpty();

        correlator.onAlert(a);

        Member m = correlator.open().get(0).members().get(a.fingerprint());
        assertThat(m.flappingUntilMillis()).isEqualTo(T0.plusSeconds(900).toEpochMilli());
    }

    @Test
    void anEdgeLearnedAfterTheAlertsMergesTheIncidentsItConnects() {
        // every alert reported at once (minAlerts 1): the merged-away incident is reported resolved
        IncidentCorrelator late = correlatorOver(new ServiceGraph(3_600_000), 100, 1);
        late.onAlert(alert("database", "db.query.duration", 0));
        late.onAlert(alert("payment", "http.server.request.duration", 30));
        late.onAlert(alert("auth", "process.cpu.utilization", 35));
        assertThat(late.open()).hasSize(3);

        List<Incident> changed =
                late.onEdge("payment", "database", T0.minusSeconds(60).toEpochMilli());

        assertThat(late.open()).hasSize(2);
        Incident merged = late.open().get(0);
        assertThat(merged.services()).containsExactly("database", "payment");
        assertThat(merged.rootCauses().get(0).service()).isEqualTo("database");
        assertThat(changed).hasSize(2);
        Incident gone = changed.get(0);
        assertThat(gone.status()).isEqualTo(Incident.Status.RESOLVED);
        assertThat(gone.resolvedAtMillis())
                .as("never before its own start")
                .isGreaterThanOrEqualTo(gone.startedAtMillis());
        assertThat(gone.timeline().get(gone.timeline().size() - 1))
                .contains("merged into " + merged.id());
        assertThat(gone.mergedInto()).isEqualTo(merged.id());
        assertThat(merged.mergedInto()).isNull();
        assertThat(late.onEdge("payment", "database", T0.toEpochMilli()))
                .as("known edge")
                .isEmpty();
    }

    @Test
    void openIncidentsAreBounded() {
        IncidentCorrelator small = correlatorOver(new ServiceGraph(1), 2, 1);
        small.onAlert(alert("a", "x.duration", 0));
        small.onAlert(alert("b", "x.duration", 1));
        List<Incident> changed = small.onAlert(alert("c", "x.duration", 2));

        assertThat(small.open()).hasSize(2);
        assertThat(small.overflowed()).isEqualTo(1);
        assertThat(changed).extracting(Incident::status).contains(Incident.Status.RESOLVED);
    }

    @Test
    void withoutAGraphOnsetAndKindsDecide() {
        IncidentCorrelator flat =
                new IncidentCorrelator(IncidentCorrelator.Settings.DEFAULTS, new ServiceGraph(1));
        flat.onAlert(alert("db", "system.memory.utilization", 0));
        // without edges unconnected services stay apart, each its own root cause
        flat.onAlert(alert("api", "http.server.request.duration", 5));
        assertThat(flat.open()).hasSize(2);
        assertThat(flat.open().get(0).rootCauses().get(0).why())
                .isEqualTo("db: the only service alerting; 1 resource saturation alert");
    }

    @Test
    void alertKindsFollowTheSemanticConventionsWords() {
        assertThat(AlertKind.of(alert("s", "system.cpu.utilization", 0)))
                .isEqualTo(AlertKind.RESOURCE);
        assertThat(AlertKind.of(alert("s", "http.server.request.duration", 0)))
                .isEqualTo(AlertKind.LATENCY);
        assertThat(AlertKind.of(alert("s", "vigil.logs.errors", 0))).isEqualTo(AlertKind.ERRORS);
        assertThat(AlertKind.of(alert("s", "queue.depth", 0))).isEqualTo(AlertKind.OTHER);
    }

    /** A new-log-template alert whose first line was an error, {@code second}s after T0. */
    private static AlertEvent errorTemplate(String service, long second) {
        AlertEvent t = info(service, second);
        java.util.TreeMap<String, String> labels = new java.util.TreeMap<>(t.labels());
        labels.put(TemplateAlerts.ERROR_LEVEL_LABEL, TemplateAlerts.ERROR_LEVEL);
        return AlertEvent.firing(
                labels, t.annotations(), t.source(), t.severity(), t.startsAt(), t.traceIds());
    }

    /** A new-log-template info alert on a service, {@code second}s after T0. */
    private static AlertEvent info(String service, long second) {
        return AlertFixtures.newTemplate(service, "t" + second, T0.plusSeconds(second));
    }

    /** A correlator over the demo's graph that wants two alerts to confirm an incident. */
    private IncidentCorrelator confirming() {
        return correlatorOver(graph, 100, 2);
    }

    @Test
    void aLoneBlipIsNeverReported() {
        IncidentCorrelator c = confirming();
        AlertEvent blip = alert("payment", "process.memory.usage", 0);
        assertThat(c.onAlert(blip)).isEmpty();
        assertThat(c.onAlert(AlertFixtures.resolved(blip, T0.plusSeconds(60)))).isEmpty();
        assertThat(c.advance(T0.plusSeconds(60).plus(RESOLVE_AFTER).toEpochMilli())).isEmpty();
        assertThat(c.open()).isEmpty();
        assertThat(c.dismissed()).isEqualTo(1);
    }

    @Test
    void aSecondAlertConfirmsAndOpensTheIncident() {
        IncidentCorrelator c = confirming();
        assertThat(c.onAlert(alert("payment", "process.cpu.utilization", 0))).isEmpty();
        List<Incident> opened = c.onAlert(alert("payment", "http.server.request.duration", 20));

        assertThat(opened).hasSize(1);
        Incident incident = opened.get(0);
        assertThat(incident.confirmed()).isTrue();
        assertThat(incident.openedAtMillis()).isEqualTo(T0.plusSeconds(20).toEpochMilli());
        assertThat(incident.mttdMillis()).isEqualTo(20_000);
        assertThat(incident.timeline()).anyMatch(l -> l.endsWith("opened: 2 alerts agree"));
    }

    @Test
    void oneAlertFiringUntilEscalationTimeConfirmsAlone() {
        IncidentCorrelator c = confirming();
        assertThat(c.onAlert(alert("database", "disk.utilization", 0))).isEmpty();
        assertThat(c.advance(T0.plusSeconds(899).toEpochMilli())).isEmpty();

        List<Incident> opened = c.advance(T0.plusSeconds(900).toEpochMilli());

        assertThat(opened).extracting(Incident::confirmed).containsExactly(true);
        assertThat(opened.get(0).timeline()).anyMatch(l -> l.endsWith("kept firing for 15 min"));
    }

    @Test
    void aCriticalAlertConfirmsAlone() {
        IncidentCorrelator c = confirming();
        AlertEvent critical =
                AlertFixtures.anomaly(
                        "database", "db.client.operation.duration", T0, Severity.CRITICAL);
        assertThat(c.onAlert(critical)).extracting(Incident::confirmed).containsExactly(true);
    }

    @Test
    void troubleNextDoorAfterTheWindowIsANewIncident() {
        correlator.onAlert(alert("payment", "http.server.request.duration", 0));
        // database is next door, but its trouble starts 6 min after the incident did
        correlator.onAlert(alert("database", "db.client.operation.duration", 360));

        assertThat(correlator.open())
                .extracting(i -> String.join(",", i.services()))
                .containsExactly("payment", "database");
    }

    @Test
    void aCalleeThatAlertedMinutesLaterIsNoCauseOfItsCaller() {
        Incident incident =
                firstOpenAfter(
                        alert("checkout", "process.cpu.utilization", 0),
                        alert("checkout", "http.server.request.duration", 0),
                        alert("payment", "http.server.request.duration", 120));
        assertThat(incident.rootCauses())
                .extracting(RootCause::service)
                .containsExactly("checkout", "payment");
        assertThat(incident.rootCauses().get(1).why())
                .as("checkout alerted 2 min before payment: not its symptom")
                .doesNotContain("called by checkout");
    }

    @Test
    void slowCallsToAPeerAreEvidenceAboutThePeer() {
        // checkout measures its calls to payment (peer.service): payment is the one in trouble
        Incident incident =
                firstOpenAfter(
                        AlertFixtures.anomaly(
                                "checkout",
                                "rpc.client.duration",
                                T0,
                                Severity.WARNING,
                                java.util.Map.of("peer.service", "payment")),
                        alert("checkout", "http.server.request.duration", 5));
        assertThat(incident.services()).containsExactly("checkout", "payment");
        assertThat(incident.rootCauses().get(0).service()).isEqualTo("payment");
    }

    @Test
    void aDeployJustBeforeTheTroubleMakesItsServiceTheRootCause() {
        // checkout deploys; 40 s later its callee payment and checkout itself alert at once
        assertThat(correlator.onAlert(checkoutDeployed()))
                .as("a deploy alone is no incident")
                .isEmpty();
        correlator.onAlert(alert("payment", "http.server.request.duration", 40));
        correlator.onAlert(alert("checkout", "vigil.service.error_rate", 40));

        Incident incident = correlator.open().get(0);
        assertThat(incident.rootCauses().get(0).service()).isEqualTo("checkout");
        assertThat(incident.rootCauses().get(0).why())
                .contains("checkout 2.5.0 deployed (was 2.4.0) just before")
                .contains("1 deploy alert");
        assertThat(incident.startedAtMillis())
                .as("the trouble began with the alerts, not the deploy")
                .isEqualTo(T0.plusSeconds(40).toEpochMilli());
    }

    @Test
    void newErrorsJustAfterADeployAreAnIncidentOfTheirOwn() {
        IncidentCorrelator c = confirming();
        assertThat(c.onAlert(checkoutDeployed())).isEmpty();
        List<Incident> opened = c.onAlert(errorTemplate("checkout", 40));

        assertThat(opened).hasSize(1);
        Incident incident = opened.get(0);
        assertThat(incident.rootCauses().get(0).service()).isEqualTo("checkout");
        assertThat(incident.members().values())
                .extracting(Member::kind)
                .containsExactlyInAnyOrder(AlertKind.NEW_LOG_TEMPLATE, AlertKind.DEPLOY);
        assertThat(incident.timeline())
                .anyMatch(e -> e.contains("new kind of error in checkout just after its deploy"));
    }

    @Test
    void aDeploySeenAfterItsFirstNewErrorsStillMakesThemTrouble() {
        // the new version's first metric point comes 20 s after its first error lines
        IncidentCorrelator c = confirming();
        assertThat(c.onAlert(errorTemplate("checkout", -20))).isEmpty();
        List<Incident> opened = c.onAlert(checkoutDeployed());

        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).rootCauses().get(0).service()).isEqualTo("checkout");
        assertThat(opened.get(0).members().values())
                .extracting(Member::kind)
                .containsExactlyInAnyOrder(AlertKind.NEW_LOG_TEMPLATE, AlertKind.DEPLOY);
    }

    @Test
    void newErrorsWithoutADeployAndNewLinesAfterADeployThatAreNoErrorsStayInformation() {
        IncidentCorrelator c = confirming();
        assertThat(c.onAlert(errorTemplate("payment", 40))).as("no deploy of payment").isEmpty();
        assertThat(c.onAlert(checkoutDeployed())).isEmpty();
        assertThat(c.onAlert(info("checkout", 40))).as("not an error").isEmpty();
        assertThat(c.onAlert(errorTemplate("checkout", 400)))
                .as("a deploy more than the window before")
                .isEmpty();
        assertThat(c.open()).isEmpty();
    }

    @Test
    void anAlertArrivingLateThatBeganLongBeforeAnIncidentDoesNotJoinIt() {
        // payment's CPU opens an incident at 40 min; a latency alert of payment that began at
        // 2 min arrives only now (another partition, a lagging job): not this incident's
        correlator.onAlert(alert("payment", "system.cpu.utilization", 2400));
        correlator.onAlert(alert("payment", "http.server.request.duration", 120));

        assertThat(correlator.open()).hasSize(2);
        assertThat(correlator.open())
                .extracting(Incident::startedAtMillis)
                .containsExactlyInAnyOrder(
                        T0.plusSeconds(2400).toEpochMilli(), T0.plusSeconds(120).toEpochMilli());
    }

    @Test
    void aDeployNeverHoldsItsIncidentOpen() {
        // a deploy alert has no end; the incident resolves with its trouble
        correlator.onAlert(checkoutDeployed());
        AlertEvent errors = alert("checkout", "vigil.service.error_rate", 40);
        correlator.onAlert(errors);
        correlator.onAlert(AlertFixtures.resolved(errors, T0.plusSeconds(100)));

        List<Incident> changed =
                correlator.advance(T0.plusSeconds(100).plus(RESOLVE_AFTER).toEpochMilli());
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0).status()).isEqualTo(Incident.Status.RESOLVED);
        assertThat(changed.get(0).members()).hasSize(2);
        assertThat(correlator.open()).isEmpty();
    }

    @Test
    void aDeployNextDoorJustBeforeTheTroubleIsEvidenceToo() {
        correlator.onAlert(checkoutDeployed());
        // only checkout's callee and caller alert; checkout itself stays quiet
        correlator.onAlert(alert("payment", "http.server.request.duration", 30));
        correlator.onAlert(alert("frontend", "http.server.request.duration", 30));

        Incident incident = correlator.open().get(0);
        assertThat(incident.services()).contains("checkout");
        assertThat(incident.rootCauses().get(0).service()).isEqualTo("checkout");
    }

    @Test
    void aDeployLongBeforeTheTroubleIsNoEvidence() {
        correlator.onAlert(checkoutDeployed());
        correlator.onAlert(alert("checkout", "vigil.service.error_rate", 600));

        assertThat(correlator.open().get(0).members().values())
                .extracting(Member::kind)
                .containsExactly(AlertKind.ERRORS);
    }

    @Test
    void amongServicesWhoseCalleesAreQuietTheOneAlertingOnMoreSeriesRanksFirst() {
        // checkout calls payment and shipping; both alert at once, payment on three series
        Incident incident =
                firstOpenAfter(
                        alert("checkout", "http.server.request.duration", 0),
                        alert("shipping", "http.server.request.duration", 10),
                        alert("payment", "process.cpu.utilization", 10),
                        alert("payment", "process.memory.usage", 10),
                        alert("payment", "http.server.request.duration", 10));
        assertThat(incident.rootCauses())
                .extracting(RootCause::service)
                .containsExactly("payment", "shipping", "checkout");
    }

    // Arrival order: alerts come up to eventTime.maxOutOfOrderness (30 s) out of event-time order
    // (IncidentCorrelatorArrivalOrderTest); these are the cases it found.

    @Test
    void informationThatArrivesBeforeTheTroubleItFollowsStillJoins() {
        // a new log line on database 8 s after its trouble began, arriving first
        correlator.onAlert(info("database", 8));
        correlator.onAlert(alert("database", "db.query.duration", 0));
        // and one on checkout, next to payment, whose trouble began 5 s before it
        correlator.onAlert(info("checkout", 45));
        correlator.onAlert(alert("payment", "http.server.request.duration", 40));

        assertThat(correlator.open()).hasSize(1);
        assertThat(correlator.open().get(0).members().values())
                .extracting(Member::service)
                .containsExactlyInAnyOrder("database", "database", "payment", "checkout");
    }

    @Test
    void aDeploySeenAfterItsNewErrorsJoinedAnIncidentMakesThemTrouble() {
        IncidentCorrelator c = confirming();
        c.onAlert(alert("payment", "http.server.request.duration", 0));
        // checkout's new errors (25 s) arrive before its deploy (0 s) and join as information
        assertThat(c.onAlert(errorTemplate("checkout", 25))).isEmpty();

        List<Incident> opened = c.onAlert(checkoutDeployed());

        assertThat(opened).hasSize(1);
        Incident incident = opened.get(0);
        assertThat(incident.members().values())
                .filteredOn(m -> m.kind() == AlertKind.NEW_LOG_TEMPLATE)
                .extracting(Member::severity)
                .containsExactly(Severity.WARNING);
        assertThat(incident.confirmed()).isTrue();
        assertThat(incident.timeline())
                .anyMatch(e -> e.contains("checkout was deployed just before it"));
    }

    @Test
    void newErrorsAfterADeployThatJoinedAnIncidentAreTrouble() {
        IncidentCorrelator c = confirming();
        c.onAlert(alert("payment", "http.server.request.duration", 0));
        // the deploy of payment's caller joins the incident as evidence; its new errors follow
        c.onAlert(checkoutDeployed());
        List<Incident> opened = c.onAlert(errorTemplate("checkout", 40));

        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).members().values())
                .filteredOn(m -> m.kind() == AlertKind.NEW_LOG_TEMPLATE)
                .extracting(Member::severity)
                .containsExactly(Severity.WARNING);
    }

    @Test
    void anAlertFiringAgainAfterItsIncidentWasDueToResolveOpensANewOne() {
        // the blip ended at 60 s, so its incident was over at 360 s; the alert fires again at
        // 370 s and arrives before the watermark (newest alert - 30 s) passed 360 s
        IncidentCorrelator c = confirming();
        AlertEvent blip = alert("payment", "process.memory.usage", 0);
        c.onAlert(blip);
        c.onAlert(AlertFixtures.resolved(blip, T0.plusSeconds(60)));
        c.advance(T0.plusSeconds(340).toEpochMilli());

        assertThat(c.onAlert(alert("payment", "process.memory.usage", 370)))
                .as("no lone alert firing twice: the first blip was over")
                .isEmpty();
        assertThat(c.dismissed()).isEqualTo(1);
        assertThat(c.open())
                .extracting(Incident::startedAtMillis)
                .containsExactly(T0.plusSeconds(370).toEpochMilli());
    }

    @Test
    void anAlertThatFiredForEscalateAfterConfirmsEvenIfNoTickCameWhileItFired() {
        // disk fired 0 s .. 1000 s; the next alert after 930 s (which would move the watermark
        // past 900 s) happened to arrive after its resolution
        IncidentCorrelator c = confirming();
        AlertEvent disk = alert("database", "disk.utilization", 0);
        c.onAlert(disk);
        assertThat(c.advance(T0.plusSeconds(870).toEpochMilli())).isEmpty();

        List<Incident> opened = c.onAlert(AlertFixtures.resolved(disk, T0.plusSeconds(1000)));

        assertThat(opened).extracting(Incident::confirmed).containsExactly(true);
        assertThat(opened.get(0).openedAtMillis()).isEqualTo(T0.plusSeconds(900).toEpochMilli());
        assertThat(c.advance(T0.plusSeconds(1300).toEpochMilli()))
                .extracting(Incident::status)
                .containsExactly(Incident.Status.RESOLVED);
        assertThat(c.dismissed()).isZero();
    }

    /** Feeds {@code alerts} to the correlator in order; returns the first open incident. */
    private Incident firstOpenAfter(AlertEvent... alerts) {
        for (AlertEvent a : alerts) {
            correlator.onAlert(a);
        }
        return correlator.open().get(0);
    }

    /** The deploy alert of checkout 2.5.0 (was 2.4.0) at T0. */
    private static AlertEvent checkoutDeployed() {
        return io.vigil.udfs.deploys.Versions.deployed(
                "checkout", "2.4.0", "2.5.0", "i-2", T0.toEpochMilli());
    }

    /** An anomaly alert on a service's metric, started {@code second}s after T0. */
    private static AlertEvent alert(String service, String metric, long second) {
        return AlertFixtures.anomaly(service, metric, T0.plusSeconds(second));
    }
}
