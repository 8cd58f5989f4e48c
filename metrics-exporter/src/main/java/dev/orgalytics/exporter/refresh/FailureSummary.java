package dev.orgalytics.exporter.refresh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line for the log and {@code /health} out of many realms' failures: with 500 realms, a
 * Keycloak that refuses every request would otherwise print the same reason 500 times. Realms are
 * grouped by reason, the most common reason first, with a few realm names each.
 */
public final class FailureSummary {

    static final int NAMES_SHOWN = 3;
    static final int REASONS_SHOWN = 3;

    private FailureSummary() {
    }

    /** Null when nothing failed. */
    public static String of(Map<String, String> failures, int realms) {
        if (failures.isEmpty()) {
            return null;
        }
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        failures.forEach((realm, reason) -> byReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(realm));
        List<Map.Entry<String, List<String>>> groups = new ArrayList<>(byReason.entrySet());
        groups.sort((a, b) -> b.getValue().size() - a.getValue().size());
        StringBuilder sb = new StringBuilder().append(failures.size()).append(" of ").append(realms)
                .append(realms == 1 ? " realm" : " realms").append(" failed");
        for (Map.Entry<String, List<String>> g : groups.subList(0, Math.min(REASONS_SHOWN, groups.size()))) {
            List<String> names = g.getValue();
            sb.append("; ").append(String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size()))));
            if (names.size() > NAMES_SHOWN) {
                sb.append(" and ").append(names.size() - NAMES_SHOWN).append(" more");
            }
            sb.append(": ").append(g.getKey());
        }
        if (groups.size() > REASONS_SHOWN) {
            sb.append("; ").append(groups.size() - REASONS_SHOWN).append(" other reasons");
        }
        return sb.toString();
    }
}
