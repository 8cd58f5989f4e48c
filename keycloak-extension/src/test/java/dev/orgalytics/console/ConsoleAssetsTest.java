package dev.orgalytics.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class ConsoleAssetsTest {

    private static final String INDEX = "<title>{{realmDisplayName}}</title><script src=\"{{assets}}/main.js\"></script>";

    private static ConsoleAssets assets(String index, Map<String, String> files) {
        Map<String, byte[]> bytes = new HashMap<>();
        files.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return new ConsoleAssets(index, bytes);
    }

    private static final ConsoleAssets SAMPLE = assets(INDEX, Map.of("main.js", "console.log(1)", "app.css", "body{}"));

    @Test
    void indexIsServedAtTheFolderWithTheCurrentAssetAddressAndNotCached() {
        ConsoleAssets.Asset index = SAMPLE.resolve("/", "Acme").orElseThrow();
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertFalse(index.cacheable());
        String html = new String(index.body(), StandardCharsets.UTF_8);
        assertEquals("<title>Acme</title><script src=\"assets/" + SAMPLE.version() + "/main.js\"></script>", html);
        assertEquals(html, new String(SAMPLE.resolve("/index.html", "Acme").orElseThrow().body(), StandardCharsets.UTF_8));
    }

    @Test
    void realmDisplayNameIsEscaped() {
        String html = SAMPLE.renderIndex("<img src=x onerror=alert(1)> & \"Co\" 'x'");
        assertTrue(html.startsWith("<title>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot; &#39;x&#39;</title>"), html);
    }

    @Test
    void assetsAreServedUnderTheirHashWithTheirTypeAndCached() {
        ConsoleAssets.Asset js = SAMPLE.resolve("/assets/" + SAMPLE.version() + "/main.js", null).orElseThrow();
        assertEquals("text/javascript; charset=utf-8", js.contentType());
        assertTrue(js.cacheable());
        assertEquals("console.log(1)", new String(js.body(), StandardCharsets.UTF_8));
        assertEquals("text/css; charset=utf-8", SAMPLE.resolve("/assets/" + SAMPLE.version() + "/app.css", null).orElseThrow().contentType());
    }

    @Test
    void anythingElseIsNotFoundIncludingTraversal() {
        String v = SAMPLE.version();
        for (String path : List.of("", "/assets/" + v + "/", "/assets/" + v + "/nope.js", "/assets/other/main.js",
                "/main.js", "/assets/main.js", "/../openapi.json", "/assets/" + v + "/../../openapi.json",
                "/assets/" + v + "/../" + v + "/main.js", "/assets/" + v + "//main.js", "/assets/" + v + "/./main.js",
                "/assets/" + v + "/main.js/", "/assets/" + v + "/MAIN.JS", "/assets/" + v + "/main.js%00",
                "/assets/" + v + "/..\\..\\META-INF\\MANIFEST.MF", "//etc/passwd", "/index.html/", "/INDEX.HTML")) {
            assertEquals(Optional.empty(), SAMPLE.resolve(path, "Acme"), path);
        }
    }

    @Test
    void versionFollowsEveryFile() {
        ConsoleAssets changedJs = assets(INDEX, Map.of("main.js", "console.log(2)", "app.css", "body{}"));
        ConsoleAssets changedIndex = assets(INDEX + " ", Map.of("main.js", "console.log(1)", "app.css", "body{}"));
        ConsoleAssets same = assets(INDEX, Map.of("app.css", "body{}", "main.js", "console.log(1)"));
        assertNotEquals(SAMPLE.version(), changedJs.version());
        assertNotEquals(SAMPLE.version(), changedIndex.version());
        assertEquals(SAMPLE.version(), same.version());
        assertTrue(SAMPLE.version().matches("[0-9a-f]{12}"));
    }

    @Test
    void contentTypes() {
        assertEquals("text/html; charset=utf-8", ConsoleAssets.contentType("index.html"));
        assertEquals("text/javascript; charset=utf-8", ConsoleAssets.contentType("a.b.JS"));
        assertEquals("text/css; charset=utf-8", ConsoleAssets.contentType("app.css"));
        assertEquals("image/svg+xml", ConsoleAssets.contentType("icon.svg"));
        assertEquals("application/octet-stream", ConsoleAssets.contentType("x.bin"));
    }

    @Test
    void loadFailsClearlyWhenAFileIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConsoleAssets.load(name -> name.equals("index.html") ? new ByteArrayInputStream(new byte[0]) : null));
        assertTrue(e.getMessage().contains(ConsoleAssets.CLASSPATH_FOLDER), e.getMessage());
    }

    /** The list in code and the folder in the jar must not drift apart: a forgotten file would 404. */
    @Test
    void theFileListIsTheFolder() throws IOException {
        Path folder = Path.of("src/main/resources", ConsoleAssets.CLASSPATH_FOLDER);
        Set<String> onDisk;
        try (Stream<Path> files = Files.list(folder)) {
            onDisk = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> listed = new TreeSet<>(ConsoleAssets.FILES);
        listed.add(ConsoleAssets.INDEX);
        assertEquals(onDisk, listed);
        // And the real files load, with every placeholder of the index in use.
        ConsoleAssets real = ConsoleAssets.fromClassLoader(getClass().getClassLoader());
        String html = real.renderIndex("Acme");
        assertFalse(html.contains("{{"), html);
        assertTrue(html.contains("assets/" + real.version() + "/main.js"));
    }
}
