package dev.orgalytics.exporter.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * Turns the realms' usage into the exporter's gauge families. Pure: the same realms always give the
 * same series, which is what lets a scrape serve a prepared snapshot.
 */
public final class UsageSnapshot {

    public static final String OTHER = "other";

    private UsageSnapshot() {
    }

    public static List<MetricSnapshot> families(Collection<RealmUsage> realms, int maxActionNames) {
        Family users = new Family("org_analytics_users", "Users of the realm (service accounts excluded)");
        Family enabled = new Family("org_analytics_enabled_users", "Enabled users of the realm");
        Family active = new Family("org_analytics_active_users",
                "Distinct users with a login or an action in the window ending today (1d, 7d, 30d)");
        Family newUsers = new Family("org_analytics_new_users", "Users created in the period so far");
        Family logins = new Family("org_analytics_period_logins", "Successful logins in the period so far");
        Family failed = new Family("org_analytics_period_failed_logins", "Failed logins in the period so far");
        Family actions = new Family("org_analytics_period_actions",
                "User actions in the period so far, by action name (names past the cap count as other)");
        Family leaders = new Family("org_analytics_leaderboard_score",
                "Top users by actions in the period; ties share a rank; users with no actions are absent");
        Family orgs = new Family("org_analytics_organizations", "Organizations of the realm");
        Family dormant = new Family("org_analytics_dormant_organizations",
                "Organizations of the realm without a successful login or an action in the window ending today");
        Family members = new Family("org_analytics_organization_members",
                "Members of the organization now, for the most active organizations (the rest summed as other)");
        Family activeMembers = new Family("org_analytics_organization_active_members",
                "Distinct members with a successful login or an action attributed to the organization in the window ending today");
        Family orgLogins = new Family("org_analytics_organization_logins",
                "Successful logins attributed to the organization in the window ending today");
        Family orgActions = new Family("org_analytics_organization_actions",
                "User actions attributed to the organization in the window ending today");
        for (RealmUsage r : realms) {
            String realm = r.realm();
            users.add(r.users(), "realm", realm);
            enabled.add(r.enabledUsers(), "realm", realm);
            r.activeUsersByWindow().forEach((window, n) -> active.add(n, "realm", realm, "window", window));
            Set<String> named = keptActionNames(r, maxActionNames);
            r.periods().forEach((period, c) -> {
                newUsers.add(c.newUsers(), "realm", realm, "period", period);
                logins.add(c.logins(), "realm", realm, "period", period);
                failed.add(c.failedLogins(), "realm", realm, "period", period);
                Map<String, Long> capped = new TreeMap<>();
                c.actionsByName().forEach((name, n) -> capped.merge(named.contains(name) ? name : OTHER, n, Long::sum));
                capped.forEach((name, n) -> actions.add(n, "realm", realm, "period", period, "action", name));
            });
            r.leaderboards().forEach((period, entries) -> {
                for (RealmUsage.Leader e : entries) {
                    leaders.add(e.score(), "realm", realm, "period", period, "rank", String.valueOf(e.rank()),
                            "username", e.username());
                }
            });
            OrganizationUsage o = r.organizations();
            if (o != null) {
                String window = Periods.THIRTY_DAYS;
                orgs.add(o.total(), "realm", realm);
                dormant.add(o.dormant(), "realm", realm, "window", window);
                o.top().forEach((org, c) -> {
                    members.add(c.members(), "realm", realm, "organization", org);
                    activeMembers.add(c.activeMembers(), "realm", realm, "organization", org, "window", window);
                    orgLogins.add(c.logins(), "realm", realm, "organization", org, "window", window);
                    orgActions.add(c.actions(), "realm", realm, "organization", org, "window", window);
                });
            }
        }
        List<MetricSnapshot> out = new ArrayList<>();
        for (Family f : List.of(users, enabled, active, newUsers, logins, failed, actions, leaders, orgs, dormant, members,
                activeMembers, orgLogins, orgActions)) {
            out.add(f.build());
        }
        return out;
    }

    /**
     * The action names that keep their own series in a realm: the {@code max} busiest over all its
     * periods (ties by name), the same set in every period so a name never flips between itself and
     * {@value #OTHER}.
     */
    static Set<String> keptActionNames(RealmUsage realm, int max) {
        Map<String, Long> total = new HashMap<>();
        realm.periods().values().forEach(c -> c.actionsByName().forEach((name, n) -> total.merge(name, n, Long::sum)));
        List<String> names = new ArrayList<>(total.keySet());
        names.sort(Comparator.comparing((String n) -> total.get(n)).reversed().thenComparing(Comparator.naturalOrder()));
        return new HashSet<>(names.subList(0, Math.min(max, names.size())));
    }

    private static final class Family {
        private final GaugeSnapshot.Builder builder;

        Family(String name, String help) {
            builder = GaugeSnapshot.builder().name(name).help(help);
        }

        void add(double value, String... labels) {
            builder.dataPoint(GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
        }

        GaugeSnapshot build() {
            return builder.build();
        }
    }
}
