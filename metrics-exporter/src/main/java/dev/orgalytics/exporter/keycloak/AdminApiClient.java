package dev.orgalytics.exporter.keycloak;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orgalytics.exporter.Json;

/**
 * The Org Analytics admin API as the exporter uses it, signed in with the client credentials grant.
 * The access token is reused until shortly before it expires and fetched again after a 401 (e.g.
 * when Keycloak restarted with new keys).
 */
public final class AdminApiClient {

    /** The admin API's largest page ({@code max}) of a list report. */
    public static final int LARGEST_PAGE = 1000;
    /** Longest wait for one answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A token is renewed this long before it expires, so no request carries one that dies in flight. */
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

    private final URI keycloak;
    private final String authRealm;
    private final String clientId;
    private final String clientSecret;
    private final HttpClient http;
    private final Clock clock;
    private String token;
    private Instant tokenRenewAt = Instant.MIN;

    /** A failed call: the HTTP status (0 when Keycloak could not be reached) and what it said. */
    public static final class AdminApiException extends Exception {
        private final int status;

        AdminApiException(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public AdminApiClient(URI keycloak, String authRealm, String clientId, String clientSecret, Clock clock) {
        this.keycloak = keycloak;
        this.authRealm = authRealm;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Names of the realms the service account may view (Keycloak filters {@code GET /admin/realms} by permission). */
    public List<String> realms() throws AdminApiException {
        List<String> names = new ArrayList<>();
        for (JsonNode realm : get("/admin/realms?briefRepresentation=true")) {
            names.add(realm.path("realm").asText());
        }
        return names;
    }

    public JsonNode summary(String realm, LocalDate from, LocalDate to, ZoneId zone) throws AdminApiException {
        return get(base(realm) + "/summary?from=" + from + "&to=" + to + "&tz=" + enc(zone.getId()));
    }

    public JsonNode leaderboard(String realm, String period, int limit, ZoneId zone) throws AdminApiException {
        return get(base(realm) + "/leaderboard?period=" + enc(period) + "&metric=actions&limit=" + limit + "&tz=" + enc(zone.getId()));
    }

    /**
     * One page of the organizations report from {@code from} to {@code to}, the most active first: sorted by active
     * members (then name), as large as the API allows, so the exporter can sum what it does not keep.
     */
    public JsonNode organizations(String realm, LocalDate from, LocalDate to, ZoneId zone) throws AdminApiException {
        return get(base(realm) + "/organizations?from=" + from + "&to=" + to + "&tz=" + enc(zone.getId())
                + "&sort=activeMembers&order=desc&max=" + LARGEST_PAGE);
    }

    private static String base(String realm) {
        return "/admin/realms/" + enc(realm) + "/org-analytics";
    }

    /** Called from several fetch threads at once: only the token is shared, under its own lock. */
    private JsonNode get(String path) throws AdminApiException {
        String bearer = token();
        HttpResponse<String> r = send(path, bearer);
        if (r.statusCode() == 401) {
            forget(bearer); // revoked or signed with keys Keycloak no longer has: sign in again, once
            bearer = token();
            r = send(path, bearer);
        }
        // Not forgotten here: signing in again gives the same large token, once per realm. After the client
        // is fixed, the next renewal (RENEW_BEFORE ahead of the old token's expiry) brings the small one.
        if (TooLarge.status(r.statusCode())) {
            throw new AdminApiException(r.statusCode(), TooLarge.explain("answered " + r.statusCode(), bearer, clientId, authRealm), null);
        }
        if (r.statusCode() != 200) {
            throw new AdminApiException(r.statusCode(), "GET " + path + " answered " + r.statusCode() + ": " + abbreviate(r.body()), null);
        }
        return parse(r.body(), path);
    }

    private HttpResponse<String> send(String path, String bearer) throws AdminApiException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(keycloak + path)).timeout(TIMEOUT)
                .header("Accept", "application/json").header("Authorization", "Bearer " + bearer).GET().build();
        try {
            return exchange(request);
        } catch (AdminApiException e) {
            // Over HTTP/2 a header block over the server's limit ends the connection (GOAWAY) instead of a 431.
            if (TooLarge.connectionClosed(e.getCause())) {
                throw new AdminApiException(0, TooLarge.explain("closed the connection (" + e.getCause().getMessage() + ")",
                        bearer, clientId, authRealm), e.getCause());
            }
            throw e;
        }
    }

    private synchronized void forget(String bearer) {
        if (bearer.equals(token)) {
            token = null;
        }
    }

    private synchronized String token() throws AdminApiException {
        Instant now = clock.instant();
        if (token != null && now.isBefore(tokenRenewAt)) {
            return token;
        }
        String form = Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret)
                .entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        String path = "/realms/" + enc(authRealm) + "/protocol/openid-connect/token";
        HttpResponse<String> r = exchange(HttpRequest.newBuilder(URI.create(keycloak + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (r.statusCode() != 200) {
            throw new AdminApiException(r.statusCode(), "client credentials grant for " + clientId + " in realm " + authRealm
                    + " answered " + r.statusCode() + ": " + abbreviate(r.body()), null);
        }
        JsonNode body = parse(r.body(), path);
        token = body.path("access_token").asText();
        TooLarge.warnIfGrowing(token, clientId, authRealm);
        long expiresIn = body.path("expires_in").asLong(60);
        tokenRenewAt = now.plusSeconds(expiresIn).minus(RENEW_BEFORE);
        return token;
    }

    private HttpResponse<String> exchange(HttpRequest request) throws AdminApiException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AdminApiException(0, "Keycloak at " + keycloak + " not reachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminApiException(0, "interrupted", e);
        }
    }

    private static JsonNode parse(String body, String path) throws AdminApiException {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AdminApiException(200, path + " did not answer JSON: " + abbreviate(body), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
