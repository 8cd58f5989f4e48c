package dev.orgalytics.exporter.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orgalytics.exporter.keycloak.AdminApiClient;

/**
 * The exporter's settings, from environment variables and {@code --flag=value} arguments (flags
 * win). Every problem is collected, so a misconfigured deployment learns all of them at once.
 */
public record ExporterConfig(URI keycloakUrl, String keycloakRealm, String clientId, String clientSecret,
                             List<String> realms, Duration refreshInterval, int leaderboardSize,
                             int maxActionNames, int maxOrganizations, ZoneId timeZone, InetSocketAddress listen,
                             int concurrency) {

    /** One setting: its environment variable, its flag, its default (null: required) and what it means. */
    public enum Option {
        KEYCLOAK_URL("--keycloak-url", "http://localhost:8080", "base URL of Keycloak"),
        KEYCLOAK_REALM("--keycloak-realm", "master", "realm of the exporter's client"),
        KEYCLOAK_CLIENT_ID("--client-id", "org-analytics-exporter", "client id (client credentials grant)"),
        KEYCLOAK_CLIENT_SECRET("--client-secret", null, "client secret (required)"),
        EXPORTER_REALMS("--realms", "", "comma-separated realm names; empty: every realm the service account may view"),
        EXPORTER_REFRESH_INTERVAL("--refresh-interval", "60", "seconds between refreshes of the snapshot"),
        EXPORTER_LEADERBOARD_SIZE("--leaderboard-size", "10", "users per leaderboard period (1-100)"),
        EXPORTER_MAX_ACTION_NAMES("--max-action-names", "100", "action names per realm before the rest count as 'other'"),
        EXPORTER_MAX_ORGANIZATIONS("--max-organizations", "50", "organizations per realm with their own series, the most"
                + " active in 30 days; the rest count as 'other'; 0: no organization series (0-" + AdminApiClient.LARGEST_PAGE + ")"),
        EXPORTER_TIME_ZONE("--time-zone", "UTC", "IANA zone in which today, this week and this month are cut"),
        EXPORTER_LISTEN("--listen", "0.0.0.0:9850", "host:port serving /metrics and /health"),
        EXPORTER_CONCURRENCY("--concurrency", "4", "realms fetched from Keycloak at the same time (1-64)");

        public final String flag;
        public final String defaultValue;
        public final String help;

        Option(String flag, String defaultValue, String help) {
            this.flag = flag;
            this.defaultValue = defaultValue;
            this.help = help;
        }
    }

    /** The configuration could not be used; {@link #problems()} says why. */
    public static final class InvalidConfigException extends Exception {
        private final List<String> problems;

        InvalidConfigException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static ExporterConfig from(Map<String, String> env, String... args) throws InvalidConfigException {
        Map<Option, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Option o : Option.values()) {
            String v = env.get(o.name());
            if (v != null && !v.isBlank()) {
                values.put(o, v.trim());
            }
        }
        for (String arg : args) {
            Option option = null;
            for (Option o : Option.values()) {
                if (arg.startsWith(o.flag + "=")) {
                    option = o;
                }
            }
            if (option == null) {
                problems.add("unknown argument " + arg + " (see --help)");
            } else {
                values.put(option, arg.substring(option.flag.length() + 1).trim());
            }
        }
        for (Option o : Option.values()) {
            if (o.defaultValue != null) {
                values.putIfAbsent(o, o.defaultValue);
            }
        }

        URI url = null;
        try {
            url = URI.create(values.get(Option.KEYCLOAK_URL).replaceAll("/+$", ""));
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                problems.add("KEYCLOAK_URL must be an http(s) URL, was " + values.get(Option.KEYCLOAK_URL));
            }
        } catch (IllegalArgumentException e) {
            problems.add("KEYCLOAK_URL is not a URL: " + values.get(Option.KEYCLOAK_URL));
        }
        String secret = values.get(Option.KEYCLOAK_CLIENT_SECRET);
        if (secret == null || secret.isEmpty()) {
            problems.add("KEYCLOAK_CLIENT_SECRET (--client-secret) is required");
        }
        List<String> realms = new ArrayList<>();
        for (String r : values.get(Option.EXPORTER_REALMS).split(",")) {
            if (!r.isBlank()) {
                realms.add(r.trim());
            }
        }
        long refreshSeconds = number(values, Option.EXPORTER_REFRESH_INTERVAL, 1, 86_400, problems);
        long leaderboard = number(values, Option.EXPORTER_LEADERBOARD_SIZE, 1, 100, problems);
        long maxActions = number(values, Option.EXPORTER_MAX_ACTION_NAMES, 1, 10_000, problems);
        // At most one page of the report: the organizations past the kept ones are summed from that same page.
        long maxOrganizations = number(values, Option.EXPORTER_MAX_ORGANIZATIONS, 0, AdminApiClient.LARGEST_PAGE, problems);
        ZoneId zone = null;
        try {
            zone = ZoneId.of(values.get(Option.EXPORTER_TIME_ZONE));
        } catch (DateTimeException e) {
            problems.add("EXPORTER_TIME_ZONE is not an IANA zone: " + values.get(Option.EXPORTER_TIME_ZONE));
        }
        InetSocketAddress listen = listen(values.get(Option.EXPORTER_LISTEN), problems);
        long concurrency = number(values, Option.EXPORTER_CONCURRENCY, 1, 64, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new ExporterConfig(url, values.get(Option.KEYCLOAK_REALM), values.get(Option.KEYCLOAK_CLIENT_ID), secret,
                List.copyOf(realms), Duration.ofSeconds(refreshSeconds), (int) leaderboard, (int) maxActions,
                (int) maxOrganizations, zone, listen, (int) concurrency);
    }

    public static String help() {
        StringBuilder sb = new StringBuilder("Org Analytics metrics exporter: per-realm usage and leaderboard metrics"
                + " from the Org Analytics admin API, served at /metrics.\n\nEnvironment variable / flag (flags win), default:\n");
        for (Option o : Option.values()) {
            sb.append(String.format("  %-27s %-20s %s%s%n", o.name(), o.flag + "=", o.help,
                    o.defaultValue == null || o.defaultValue.isEmpty() ? "" : " [" + o.defaultValue + "]"));
        }
        return sb.toString();
    }

    private static long number(Map<Option, String> values, Option o, long min, long max, List<String> problems) {
        try {
            long n = Long.parseLong(values.get(o));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(o.name() + " must be a whole number from " + min + " to " + max + ", was " + values.get(o));
        return min;
    }

    private static InetSocketAddress listen(String value, List<String> problems) {
        int colon = value.lastIndexOf(':');
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            String host = colon > 0 ? value.substring(0, colon) : "0.0.0.0";
            if (port >= 0 && port <= 65_535) {
                return new InetSocketAddress(host, port);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add("EXPORTER_LISTEN must be host:port, was " + value);
        return null;
    }
}
