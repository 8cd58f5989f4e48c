package dev.orgalytics.capture;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ImpersonationSessionNote;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.orgalytics.metrics.UsageMetrics;
import dev.orgalytics.orgs.Organizations;
import dev.orgalytics.store.LoginRow;

/**
 * Captures login events and session use (token refreshes, code exchanges) of one request. Keycloak calls success listeners inside the login
 * transaction, so events are held until that transaction commits and only then handed to the
 * {@link LoginWriter}: a rolled-back login is not counted, and nothing here can fail the login.
 * The user's organizations are looked up here, in the login's request: the writer runs later on
 * its own thread, when the membership may have changed and the session is gone.
 *
 * <p>Only a user's own use of their account counts: a session an admin opened by impersonating the
 * user (Keycloak 26.4 to 26.7 mark it with the user session note {@code IMPERSONATOR_ID}, and its
 * logins, code exchanges and refreshes carry that session's id) and service accounts add nothing
 * to the user's logins or activity.
 */
final class OrgAnalyticsEventListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(OrgAnalyticsEventListener.class);

    private final KeycloakSession session;
    private final LoginWriter writer;
    private final CaptureStats stats;
    /** Null when session activity is not captured ({@code session-activity=false}). */
    private final SessionActivityMarks marks;
    private AfterCommit afterCommit;

    OrgAnalyticsEventListener(KeycloakSession session, LoginWriter writer, CaptureStats stats, SessionActivityMarks marks) {
        this.session = session;
        this.writer = writer;
        this.stats = stats;
        this.marks = marks;
    }

    @Override
    public void onEvent(Event event) {
        try {
            LoginRow row = LoginEvents.toRow(event, marks != null);
            if (row == null) {
                return;
            }
            // Checked first: most refreshes end here, at a set look-up.
            if (row.sessionActivity() && marks.known(row.realmId(), row.userId(), row.time())) {
                return;
            }
            if ((row.sessionActivity() || LoginRow.LOGIN.equals(row.type())) && !usedByTheUser(event)) {
                return;
            }
            row = row.withOrganizations(organizationsOf(row, requestedScope(event)));
            String realmName = event.getRealmName() != null ? event.getRealmName() : row.realmId();
            if (!session.getTransactionManager().isActive()) {
                handOver(row, realmName);
                return;
            }
            if (afterCommit == null) {
                // Created lazily: Keycloak builds a listener for every EventBuilder, most never see a login.
                afterCommit = new AfterCommit();
                session.getTransactionManager().enlistAfterCompletion(afterCommit);
            }
            afterCommit.rows.add(row);
            afterCommit.realmNames.add(realmName);
        } catch (RuntimeException e) {
            stats.failed.incrementAndGet();
            LOG.warn("Org Analytics could not capture an event", e);
        }
    }

    /**
     * The organizations of the login: the one its request asked for ({@code scope=organization:<alias>},
     * an organization-scoped login) when the user is a member of it, else every organization the user
     * is a member of now; none when the look-up fails (logged), so a login is never lost to it.
     */
    private List<String> organizationsOf(LoginRow row, String scope) {
        if (row.userId() == null) {
            return List.of();
        }
        try {
            RealmModel realm = session.getContext().getRealm();
            if (realm == null || !realm.getId().equals(row.realmId()) || !realm.isOrganizationsEnabled()) {
                return List.of();
            }
            List<String> members = Organizations.idsOf(session, realm, session.users().getUserById(realm, row.userId()));
            String alias = Organizations.scopedAlias(scope);
            if (alias != null && members.size() > 1) {
                OrganizationModel asked = Organizations.find(session, realm, alias);
                if (asked != null && members.contains(asked.getId())) {
                    return List.of(asked.getId());
                }
            }
            return members;
        } catch (RuntimeException e) {
            LOG.warnf(e, "Org Analytics could not look up the organizations of user %s; the event is stored without them",
                    row.userId());
            return List.of();
        }
    }

    /**
     * Whether the event is the user's own use of their account: false in a session opened by an
     * admin impersonating the user, and for a service account. True when it cannot tell (no realm
     * in context, the session already gone, the look-up failed): a login is not dropped on a guess.
     */
    private boolean usedByTheUser(Event event) {
        try {
            RealmModel realm = session.getContext().getRealm();
            if (realm == null || !realm.getId().equals(event.getRealmId())) {
                return true;
            }
            UserSessionModel userSession = userSession(realm, event.getSessionId());
            if (userSession != null && userSession.getNote(ImpersonationSessionNote.IMPERSONATOR_ID.toString()) != null) {
                return false;
            }
            UserModel user = userSession != null ? userSession.getUser() : session.users().getUserById(realm, event.getUserId());
            return user == null || user.getServiceAccountClientLink() == null;
        } catch (RuntimeException e) {
            LOG.warnf(e, "Org Analytics could not tell whether event %s is the user's own; it is counted", event.getType());
            return true;
        }
    }

    /** The event's user session: the request's own when it is that one (no look-up), else online or offline by id. */
    private UserSessionModel userSession(RealmModel realm, String id) {
        if (id == null) {
            return null;
        }
        UserSessionModel current = session.getContext().getUserSession();
        if (current != null && id.equals(current.getId())) {
            return current;
        }
        UserSessionModel online = session.sessions().getUserSession(realm, id);
        return online != null ? online : session.sessions().getOfflineUserSession(realm, id);
    }

    /**
     * The scope the login asked for: the event's own {@code scope} detail where Keycloak records one,
     * else the authentication session's (browser logins and direct grants keep it as a client note).
     */
    private String requestedScope(Event event) {
        String scope = event.getDetails() != null ? event.getDetails().get(Details.SCOPE) : null;
        if (scope == null) {
            AuthenticationSessionModel auth = session.getContext().getAuthenticationSession();
            scope = auth != null ? auth.getClientNote(OIDCLoginProtocol.SCOPE_PARAM) : null;
        }
        return scope;
    }

    private void handOver(LoginRow row, String realmName) {
        writer.offer(row);
        if (marks != null && (row.sessionActivity() || LoginRow.LOGIN.equals(row.type()) && row.userId() != null)) {
            // Active in this quarter hour already: the user's next refreshes in it need no write.
            marks.mark(row.realmId(), row.userId(), row.time());
        }
        // Counts a login attempt whose transaction committed (every failed attempt, known user or not).
        if (LoginRow.LOGIN.equals(row.type()) || LoginRow.LOGIN_ERROR.equals(row.type())) {
            UsageMetrics.get().login(realmName, row.success());
        }
    }

    /** The request's captured rows, handed to the writer once its transaction committed, dropped on rollback. */
    private final class AfterCommit extends AbstractKeycloakTransaction {
        private final List<LoginRow> rows = new ArrayList<>();
        private final List<String> realmNames = new ArrayList<>();

        @Override
        protected void commitImpl() {
            for (int i = 0; i < rows.size(); i++) {
                try {
                    handOver(rows.get(i), realmNames.get(i));
                } catch (RuntimeException e) {
                    stats.failed.incrementAndGet();
                    LOG.warn("Org Analytics could not capture an event", e);
                }
            }
            rows.clear();
            realmNames.clear();
        }

        @Override
        protected void rollbackImpl() {
            rows.clear();
            realmNames.clear();
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // Admin events are not user activity.
    }

    @Override
    public void close() {
    }
}
