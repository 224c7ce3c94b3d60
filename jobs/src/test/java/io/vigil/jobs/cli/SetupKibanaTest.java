package io.vigil.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.kibana.KibanaFiles;
import io.vigil.jobs.kibana.KibanaImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil setup --kibana URL} against a stand-in for Kibana's import API (JDK HttpServer):
 * Kibana 7.10 cannot run on the build machines (no Docker engine, no Kibana build), so this test
 * checks each request exactly as {@code ../shared/contracts/kibana/README.md} describes it and
 * answers as Kibana does, including its HTTP 200 with {@code errors[]}.
 */
class SetupKibanaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the stand-in received: one import request. */
    record Received(
            String method,
            String path,
            String query,
            String xsrf,
            String contentType,
            String authorization,
            byte[] body) {}

    private final List<Received> received = new ArrayList<>();
    private HttpServer kibana;
    private Function<List<JsonNode>, String> answer = SetupKibanaTest::success;
    private int status = 200;
    private String requiredAuthorization; // null: a Kibana without security
    private Map<String, String> environment = Map.of();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        kibana = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kibana.createContext("/", this::handle);
        kibana.start();
    }

    @AfterEach
    void stop() {
        kibana.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Received r =
                new Received(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders().getFirst("kbn-xsrf"),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        body);
        received.add(r);
        byte[] response;
        if (requiredAuthorization != null && !requiredAuthorization.equals(r.authorization())) {
            // Kibana with security on, as it answers a request without valid credentials
            response =
                    ("{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":"
                                    + "\"[security_exception] missing authentication credentials"
                                    + " for REST request [/api/saved_objects/_import]\"}")
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(401, response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
            return;
        }
        try {
            response = answer.apply(objects(part(r).content())).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            response =
                    ("{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\""
                                    + e.getMessage()
                                    + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, response.length);
        exchange.getResponseBody().write(response);
        exchange.close();
    }

    private String url() {
        return "http://127.0.0.1:" + kibana.getAddress().getPort();
    }

    private int setup(String... args) {
        CommandLine vigil = VigilCli.commandLine();
        ((SetupCommand) vigil.getSubcommands().get("setup").getCommand()).environment =
                environment::get;
        vigil.setOut(new PrintWriter(out, true));
        vigil.setErr(new PrintWriter(err, true));
        return vigil.execute(args);
    }

    /** The one part of a multipart/form-data body: its headers and content. */
    record Part(String disposition, String contentType, String content) {}

    /** Parses the body by the boundary its Content-Type names; fails if it is not one part. */
    private static Part part(Received r) {
        Matcher m =
                Pattern.compile("multipart/form-data; boundary=(\\S+)").matcher(r.contentType());
        if (!m.matches()) {
            throw new IllegalStateException("not multipart/form-data: " + r.contentType());
        }
        String boundary = m.group(1);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        String start = "--" + boundary + "\r\n";
        String end = "\r\n--" + boundary + "--\r\n";
        if (!body.startsWith(start) || !body.endsWith(end)) {
            throw new IllegalStateException("body does not start and end with the boundary");
        }
        String inner = body.substring(start.length(), body.length() - end.length());
        if (inner.contains("--" + boundary)) {
            throw new IllegalStateException("more than one part");
        }
        int headersEnd = inner.indexOf("\r\n\r\n");
        String[] headers = inner.substring(0, headersEnd).split("\r\n");
        String disposition = "";
        String type = "";
        for (String h : headers) {
            if (h.startsWith("Content-Disposition: ")) {
                disposition = h.substring("Content-Disposition: ".length());
            } else if (h.startsWith("Content-Type: ")) {
                type = h.substring("Content-Type: ".length());
            }
        }
        return new Part(disposition, type, inner.substring(headersEnd + 4));
    }

    private static List<JsonNode> objects(String ndjson) {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            try {
                objects.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new IllegalStateException("not NDJSON");
            }
        }
        return objects;
    }

    /** Kibana's answer when every object was imported. */
    private static String success(List<JsonNode> objects) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("success", true);
        answer.put("successCount", objects.size());
        ArrayNode results = answer.putArray("successResults");
        for (JsonNode o : objects) {
            ObjectNode r = results.addObject();
            r.put("id", o.path("id").asText());
            r.put("type", o.path("type").asText());
            r.putObject("meta")
                    .put("title", o.at("/attributes/title").asText())
                    .put("icon", "visualizeApp");
        }
        return answer.toString();
    }

    @Test
    void importsEveryFileAsTheContractDescribesAndSaysWhatWasImported() throws Exception {
        assertThat(setup("setup", "--kibana", url() + "/")).as(err.toString()).isZero();

        Map<String, String> files = KibanaFiles.shipped();
        assertThat(received).hasSize(files.size());
        int i = 0;
        int objects = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            Received r = received.get(i++);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/api/saved_objects/_import");
            assertThat(r.query()).isEqualTo("overwrite=true");
            assertThat(r.xsrf()).isEqualTo("true");
            Part part = part(r);
            assertThat(part.disposition())
                    .isEqualTo("form-data; name=\"file\"; filename=\"" + file.getKey() + "\"");
            assertThat(file.getKey()).endsWith(".ndjson");
            assertThat(part.content()).isEqualTo(file.getValue());
            objects += objects(part.content()).size();
        }
        // index patterns first, then searches, then the dashboards with their visualizations
        assertThat(files.keySet().iterator().next()).isEqualTo("10-index-patterns.ndjson");
        assertThat(out.toString())
                .contains("kibana 10-index-patterns.ndjson: 17 objects imported")
                .contains("  dashboard vigil-dashboard-incidents \"Vigil: Incidents\"")
                .endsWith(
                        "kibana: "
                                + objects
                                + " saved objects imported into "
                                + url()
                                + "/ (overwrite=true)"
                                + System.lineSeparator());

        // again: the same requests (overwrite=true makes it idempotent on Kibana's side)
        List<Received> first = List.copyOf(received);
        received.clear();
        assertThat(setup("setup", "--kibana", url())).isZero();
        assertThat(received).hasSameSizeAs(first);
        for (int k = 0; k < first.size(); k++) {
            assertThat(part(received.get(k))).isEqualTo(part(first.get(k)));
        }
    }

    @Test
    void objectsKibanaRefusesWithHttp200FailTheCommandByName() {
        answer =
                objects -> {
                    // Kibana's answer with a missing reference and a conflict (contract §1)
                    JsonNode first = objects.get(0);
                    return "{\"success\":false,\"successCount\":"
                            + (objects.size() - 2)
                            + ",\"errors\":[{\"id\":\""
                            + first.path("id").asText()
                            + "\",\"type\":\""
                            + first.path("type").asText()
                            + "\",\"title\":\""
                            + first.at("/attributes/title").asText()
                            + "\",\"error\":{\"type\":\"missing_references\",\"references\":"
                            + "[{\"type\":\"index-pattern\",\"id\":\"nope\"}]},\"meta\":{}},"
                            + "{\"id\":\"x\",\"type\":\"visualization\",\"title\":\"X\","
                            + "\"error\":{\"type\":\"unknown\",\"message\":\"boom\","
                            + "\"statusCode\":500}}]}";
                };
        assertThat(setup("setup", "--kibana", url())).isEqualTo(1);
        assertThat(received).as("stops at the first file that fails").hasSize(1);
        assertThat(err.toString())
                .isEqualTo(
                        "vigil setup: 10-index-patterns.ndjson: Kibana imported 15 objects and"
                                + " refused 2\n"
                                + "  index-pattern vigil-spans (\"vigil-spans-*\"):"
                                + " missing_references index-pattern/nope\n"
                                + "  visualization x (\"X\"): unknown boom, (status 500)"
                                + System.lineSeparator());
    }

    @Test
    void aRefusedRequestFailsWithKibanasAnswer() {
        status = 400;
        answer =
                objects ->
                        "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"Invalid file"
                                + " extension .txt\"}";
        assertThat(setup("setup", "--kibana", url())).isEqualTo(1);
        assertThat(err.toString())
                .startsWith(
                        "vigil setup: 10-index-patterns.ndjson: Kibana refused the import with"
                                + " HTTP 400: ")
                .contains("Invalid file extension .txt");
    }

    @Test
    void withAConfigTheIndexPatternsFollowItsPrefixes() {
        String ndjson = KibanaFiles.shipped().get("10-index-patterns.ndjson");
        List<String> titles = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonNode o : objects(KibanaImport.withPrefixes(ndjson, "shop", "shop"))) {
            titles.add(o.at("/attributes/title").asText());
            ids.add(o.path("id").asText());
        }
        assertThat(titles)
                .contains("shop-logs-*", "shop-incidents", "shop-jaeger-span-*")
                .noneMatch(t -> t.startsWith("vigil-") || t.startsWith("jaeger-"));
        assertThat(ids).allMatch(id -> id.startsWith("vigil-"));
        assertThat(KibanaImport.withPrefixes(ndjson, "vigil", "")).isEqualTo(ndjson);
    }

    @Test
    void aKibanaWithSecurityWithoutCredentialsFailsSayingWhatToGive() {
        requiredAuthorization = KibanaImport.basic("vigil", "s3cret");
        assertThat(setup("setup", "--kibana", url())).isEqualTo(1);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).authorization()).isNull();
        assertThat(err.toString())
                .startsWith(
                        "vigil setup: 10-index-patterns.ndjson: Kibana refused the import with"
                                + " HTTP 401 and no credentials were sent: give --kibana-user"
                                + " (password in KIBANA_PASSWORD) or --kibana-api-key: ")
                .contains("missing authentication credentials");
    }

    @Test
    void aUserWithThePasswordFromTheEnvironmentIsSentAsBasicAuthentication() {
        requiredAuthorization = "Basic dmlnaWw6czNjcmV0"; // base64("vigil:s3cret")
        environment = Map.of("KIBANA_PASSWORD", "s3cret");
        assertThat(setup("setup", "--kibana", url(), "--kibana-user", "vigil"))
                .as(err.toString())
                .isZero();
        assertThat(received).hasSize(KibanaFiles.shipped().size());
        assertThat(received).allMatch(r -> requiredAuthorization.equals(r.authorization()));
    }

    @Test
    void wrongCredentialsFailNamingThePrivilegeNeeded() {
        requiredAuthorization = KibanaImport.basic("vigil", "s3cret");
        environment = Map.of("KIBANA_PASSWORD", "wrong");
        assertThat(setup("setup", "--kibana", url(), "--kibana-user", "vigil")).isEqualTo(1);
        assertThat(err.toString())
                .contains(
                        "HTTP 401 for the credentials given: the user or key needs the saved"
                                + " objects management privilege");
    }

    @Test
    void aUserWithoutAPasswordInTheEnvironmentIsAnErrorBeforeAnyRequest() {
        assertThat(setup("setup", "--kibana", url(), "--kibana-user", "vigil")).isEqualTo(2);
        assertThat(received).isEmpty();
        assertThat(err.toString())
                .contains(
                        "--kibana-user vigil needs its password in the environment variable"
                                + " KIBANA_PASSWORD");
    }

    @Test
    void anApiKeyIsSentAsApiKeyAuthentication() {
        requiredAuthorization =
                "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";
        assertThat(
                        setup(
                                "setup",
                                "--kibana",
                                url(),
                                "--kibana-api-key",
                                "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="))
                .as(err.toString())
                .isZero();
        assertThat(received).allMatch(r -> requiredAuthorization.equals(r.authorization()));
        assertThat(setup("setup", "--kibana", url(), "--kibana-api-key", "k", "--kibana-user", "u"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("give --kibana-user or --kibana-api-key");
    }

    @Test
    void withoutOptionsTheConfigsElasticsearchCredentialsAreUsed(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(
                file,
                "kafka:\n  bootstrapServers: localhost:9092\n"
                        + "elasticsearch:\n"
                        + "  hosts: [\"http://localhost:9200\"]\n"
                        + "  username: elastic\n"
                        + "  password: changeme\n");
        SetupCommand command = new SetupCommand();
        assertThat(command.authorization(VigilConfig.load(file), null))
                .contains(
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString(
                                                "elastic:changeme"
                                                        .getBytes(StandardCharsets.UTF_8)));
        Files.writeString(
                file,
                "kafka:\n  bootstrapServers: localhost:9092\n"
                        + "elasticsearch:\n  hosts: [\"http://localhost:9200\"]\n");
        assertThat(command.authorization(VigilConfig.load(file), null)).isEmpty();
        assertThat(command.authorization(null, null)).isEmpty();
    }
}
