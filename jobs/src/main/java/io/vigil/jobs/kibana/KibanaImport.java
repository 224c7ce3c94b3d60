package io.vigil.jobs.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Imports NDJSON saved objects into Kibana 7.10 through its import API: {@code POST
 * <kibana>/api/saved_objects/_import?overwrite=true}, header {@code kbn-xsrf: true}, a {@code
 * multipart/form-data} body with one part named {@code file} whose filename ends in {@code .ndjson}
 * (contract: {@code ../shared/contracts/kibana/README.md}). With {@code overwrite=true} an import
 * replaces the objects of the same ids: importing again changes nothing.
 *
 * <p>Kibana answers 200 even when objects fail: the body's {@code errors[]} names them. {@link
 * #importFile} therefore reads the body and throws {@link ImportFailedException} naming each failed
 * object and its error type.
 *
 * <p>A Kibana with security enabled wants an {@code Authorization} header: {@link #basic} (a user
 * of Elasticsearch's realms, which Kibana logs in against) or {@link #apiKey} (an Elasticsearch API
 * key, the {@code encoded} value {@code POST _security/api_key} returns). An HTTP 401 or 403 fails
 * with what to give.
 */
public final class KibanaImport {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The import API's path, relative to Kibana's base URL. */
    public static final String PATH = "/api/saved_objects/_import";

    private final String baseUrl;
    private final Optional<String> authorization;
    private final HttpClient http;

    /**
     * @param baseUrl Kibana's base URL, e.g. {@code http://localhost:5601}
     */
    public KibanaImport(String baseUrl) {
        this(baseUrl, Optional.empty());
    }

