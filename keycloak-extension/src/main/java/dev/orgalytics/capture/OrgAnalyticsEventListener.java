package dev.orgalytics.capture;

import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerTransaction;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;

import dev.orgalytics.metrics.UsageMetrics;
import dev.orgalytics.store.LoginRow;

/**
 * Captures login events of one request. Keycloak calls success listeners inside the login
 * transaction, so events are held until that transaction commits and only then handed to the
 * {@link LoginWriter}: a rolled-back login is not counted, and nothing here can fail the login.
 */
final class OrgAnalyticsEventListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(OrgAnalyticsEventListener.class);

    private final KeycloakSession session;
    private final LoginWriter writer;
    private final CaptureStats stats;
    private EventListenerTransaction afterCommit;

    OrgAnalyticsEventListener(KeycloakSession session, LoginWriter writer, CaptureStats stats) {
        this.session = session;
        this.writer = writer;
        this.stats = stats;
    }

    @Override
    public void onEvent(Event event) {
        try {
            LoginRow row = LoginEvents.toRow(event);
            if (row == null) {
                return;
            }
            if (!session.getTransactionManager().isActive()) {
                writer.offer(row);
                countLogin(event, row);
                return;
            }
            if (afterCommit == null) {
                // Created lazily: Keycloak builds a listener for every EventBuilder, most never see a login.
                afterCommit = new EventListenerTransaction(null, this::handOver);
                session.getTransactionManager().enlistAfterCompletion(afterCommit);
            }
            afterCommit.addEvent(event);
        } catch (RuntimeException e) {
            stats.failed.incrementAndGet();
            LOG.warn("Org Analytics could not capture an event", e);
        }
    }

    private void handOver(Event event) {
        try {
            LoginRow row = LoginEvents.toRow(event);
            if (row != null) {
                writer.offer(row);
                countLogin(event, row);
            }
        } catch (RuntimeException e) {
            stats.failed.incrementAndGet();
            LOG.warn("Org Analytics could not capture an event", e);
        }
    }

    /** Counts a login attempt whose transaction committed (every failed attempt, known user or not). */
    private static void countLogin(Event event, LoginRow row) {
        if (LoginRow.LOGIN.equals(row.type()) || LoginRow.LOGIN_ERROR.equals(row.type())) {
            UsageMetrics.get().login(event.getRealmName() != null ? event.getRealmName() : row.realmId(), row.success());
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
