package dev.orgalytics.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Org Analytics page's files, read once from the jar and answered from memory.
 *
 * <p>Requests never reach the class path: a path is served only if it names one of {@link #FILES}
 * exactly, so {@code ..}, encoded slashes and absolute paths cannot escape the folder. Assets are
 * published under a content hash ({@code assets/<version>/app.js}) and may be cached for a year;
 * the index, which names the current hash, is never cached, so a new jar takes effect on reload.
 */
public final class ConsoleAssets {

    /** Where the files live in the jar. */
    public static final String CLASSPATH_FOLDER = "META-INF/org-analytics/console/";
    static final String INDEX = "index.html";
    /** Everything the page consists of besides the index. A unit test keeps it equal to the folder. */
    static final List<String> FILES = List.of("app.css", "icon.svg", "main.js", "oidc.js", "api.js", "dates.js",
            "dom.js", "chart.js", "summary.js", "usage.js", "users.js", "leaderboard.js", "actions.js", "catalog.js",
            "realms.js", "organizations.js", "organization-filter.js", "access.js", "refresh.js", "followup.js", "logins.js",
            "user-detail.js", "funnel.js");

    static final String ASSETS_PLACEHOLDER = "{{assets}}";
    static final String REALM_DISPLAY_PLACEHOLDER = "{{realmDisplayName}}";

    private final String indexTemplate;
    private final Map<String, byte[]> assets;
    private final String version;

    ConsoleAssets(String indexTemplate, Map<String, byte[]> assets) {
        this.indexTemplate = indexTemplate;
        this.assets = Map.copyOf(assets);
        this.version = hash(indexTemplate, this.assets);
    }

    /** Reads the index and {@link #FILES} through {@code open}; fails if one is missing. */
    public static ConsoleAssets load(Function<String, InputStream> open) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : FILES) {
            files.put(name, read(open, name));
        }
        return new ConsoleAssets(new String(read(open, INDEX), StandardCharsets.UTF_8), files);
    }

    public static ConsoleAssets fromClassLoader(ClassLoader loader) {
        return load(name -> loader.getResourceAsStream(CLASSPATH_FOLDER + name));
    }

    /** Short content hash of every file: changes whenever any file changes. */
    public String version() {
        return version;
    }

    /** What a file answers to a GET, before any response headers. */
    public record Asset(String contentType, byte[] body, boolean cacheable) {
    }

    /**
     * The answer to {@code GET .../console<path>}, where {@code path} is what follows {@code console}
     * ({@code ""}, {@code "/"}, {@code "/assets/<version>/main.js"}, ...). Empty when nothing is
     * there. The path {@code ""} is not a file: the caller redirects it to {@code console/}, because
     * the index names its assets relative to the folder.
     */
    public Optional<Asset> resolve(String path, String realmDisplayName) {
        if (path.equals("/") || path.equals("/" + INDEX)) {
            return Optional.of(new Asset(contentType(INDEX), renderIndex(realmDisplayName).getBytes(StandardCharsets.UTF_8), false));
        }
        String prefix = "/assets/" + version + "/";
        if (path.startsWith(prefix)) {
            String name = path.substring(prefix.length());
            byte[] body = assets.get(name);
            if (body != null) {
                return Optional.of(new Asset(contentType(name), body, true));
            }
        }
        return Optional.empty();
    }

    String renderIndex(String realmDisplayName) {
        return indexTemplate.replace(ASSETS_PLACEHOLDER, "assets/" + version)
                .replace(REALM_DISPLAY_PLACEHOLDER, escapeHtml(realmDisplayName == null ? "" : realmDisplayName));
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "json" -> "application/json";
            default -> "application/octet-stream";
        };
    }

    /** Safe inside element text and quoted attribute values. */
    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String hash(String index, Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(index.getBytes(StandardCharsets.UTF_8));
            files.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(e.getValue());
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static byte[] read(Function<String, InputStream> open, String name) {
        try (InputStream in = open.apply(name)) {
            if (in == null) {
                throw new IllegalStateException("org-analytics: console file missing from the jar: " + CLASSPATH_FOLDER + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("org-analytics: cannot read console file " + name, e);
        }
    }
}
