package dev.orgalytics.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.orgalytics.orgs.Organizations;

/**
 * Which organizations each action of a request is attributed to, decided when it is received (a
 * later join or leave never moves it): the {@code organization} the action names, which its user
 * must be a member of; else the one organization the caller's token names in its
 * {@code organization} claim, when the action is the caller's own and exactly one of the claimed
 * organizations has the user as a member; else every organization the user is a member of.
 */
final class ActionOrganizations {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final BearerCaller caller;
    private final Map<String, List<String>> memberships = new HashMap<>();
    private final Map<String, OrganizationModel> named = new HashMap<>();
    private List<String> claimed;

    ActionOrganizations(KeycloakSession session, RealmModel realm, BearerCaller caller) {
        this.session = session;
        this.realm = realm;
        this.caller = caller;
    }

    /**
     * The organization ids of each action, in their order, whose stored user is {@code userIds[i]};
     * a problem for every action naming an organization that does not exist or its user is not in.
     */
    List<List<String>> attribute(List<ActionRequest.Action> actions, List<String> userIds, List<RejectedBody.Problem> problems) {
        List<List<String>> result = new ArrayList<>(actions.size());
        for (int i = 0; i < actions.size(); i++) {
            String userId = userIds.get(i);
            List<String> member = memberships.computeIfAbsent(userId, id ->
                    Organizations.idsOf(session, realm, session.users().getUserById(realm, id)));
            String wanted = actions.get(i).organization();
            if (wanted != null) {
                OrganizationModel org = named.computeIfAbsent(wanted, w -> Organizations.find(session, realm, w));
                if (org == null) {
                    problems.add(new RejectedBody.Problem(i, "organization", "no organization '" + wanted
                            + "' in realm " + realm.getName() + (realm.isOrganizationsEnabled() ? "" : " (organizations are off)")));
                } else if (!member.contains(org.getId())) {
                    problems.add(new RejectedBody.Problem(i, "organization", "user " + userId
                            + " is not a member of organization '" + wanted + "'"));
                }
                result.add(org == null ? List.of() : List.of(org.getId()));
                continue;
            }
            List<String> fromToken = userId.equals(caller.user().getId()) ? claimedIds().stream().filter(member::contains).toList()
                    : List.of();
            result.add(fromToken.size() == 1 ? fromToken : member);
        }
        return result;
    }

    /** The ids of the organizations the caller's token claims, read once per request. */
    private List<String> claimedIds() {
        if (claimed == null) {
            Set<String> ids = new LinkedHashSet<>();
            if (realm.isOrganizationsEnabled()) {
                for (String alias : Organizations.claimedAliases(caller.token().getOtherClaims().get(Organizations.CLAIM))) {
                    OrganizationModel org = Organizations.find(session, realm, alias);
                    if (org != null) {
                        ids.add(org.getId());
                    }
                }
            }
            claimed = List.copyOf(ids);
        }
        return claimed;
    }
}
