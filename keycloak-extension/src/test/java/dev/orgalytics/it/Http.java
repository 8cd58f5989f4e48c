package dev.orgalytics.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Minimal HTTP + JSON plumbing shared by the test helpers. */
public final class Http {

    /**
     * Nulls are left out like Keycloak's own serializer does: a PUT with explicit nulls could reset
     * fields, and unknown fields must not break us when Keycloak adds some.
     */
    public static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Http() {
    }

    /** What came back; never throws for an HTTP error status, so tests can assert on failures. */
    public record Response(int status, String body, HttpHeaders headers) {

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** Returns this if 2xx, else fails with status and body (the body says what Keycloak disliked). */
        public Response ok(String what) {
            if (!isSuccess()) {
                throw new AssertionError(what + " failed: HTTP " + status + ": " + body);
            }
            return this;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("Not JSON (HTTP " + status + "): " + body, e);
            }
        }

        public <T> T json(Class<T> type) {
            try {
                return JSON.readValue(body, type);
            } catch (JsonProcessingException e) {
                throw new AssertionError("Cannot read " + type.getSimpleName() + " from: " + body, e);
            }
        }

        /** The id Keycloak puts at the end of the Location header of a 201 Created. */
        public String createdId() {
            String location = headers.firstValue("Location")
                    .orElseThrow(() -> new AssertionError("No Location header (HTTP " + status + "): " + body));
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    /**
     * Sends a request. {@code body} may be null, a String (sent as is) or any object (sent as JSON);
     * {@code bearer} may be null.
     */
    public static Response send(String method, String url, String bearer, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(toJson(body)));
        }
        return send(request.build());
    }

    /** POSTs an application/x-www-form-urlencoded body, as the token endpoint wants. */
    public static Response postForm(String url, Map<String, String> form) {
        String encoded = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded))
                .build());
    }

    public static String toJson(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialize " + body, e);
        }
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
