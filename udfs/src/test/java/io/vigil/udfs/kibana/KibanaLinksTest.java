package io.vigil.udfs.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KibanaLinksTest {
    private static final Instant FROM = Instant.parse("2026-01-01T09:45:00Z");
    private static final Instant TO = Instant.parse("2026-01-01T10:20:00Z");

    @Test
    void aDashboardLinkCarriesTheTimeRangeAndTheQueryAsRison() {
        String link =
                KibanaLinks.dashboard(
                        "http://kibana:5601/",
                        KibanaLinks.INCIDENTS_DASHBOARD,
                        FROM,
                        TO,
                        KibanaLinks.kqlEquals("service.name", "database"));
        assertThat(link)
                .isEqualTo(
                        "http://kibana:5601/app/dashboards#/view/vigil-dashboard-incidents"
                                + "?_g=(time:(from:'2026-01-01T09:45:00Z',to:'2026-01-01T10:20:00Z'))"
                                + "&_a=(query:(language:kuery,query:'service.name:%22database%22'))");
        // a valid URI, whose fragment decodes back to the rison
        URI uri = URI.create(link);
        assertThat(URLDecoder.decode(uri.getRawFragment(), StandardCharsets.UTF_8))
                .endsWith("_a=(query:(language:kuery,query:'service.name:\"database\"'))");
    }

    @Test
    void quotesBangsAndUrlSyntaxInAValueAreEscaped() {
        String kql = KibanaLinks.kqlEquals("service.name", "it's a+b & c!\"");
        assertThat(kql).isEqualTo("service.name:\"it's a+b & c!\\\"\"");
        String link = KibanaLinks.dashboard("http://k", "d", FROM, null, kql);
        assertThat(link)
                .contains("to:now")
                .contains("query:'service.name:%22it!'s%20a%2Bb%20%26%20c!!%5C%22%22'")
                .doesNotContain(" ")
                .doesNotContain("&c");
        URI.create(link);
    }
}
