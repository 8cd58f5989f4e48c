package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

/**
 * The CSV exports opened as a spreadsheet opens them: LibreOffice Calc (headless) converts every
 * export, read once with {@code ,} and once with {@code ;} as the separator, to xlsx, and no sheet
 * of any of them may hold a formula. The data is hostile where the API lets a client or an admin
 * choose text: action targets, pages, properties and ids, and people's names. A file that does hold
 * a live formula is converted too, so the check is known to see one.
 */
class CsvSpreadsheetIT {

    private static final Pattern FORMULA = Pattern.compile("<f[ >]");
    private static final List<String> HOSTILE = List.of(";=4+4", "a,=1+1", "x\n=1+1", "\r\n@SUM(1+1)", " =1+1", "\"=1+1",
            "\t=1+1", "=HYPERLINK(\"http://evil.test\")", "-2+3", "+1+1", "@SUM(A1)", "a;b;=cmd|' /C calc'!A0", "x\r=1+1",
            "'; =1+1", "ok, \"-3+3\"");

    @Test
    void noExportBecomesAFormulaWithEitherSeparator() throws Exception {
        Fixtures.Realm realm = Fixtures.realm("csv-calc");
        String userId = realm.user("hostile");
        com.fasterxml.jackson.databind.node.ObjectNode rep = (com.fasterxml.jackson.databind.node.ObjectNode)
                realm.admin().getJson("/admin/realms/" + realm.name() + "/users/" + userId).ok("user").json();
        rep.put("firstName", "+1+1");
        rep.put("lastName", "@evil -2");
        realm.admin().putJson("/admin/realms/" + realm.name() + "/users/" + userId, rep.toString()).ok("rename");
        String token = realm.token("hostile");

        List<Map<String, Object>> actions = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            String plain = text.replaceAll("[\\t\\r\\n]", "");
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("action", i % 2 == 0 ? "profile_viewed" : "job_posted");
            a.put("id", plain.isEmpty() ? "id-" + i : plain + i);
            a.put("page", plain);
            a.put("target", Map.of("type", plain, "id", plain, "name", text));
            a.put("properties", Map.of("q", text, "n", -i));
            actions.add(a);
        }
        Http.Response posted = Http.send("POST", realm.actionsUrl(), token, Map.of("actions", actions));
        assertEquals(202, posted.status(), posted.body());
        assertEquals(HOSTILE.size(), posted.json().path("accepted").asInt());

        Path dir = Files.createDirectories(Paths.get("target", "csv-calc", KeycloakServer.get().toString().replaceAll("\\W", "_")
                + "-" + System.nanoTime()));
        String api = KeycloakServer.get().baseUrl() + "/admin/realms/" + realm.name() + "/org-analytics";
        List<Path> files = new ArrayList<>();
        for (String report : List.of("/users?", "/actions?", "/logins?", "/usage?interval=day&", "/leaderboard?period=this_month&",
                "/insights/stalled?did=profile_viewed&without=interview_scheduled&")) {
            for (String delimiter : List.of("comma", "semicolon")) {
                HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + report
                                + "format=csv&bom=true&delimiter=" + delimiter))
                        .header("Authorization", "Bearer " + Tokens.password("master", "admin-cli", null, KeycloakServer.ADMIN_USER,
                                KeycloakServer.ADMIN_PASSWORD)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode(), report);
                assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), report);
                String name = report.substring(1, report.indexOf('?')).replace('/', '_') + "-" + delimiter + ".csv";
                files.add(Files.write(dir.resolve(name), r.body()));
            }
        }
        String actionsCsv = Files.readString(dir.resolve("actions-semicolon.csv"), StandardCharsets.UTF_8);
        assertTrue(actionsCsv.contains("\";'=4+4\""), "the hostile text is in the export, defused: " + actionsCsv);
        // A bare formula, and what the old exports wrote (only the first character defused): read with
        // ';', the quoted ";=4+4" splits and its second half is a formula.
        Path control = Files.writeString(dir.resolve("control-live-formula.csv"),
                "name,n\r\n=1+1,2\r\n\";=4+4\",5\r\n\"x\n=1+1\",2\r\n");

        List<Path> all = new ArrayList<>(files);
        all.add(control);
        for (int separator : new int[] {44, 59}) {
            Path out = Files.createDirectories(dir.resolve("xlsx-" + separator));
            convert(all, separator, out, dir.resolve("lo-profile"));
            for (Path csv : all) {
                Path xlsx = out.resolve(csv.getFileName().toString().replace(".csv", ".xlsx"));
                assertTrue(Files.exists(xlsx), "LibreOffice converted " + csv.getFileName() + " (separator " + separator + ")");
                List<String> formulas = formulas(xlsx);
                if (csv.equals(control)) {
                    assertFalse(formulas.isEmpty(), "the check sees the live formulas of the control file");
                } else {
                    assertEquals(List.of(), formulas, csv.getFileName() + " read with separator " + (char) separator);
                }
            }
        }
    }

    /** One soffice run converts every file; its own profile directory keeps it apart from any other instance. */
    private static void convert(List<Path> files, int separator, Path outDir, Path profile) throws Exception {
        List<String> command = new ArrayList<>(List.of("soffice", "-env:UserInstallation=" + profile.toAbsolutePath().toUri(),
                "--headless", "--norestore", "--infilter=CSV:" + separator + ",34,76", "--convert-to", "xlsx",
                "--outdir", outDir.toAbsolutePath().toString()));
        files.forEach(f -> command.add(f.toAbsolutePath().toString()));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("LibreOffice Calc is needed (Debian: apt-get install libreoffice-calc)", e);
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "soffice finished");
        assertEquals(0, p.exitValue(), log);
    }

    /** The formula elements of every sheet of an xlsx file. */
    private static List<String> formulas(Path xlsx) throws IOException {
        List<String> found = new ArrayList<>();
        try (InputStream in = Files.newInputStream(xlsx); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().startsWith("xl/worksheets/") && e.getName().endsWith(".xml")) {
                    ByteArrayOutputStream sheet = new ByteArrayOutputStream();
                    zip.transferTo(sheet);
                    Matcher m = FORMULA.matcher(sheet.toString(StandardCharsets.UTF_8));
                    while (m.find()) {
                        String xml = sheet.toString(StandardCharsets.UTF_8);
                        found.add(e.getName() + ": " + xml.substring(Math.max(0, m.start() - 80), Math.min(xml.length(), m.end() + 80)));
                    }
                }
            }
        }
        return found;
    }
}
