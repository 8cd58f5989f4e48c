package dev.orgalytics.admin;

import java.util.function.Supplier;

import jakarta.ws.rs.WebApplicationException;

import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.orgalytics.setup.AdminRoles;
import dev.orgalytics.stats.OrganizationScope;

/**
 * Who may read which report, from the permission evaluator Keycloak hands the admin resource. Each
 * check throws Keycloak's 403 (or the resource's own JSON 403) when the caller lacks it. The
 * dedicated role {@code view-org-analytics} reads everything; without it, each report asks for the
 * Keycloak permission that covers the data it shows. An admin with none of the realm-level rights
 * who may view some organizations (Keycloak 26.7's organization permissions) reads the totals of
 * those organizations only: what {@code view-org-analytics-totals} reads, limited to them.
 */
final class ReportPermissions {

    private final AdminPermissionEvaluator auth;
    /** The organizations the caller may view; asked only of callers without realm-level rights. */
    private final Supplier<OrganizationScope> viewableOrganizations;

    ReportPermissions(AdminPermissionEvaluator auth, Supplier<OrganizationScope> viewableOrganizations) {
        this.auth = auth;
        this.viewableOrganizations = viewableOrganizations;
    }

    /**
     * What a totals report may show its caller: with {@code people}, user ids, names and emails too;
     * with {@code wholeRealm}, the realm's totals, else only the totals of {@code organizations}
     * (every organization of the realm for a realm-wide organization right, which is still not a
     * right to the realm's own totals).
     */
    record Totals(boolean people, boolean wholeRealm, OrganizationScope organizations) {

        static final Totals REALM = new Totals(true, true, OrganizationScope.ALL);
        static final Totals REALM_TOTALS = new Totals(false, true, OrganizationScope.ALL);

        static Totals of(OrganizationScope organizations) {
            return new Totals(false, false, organizations);
        }

        /**
         * For a reader limited to organizations: the report must be filtered to one of theirs
         * ({@code organizationId} null: none given, or an unknown one). 403 otherwise, the same answer
         * for an organization that does not exist as for someone else's, so it tells nothing.
         */
        void requireOwnOrganization(String organizationId, String given) {
            if (wholeRealm) {
                return;
            }
            if (given == null || given.isBlank()) {
                throw forbidden("You may read the totals of your organizations only: name one with organization=<id or alias>");
            }
            if (organizationId == null || !organizations.includes(organizationId)) {
                throw forbidden("Organization '" + given + "' is not one you may view");
            }
        }

        /** For a reader limited to organizations: 403 for a report of the whole realm. */
        void requireWholeRealm(String report) {
            if (!wholeRealm) {
                throw forbidden(report + " needs realm-level rights; you may read the totals of your organizations only");
            }
        }
    }

    /** User-level statistics: the dedicated role, or view-users. */
    void requireUserStats() {
        if (!auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS)) {
            auth.users().requireView();
        }
    }

    /** One user's statistics: fine-grained admin permissions may allow some users and not others. */
    void requireUserStats(UserModel user) {
        if (!auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS)) {
            auth.users().requireView(user);
        }
    }

    /**
     * Totals (summary, usage, leaderboard, organizations): whatever reads user statistics, or the
     * totals role, or else the organizations the caller may view. Returns what the caller may see of
     * them; the totals role and the organization-limited may not filter by group either, since a
     * group's totals tell who is in it.
     */
    Totals requireTotals(String group) {
        if (auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS) || auth.users().canView()) {
            return Totals.REALM;
        }
        boolean grouped = group != null && !group.isBlank();
        if (auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS_TOTALS)) {
            if (grouped) {
                throw forbidden("The group filter needs view-org-analytics or view-users; "
                        + AdminRoles.VIEW_ORG_ANALYTICS_TOTALS + " reads the whole realm's totals only");
            }
            return Totals.REALM_TOTALS;
        }
        OrganizationScope organizations = viewableOrganizations.get();
        if (organizations.isEmpty()) {
            auth.users().requireView();
            return Totals.REALM;
        }
        if (grouped) {
            throw forbidden("The group filter needs view-org-analytics or view-users; your organizations' totals are read whole");
        }
        return Totals.of(organizations);
    }

    private static WebApplicationException forbidden(String message) {
        return new WebApplicationException(ReportResponses.error(403, "forbidden", message));
    }

    /** Action and login logs: the dedicated role, or view-events. */
    void requireEventLogs() {
        if (!auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS)) {
            auth.realm().requireViewEvents();
        }
    }

    /** The API description: either report role, or any admin role of the realm. */
    void requireAnyAdminRole() {
        if (!auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS, AdminRoles.VIEW_ORG_ANALYTICS_TOTALS)) {
            auth.requireAnyAdminRole();
        }
    }
}
