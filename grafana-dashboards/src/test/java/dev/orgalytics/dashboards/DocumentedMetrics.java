package dev.orgalytics.dashboards;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Org Analytics series the README documents: the first cell of every README table row that names
 * an {@code org_analytics_*} series ("Keycloak metrics" and "Metrics exporter" sections). Dashboards may
 * query exactly these, so a dashboard can never depend on a series a user cannot look up.
 */
final class DocumentedMetrics {

    private static final Pattern FIRST_CELL = Pattern.compile("^\\|\\s*`(org_analytics_[a-z0-9_]+)`");

    private DocumentedMetrics() {
    }

    static Set<String> fromReadme(String readme) {
        Set<String> names = new TreeSet<>();
        for (String line : readme.split("\n")) {
            Matcher m = FIRST_CELL.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static Set<String> fromReadme() {
        return fromReadme(Repo.text(Repo.path("README.md")));
    }
}
