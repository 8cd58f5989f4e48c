package dev.orgalytics.admin;

import jakarta.ws.rs.WebApplicationException;

import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.orgalytics.setup.AdminRoles;

/**
 * Who may read which report, from the permission evaluator Keycloak hands the admin resource. Each
 * check throws Keycloak's 403 (or the resource's own JSON 403) when the caller lacks it. The
 * dedicated role {@code view-org-analytics} reads everything; without it, each report asks for the
 * Keycloak permission that covers the data it shows.
 */
final class ReportPermissions {

    private final AdminPermissionEvaluator auth;

    ReportPermissions(AdminPermissionEvaluator auth) {
        this.auth = auth;
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
     * Realm totals (summary, usage, leaderboard): whatever reads user statistics, or the totals role.
     * Returns whether the caller may also see people (ids, names, emails); the totals role alone may
     * not filter by group either, since a group's totals tell who is in it.
     */
    boolean requireTotals(String group) {
        if (auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS) || auth.users().canView()) {
            return true;
        }
        if (!auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS_TOTALS)) {
            auth.users().requireView();
            return true;
        }
        if (group != null && !group.isBlank()) {
            throw new WebApplicationException(ReportResponses.error(403, "forbidden", "The group filter needs view-org-analytics or "
                    + "view-users; " + AdminRoles.VIEW_ORG_ANALYTICS_TOTALS + " reads the whole realm's totals only"));
        }
        return false;
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