    /**
     * @param baseUrl Kibana's base URL, e.g. {@code http://localhost:5601}
     * @param authorization the {@code Authorization} header's value ({@link #basic}, {@link
     *     #apiKey}), or empty for a Kibana without security
     */
    public KibanaImport(String baseUrl, Optional<String> authorization) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = authorization;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** {@code Basic base64(user:password)}. */
    public static String basic(String user, String password) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code ApiKey <encoded>}: the {@code encoded} field Elasticsearch returns for a new key. */
    public static String apiKey(String encoded) {
        return "ApiKey " + encoded;
    }

    /** One object Kibana imported: type, id and title (from {@code successResults}). */
    public record Imported(String type, String id, String title) {}

    /** One object Kibana refused, with the error's type and details. */
    public record Failure(String type, String id, String title, String errorType, String detail) {
        @Override
        public String toString() {
            return type
                    + " "
                    + id
                    + (title.isEmpty() ? "" : " (\"" + title + "\")")
                    + ": "
                    + errorType
                    + (detail.isEmpty() ? "" : " " + detail);
        }
    }

    /** What Kibana said about one file. */
    public record Result(String file, int successCount, List<Imported> imported) {}

    /** An import Kibana answered with errors, or refused. */
    public static final class ImportFailedException extends IOException {
        private final List<Failure> failures;

        ImportFailedException(String message, List<Failure> failures) {
            super(message);
            this.failures = List.copyOf(failures);
        }

        /** The objects that failed (empty when the whole request was refused). */
        public List<Failure> failures() {
            return failures;
        }
    }

    /**
     * Imports one NDJSON file with {@code overwrite=true}.
     *
     * @param fileName the name the part carries, ending in {@code .ndjson}
     * @param ndjson the objects, one a line
     * @throws ImportFailedException if Kibana refused the request or any object
     * @throws IOException if Kibana cannot be reached
     */
    public Result importFile(String fileName, String ndjson)
            throws IOException, InterruptedException {
        if (!fileName.endsWith(".ndjson")) {
            throw new IllegalArgumentException(
                    "Kibana imports only files named *.ndjson, was " + fileName);
        }
        String boundary = "vigil-" + UUID.randomUUID();
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + PATH + "?overwrite=true"))
                        .timeout(Duration.ofMinutes(2))
                        .header("kbn-xsrf", "true")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(
                                HttpRequest.BodyPublishers.ofByteArray(
                                        multipart(boundary, fileName, ndjson)));
        authorization.ifPresent(value -> builder.header("Authorization", value));
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("cannot reach Kibana at " + baseUrl + ": " + e.getMessage(), e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new ImportFailedException(
                    fileName
                            + ": Kibana refused the import with HTTP "
                            + response.statusCode()
                            + (authorization.isEmpty()
                                    ? " and no credentials were sent: give --kibana-user (password"
                                            + " in KIBANA_PASSWORD) or --kibana-api-key"
                                    : " for the credentials given: the user or key needs the"
                                            + " saved objects management privilege")
                            + ": "
                            + response.body(),
                    List.of());
        }
        if (response.statusCode() != 200) {
            throw new ImportFailedException(
                    fileName
                            + ": Kibana refused the import with HTTP "
                            + response.statusCode()
                            + ": "
                            + response.body(),
                    List.of());
        }
        return parse(fileName, response.body());
    }

    /** The {@code multipart/form-data} body: one part {@code file} with the NDJSON. */
    static byte[] multipart(String boundary, String fileName, String ndjson) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head =
                "--"
                        + boundary
                        + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\""
                        + fileName
                        + "\"\r\n"
                        + "Content-Type: application/ndjson\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(ndjson.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    /** Reads the import API's answer; throws when it lists errors or says no success. */
    static Result parse(String fileName, String body) throws ImportFailedException {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            throw new ImportFailedException(
                    fileName + ": Kibana's answer is not JSON: " + body, List.of());
        }
        List<Failure> failures = new ArrayList<>();
        for (JsonNode e : answer.path("errors")) {
            JsonNode error = e.path("error");
            String title = e.path("title").asText(e.at("/meta/title").asText(""));
            failures.add(
                    new Failure(
                            e.path("type").asText(),
                            e.path("id").asText(),
                            title,
                            error.path("type").asText("unknown"),
                            detail(error)));
        }
        if (!failures.isEmpty() || !answer.path("success").asBoolean(false)) {
            StringBuilder message =
                    new StringBuilder(fileName)
                            .append(": Kibana imported ")
                            .append(answer.path("successCount").asInt(0))
                            .append(" objects and refused ")
                            .append(failures.size());
            for (Failure f : failures) {
                message.append("\n  ").append(f);
            }
            throw new ImportFailedException(message.toString(), failures);
        }
        List<Imported> imported = new ArrayList<>();
        for (JsonNode r : answer.path("successResults")) {
            imported.add(
                    new Imported(
                            r.path("type").asText(),
                            r.path("id").asText(),
                            r.at("/meta/title").asText("")));
        }
        return new Result(fileName, answer.path("successCount").asInt(), imported);
    }

    /** The error's details: the missing references, the conflicting ids, or the message. */
    private static String detail(JsonNode error) {
        List<String> parts = new ArrayList<>();
        for (JsonNode r : error.path("references")) {
            parts.add(r.path("type").asText() + "/" + r.path("id").asText());
        }
        for (JsonNode d : error.path("destinations")) {
            parts.add(d.path("id").asText());
        }
        if (error.has("destinationId")) {
            parts.add("destination " + error.path("destinationId").asText());
        }
        if (error.has("message")) {
            parts.add(error.path("message").asText());
        }
        if (error.has("statusCode")) {
            parts.add("(status " + error.path("statusCode").asInt() + ")");
        }
        return String.join(", ", parts);
    }

    /**
     * The NDJSON with the index patterns' titles moved to other prefixes: {@code vigil-} to {@code
     * <indexPrefix>-}, {@code jaeger-} to {@code <jaegerPrefix>-jaeger-} (none when empty), as
     * {@code elasticsearch.indexPrefix} and {@code jaeger.indexPrefix} name the indices. Ids stay.
     */
    public static String withPrefixes(String ndjson, String indexPrefix, String jaegerPrefix) {
        StringBuilder out = new StringBuilder();
        for (String line : ndjson.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                ObjectNode object = (ObjectNode) JSON.readTree(line);
                if (object.path("type").asText().equals("index-pattern")) {
                    ObjectNode attributes = (ObjectNode) object.path("attributes");
                    String title = attributes.path("title").asText();
                    if (title.startsWith("vigil-")) {
                        title = indexPrefix + title.substring("vigil".length());
                    } else if (title.startsWith("jaeger-") && !jaegerPrefix.isEmpty()) {
                        title = jaegerPrefix + "-" + title;
                    }
                    attributes.put("title", title);
                    line = object.toString();
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("not an NDJSON object line: " + line, e);
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
