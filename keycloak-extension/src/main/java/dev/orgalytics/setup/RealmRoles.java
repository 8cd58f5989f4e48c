package dev.orgalytics.setup;

import org.keycloak.models.RealmModel;

import dev.orgalytics.OrgAnalytics;

/** The realm role {@code org-analytics-recorder} (see {@link OrgAnalytics#RECORDER_ROLE}), created in every realm. */
public final class RealmRoles {

    private RealmRoles() {
    }

    static void ensure(RealmModel realm) {
        if (realm.getRole(OrgAnalytics.RECORDER_ROLE) == null) {
            realm.addRole(OrgAnalytics.RECORDER_ROLE).setDescription(
                    "Org Analytics: a service account with this role may record actions on behalf of other users");
        }
    }
}
