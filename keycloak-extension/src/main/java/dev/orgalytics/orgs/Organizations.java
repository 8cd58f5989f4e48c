package dev.orgalytics.orgs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Keycloak's organizations as Org Analytics reads them: a user's memberships, an organization by id
 * or alias, and the {@code organization} claim of an access token. Only API present in Keycloak
 * 26.4, 26.5 and 26.7 ({@code getById}, {@code getByAlias}, {@code getByMember}, {@code getAllStream}). Keycloak's
 * provider needs the realm in the session's context; every caller runs inside a request of that
 * realm, and {@link #provider} refuses anything else rather than read another realm's organizations.
 */
public final class Organizations {

    /** The access token claim Keycloak's organization mapper writes (client scope {@code organization}). */
    public static final String CLAIM = "organization";

    private Organizations() {
    }

    /** The ids of the organizations {@code user} is a member of now, sorted; empty when the realm has organizations off. */
    public static List<String> idsOf(KeycloakSession session, RealmModel realm, UserModel user) {
        OrganizationProvider provider = provider(session, realm);
        if (provider == null || user == null) {
            return List.of();
        }
        return provider.getByMember(user).map(OrganizationModel::getId).distinct().sorted().toList();
    }

    /** The organization of the realm with this id, else with this alias; null when there is none (or organizations are off). */
    public static OrganizationModel find(KeycloakSession session, RealmModel realm, String idOrAlias) {
        OrganizationProvider provider = provider(session, realm);
        if (provider == null || idOrAlias == null || idOrAlias.isBlank()) {
            return null;
        }
        OrganizationModel org = provider.getById(idOrAlias);
        return org != null ? org : provider.getByAlias(idOrAlias);
    }

    /** Every organization of the realm; none when the realm has organizations off. */
    public static Stream<OrganizationModel> all(KeycloakSession session, RealmModel realm) {
        OrganizationProvider provider = provider(session, realm);
        return provider == null ? Stream.empty() : provider.getAllStream();
    }

    /**
     * The aliases an access token's {@code organization} claim names. Keycloak's mapper writes a list
     * of aliases, or (with "add organization id" on) an object keyed by alias; anything else names none.
     */
    public static List<String> claimedAliases(Object claim) {
        List<String> aliases = new ArrayList<>();
        if (claim instanceof Map<?, ?> map) {
            map.keySet().forEach(k -> aliases.add(String.valueOf(k)));
        } else if (claim instanceof Collection<?> list) {
            list.forEach(v -> {
                if (v instanceof String s) aliases.add(s);
            });
        } else if (claim instanceof String s) {
            aliases.add(s);
        }
        return aliases;
    }

    /**
     * The single organization alias an OAuth {@code scope} value asks for with Keycloak's
     * {@code organization:<alias>} form, or null: no organization scope, several of them, or one
     * that names none in particular ({@code organization}, {@code organization:*}).
     */
    public static String scopedAlias(String scope) {
        if (scope == null) {
            return null;
        }
        String found = null;
        for (String s : scope.trim().split("\\s+")) {
            if (s.startsWith(CLAIM + ":")) {
                String alias = s.substring(CLAIM.length() + 1);
                if (alias.isEmpty() || alias.equals("*") || found != null) {
                    return null;
                }
                found = alias;
            }
        }
        return found;
    }

    private static OrganizationProvider provider(KeycloakSession session, RealmModel realm) {
        if (realm == null || !realm.isOrganizationsEnabled()) {
            return null;
        }
        RealmModel current = session.getContext().getRealm();
        if (current == null || !current.getId().equals(realm.getId())) {
            throw new IllegalStateException("Organizations of realm " + realm.getName() + " read outside its request");
        }
        return session.getProvider(OrganizationProvider.class);
    }
}
