package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.local.IncidentMatcher.Alert;
import io.vigil.local.IncidentMatcher.Hit;
import io.vigil.local.IncidentMatcher.IncidentReport;
import io.vigil.local.IncidentMatcher.Report;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentMatcherTest {

    private static final Instant LIVE_START = Instant.parse("2026-01-01T10:00:00Z");

    /** payment, 10:05:00 → 10:07:00; checkout, 10:10:00 → 10:11:00. */
    private static final Incident PAYMENT_SLOW =
            new Incident(
                    "payment",
                    IncidentKind.LATENCY_REGRESSION,
                    at("10:05:00"),
                    at("10:07:00"),
                    "payment slows down");

    private static final Incident CHECKOUT_ERRORS =
            new Incident(
                    "checkout",
                    IncidentKind.ERROR_BURST,
                    at("10:10:00"),
                    at("10:11:00"),
                    "checkout fails requests");

    private static final List<Incident> INCIDENTS = List.of(PAYMENT_SLOW, CHECKOUT_ERRORS);

    @Test
    void anAlertInsideTheWindowOnTheIncidentsServiceMatches() {
        Alert inside = firing("a1", "payment", "10:05:20");

        Report report = IncidentMatcher.match(INCIDENTS, List.of(inside), LIVE_START);

        IncidentReport payment = report.incidents().get(0);
        assertThat(payment.incident()).isEqualTo(PAYMENT_SLOW);
        assertThat(payment.matched()).containsExactly(new Hit(inside, Duration.ofSeconds(20)));
        assertThat(payment.alreadyFiring()).isEmpty();
        assertThat(payment.alerted()).isTrue();
        assertThat(report.incidents().get(1).alerted()).isFalse();
        assertThat(report.matchedAlerts()).isEqualTo(1);
        assertThat(report.unmatchedLive()).isEmpty();
    }

    @Test
    void theWindowRunsFrom30sBeforeTheStartTo60sAfterTheEndInclusive() {
        Alert earliest = firing("early-edge", "payment", "10:04:30");
        Alert latest = firing("late-edge", "payment", "10:08:00");
        Alert tooEarlyButEnded = ended("too-early", "payment", "10:04:29.999", "10:04:50");
        Alert tooLate = firing("too-late", "payment", "10:08:00.001");

        Report report =
                IncidentMatcher.match(
                        List.of(PAYMENT_SLOW),
                        List.of(tooEarlyButEnded, earliest, latest, tooLate),
                        LIVE_START);

        IncidentReport payment = report.incidents().get(0);
        assertThat(payment.matched())
                .containsExactly(
                        new Hit(earliest, Duration.ofSeconds(-30)),
                        new Hit(latest, Duration.ofSeconds(180)));
        assertThat(payment.alreadyFiring()).isEmpty();
        assertThat(report.unmatchedLive()).containsExactly(tooEarlyButEnded, tooLate);
    }

    @Test
    void anAlertOnAnotherServiceDoesNotMatch() {
        Alert frontend = firing("f1", "frontend", "10:05:10");

        Report report = IncidentMatcher.match(INCIDENTS, List.of(frontend), LIVE_START);

        assertThat(report.incidents()).noneMatch(IncidentReport::alerted);
        assertThat(report.matchedAlerts()).isZero();
        assertThat(report.liveAlerts()).isEqualTo(1);
        assertThat(report.unmatchedLive()).containsExactly(frontend);
    }

    @Test
    void anAlertFiringSinceBeforeTheWindowIsReportedAsAlreadyFiring() {
        Alert stillFiring = firing("old", "checkout", "10:02:00");
        Alert endsAtTheStart = ended("ends-at-start", "checkout", "10:03:00", "10:10:00");
        Alert endedBefore = ended("ended", "checkout", "10:04:00", "10:09:59");

        Report report =
                IncidentMatcher.match(
                        List.of(CHECKOUT_ERRORS),
                        List.of(stillFiring, endsAtTheStart, endedBefore),
                        LIVE_START);

        IncidentReport checkout = report.incidents().get(0);
        assertThat(checkout.matched()).isEmpty();
        assertThat(checkout.alreadyFiring()).containsExactly(stillFiring, endsAtTheStart);
        assertThat(checkout.alerted()).isTrue();
        // Already firing is not a match: all three stay unmatched live alerts.
        assertThat(report.matchedAlerts()).isZero();
        assertThat(report.unmatchedLive())
                .containsExactly(stillFiring, endsAtTheStart, endedBefore);
    }

    @Test
    void historyAlertsCountInTheTotalButAreNeverListedAsUnmatched() {
        Alert history = ended("h1", "frontend", "09:30:00", "09:31:00");
        Alert liveMatched = firing("m1", "checkout", "10:10:05");
        Alert liveAtTheStart = firing("s1", "cart", "10:00:00");

        Report report =
                IncidentMatcher.match(
                        INCIDENTS, List.of(history, liveAtTheStart, liveMatched), LIVE_START);

        assertThat(report.alerts()).isEqualTo(3);
        assertThat(report.liveAlerts()).isEqualTo(2);
        assertThat(report.matchedAlerts()).isEqualTo(1);
        assertThat(report.unmatchedLive()).containsExactly(liveAtTheStart);
        assertThat(report.incidents())
                .extracting(IncidentReport::alerted)
                .containsExactly(false, true);
    }

    @Test
    void anAlertMatchingTwoIncidentsCountsOnce() {
        Incident paymentAgain =
                new Incident(
                        "payment",
                        IncidentKind.CPU_SATURATION,
                        at("10:07:30"),
                        at("10:09:00"),
                        "payment's host saturates");
        Alert between = firing("both", "payment", "10:07:40");

        Report report =
                IncidentMatcher.match(
                        List.of(PAYMENT_SLOW, paymentAgain), List.of(between), LIVE_START);

        assertThat(report.incidents().get(0).matched())
                .containsExactly(new Hit(between, Duration.ofSeconds(160)));
        assertThat(report.incidents().get(1).matched())
                .containsExactly(new Hit(between, Duration.ofSeconds(10)));
        assertThat(report.matchedAlerts()).isEqualTo(1);
        assertThat(report.unmatchedLive()).isEmpty();
    }

    @Test
    void alertsAreReadFromAnomalyDocuments() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String firing =
                "{\"message\":\"p99 latency high\",\"service\":{\"name\":\"payment\"},"
                        + "\"vigil\":{\"alert\":{\"id\":\"a-1\",\"starts_at\":\"2026-01-01T10:05:20Z\"},"
                        + "\"series\":{\"key\":\"payment|http.server.duration|p99\"}}}";
        String resolved =
                "{\"vigil\":{\"alert\":{\"id\":\"a-2\",\"starts_at\":\"2026-01-01T10:05:20Z\","
                        + "\"ends_at\":\"2026-01-01T10:06:00Z\"}}}";

        assertThat(Alert.fromDocument(json.readTree(firing)))
                .isEqualTo(
                        new Alert(
                                "a-1",
                                "payment",
                                "payment|http.server.duration|p99",
                                "p99 latency high",
                                at("10:05:20"),
                                null));
        assertThat(Alert.fromDocument(json.readTree(resolved)))
                .isEqualTo(new Alert("a-2", "", "", "", at("10:05:20"), at("10:06:00")));
        assertThatThrownBy(
                        () ->
                                Alert.fromDocument(
                                        json.readTree(
                                                "{\"vigil\":{\"alert\":{\"id\":\"x\","
                                                        + "\"starts_at\":\"yesterday\"}}}")))
                .isInstanceOf(DateTimeParseException.class);
    }

    private static Alert firing(String id, String service, String startsAt) {
        return new Alert(id, service, service + "|latency", "msg " + id, at(startsAt), null);
    }

    private static Alert ended(String id, String service, String startsAt, String endsAt) {
        return new Alert(id, service, service + "|latency", "msg " + id, at(startsAt), at(endsAt));
    }

    private static Instant at(String time) {
        return Instant.parse("2026-01-01T" + time + "Z");
    }
}
