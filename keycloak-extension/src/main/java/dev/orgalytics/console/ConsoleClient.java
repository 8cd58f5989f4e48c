package dev.orgalytics.console;

import java.nio.charset.StandardCharsets;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The public OIDC client {@code org-analytics-console} through which admins sign in to the Org
 * Analytics page: created in existing realms at boot and in every new realm (a step of
 * {@code setup.OrgAnalyticsSetupFactory}), like Keycloak's own
 * {@code account-console}. Authorization code with PKCE (S256) only; redirects only to the page.
 *
 * <p>The extension creates the client once per realm and then leaves it to the realm's admins: it
 * never overwrites their changes, and a client they deleted is not re-created at the next boot (the
 * realm attribute {@value #CREATED_ATTRIBUTE} remembers that it was created).
 */
public final class ConsoleClient {

    private static final Logger LOG = Logger.getLogger(ConsoleClient.class);

    public static final String CLIENT_ID = "org-analytics-console";
    static final String CREATED_ATTRIBUTE = "org-analytics.console-client-created";
    static final String LIGHTWEIGHT_ACCESS_TOKEN = "client.use.lightweight.access.token.enabled";

    enum Step { CREATE, KEEP, RESPECT_DELETION }

    private ConsoleClient() {
    }

    static Step decide(boolean clientExists, boolean createdBefore) {
        if (clientExists) {
            return Step.KEEP;
        }
        return createdBefore ? Step.RESPECT_DELETION : Step.CREATE;
    }

    public static void ensure(RealmModel realm) {
        Step step = decide(realm.getClientByClientId(CLIENT_ID) != null,
                Boolean.parseBoolean(realm.getAttribute(CREATED_ATTRIBUTE)));
        if (step == Step.CREATE) {
            create(realm);
            realm.setAttribute(CREATED_ATTRIBUTE, "true");
            LOG.debugf("Created client %s in realm %s", CLIENT_ID, realm.getName());
        }
    }

    private static void create(RealmModel realm) {
        String page = pagePath(realm.getName());
        ClientModel client = realm.addClient(CLIENT_ID);
        client.setName("Org Analytics");
        client.setDescription("Org Analytics page: usage reports for this realm's admins (created by the org-analytics extension)");
        client.setEnabled(true);
        client.setPublicClient(true);
        client.setClientAuthenticatorType(KeycloakModelUtils.getDefaultClientAuthenticatorType());
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setConsentRequired(false);
        // Admin permissions are checked against the client's scope too (AdminAuth.hasAppRole).
        client.setFullScopeAllowed(true);
        client.setRootUrl(Constants.AUTH_BASE_URL_PROP);
        client.setBaseUrl(page);
        client.addRedirectUri(page + "*");
        client.addWebOrigin("+");
        client.setAttribute(OIDCConfigAttributes.PKCE_CODE_CHALLENGE_METHOD, "S256");
        client.setAttribute(OIDCConfigAttributes.POST_LOGOUT_REDIRECT_URIS, "+");
        client.setAttribute("oauth2.device.authorization.grant.enabled", "false");
        client.setAttribute("oidc.ciba.grant.enabled", "false");
        // Like Keycloak's own admin console: the access token names no roles. A master admin holds
        // about twenty roles per realm, so with hundreds of realms a regular token outgrows the
        // request header limit and every call of the page would be refused (431). The admin API
        // reads the roles from the database, so nothing is lost.
        client.setAttribute(LIGHTWEIGHT_ACCESS_TOKEN, "true");
        // Last: setting the protocol is what gives the client the realm's default client scopes.
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
    }

    /** {@code /realms/<realm, percent-encoded>/org-analytics/console/}, relative to Keycloak's base URL. */
    static String pagePath(String realmName) {
        return "/realms/" + encodePathSegment(realmName) + "/org-analytics/console/";
    }

    static String encodePathSegment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
