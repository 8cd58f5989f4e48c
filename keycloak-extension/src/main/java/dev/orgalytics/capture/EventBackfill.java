package dev.orgalytics.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.orgalytics.OrgAnalytics;
import dev.orgalytics.store.AnalyticsStore;
import dev.orgalytics.store.LoginRow;

/**
 * History from before the install: reads the realm's events from Keycloak's own event store (kept
 * when the realm's "Save events" is on) and stores the login events among them as the listener
 * would have, one page per call, oldest first. Each event is stored once whatever was stored before
 * (the listener stores Keycloak's event id too), so pages may be read again and a backfill may be
 * repeated. Only login events are read back: session use (token refreshes) is kept as roll-ups
 * without a row, so it could not be told apart from what was counted live. The memberships of the
 * past are not known, so backfilled events are attributed to no organization; nor is an
 * impersonated session of the past known (Keycloak marks it only on the session, long gone).
 * The same events may come in the request body instead ({@link BackfillBody}, {@link #store}).
 */
public final class EventBackfill {

    /**
     * Where the listener captures the realm, events younger than this are left to it: its queue may
     * still hold them, and a row the backfill stored first would fail the listener's whole batch on
     * the duplicate id.
     */
    public static final Duration SETTLE = Duration.ofMinutes(5);
    public static final int DEFAULT_PAGE = 5_000;
    public static final int MAX_PAGE = 50_000;

    private EventBackfill() {
    }

    /**
     * One page: the events read, the login events among them newly stored, those stored already,
     * and where the next page starts (epoch ms, inclusive), null when this page reached {@code to}.
     */
    public record Page(int read, int stored, int alreadyStored, Long next) {
    }

    /** The end of what a backfill reads now: {@link #SETTLE} ago where the listener captures the realm, else now. */
    public static long until(KeycloakSession session, RealmModel realm, Instant now) {
        boolean live = realm.getEventsListenersStream().anyMatch(OrgAnalytics.PROVIDER_ID::equals)
                || session.getKeycloakSessionFactory().getProviderFactory(EventListenerProvider.class, OrgAnalytics.PROVIDER_ID)
                        instanceof EventListenerProviderFactory factory && factory.isGlobal();
        return (live ? now.minus(SETTLE) : now).toEpochMilli();
    }

    /** Reads up to {@code max} events of {@code realm} in {@code [from, to)}, oldest first, and stores the new ones. */
    public static Page run(KeycloakSession session, RealmModel realm, long from, long to, int max) {
        List<Event> events = session.getProvider(EventStoreProvider.class).createQuery()
                .realm(realm.getId())
                .type(LoginEvents.CAPTURED.toArray(EventType[]::new))
                .fromDate(from)
                .toDate(to - 1) // inclusive in the event store's query
                .orderByAscTime()
                .firstResult(0)
                .maxResults(max)
                .getResultStream().toList();
        List<LoginRow> rows = events.stream().map(e -> LoginEvents.toRow(e, false)).filter(Objects::nonNull).toList();
        int stored = rows.isEmpty() ? 0 : AnalyticsStore.backfillLogins(session, realm.getId(), rows);
        return new Page(events.size(), stored, rows.size() - stored, next(events.stream().map(Event::getTime).toList(), max));
    }

    /**
     * Stores the login events of a request body ({@link BackfillBody}, checked already) as a page of
     * Keycloak's store would be: each once, by Keycloak's event id. One page, so nothing follows it.
     */
    public static Page store(KeycloakSession session, RealmModel realm, List<Event> events) {
        List<LoginRow> rows = events.stream().map(e -> LoginEvents.toRow(e, false)).filter(Objects::nonNull).toList();
        int stored = rows.isEmpty() ? 0 : AnalyticsStore.backfillLogins(session, realm.getId(), rows);
        return new Page(events.size(), stored, rows.size() - stored, null);
    }

    /**
     * Where the page after one of {@code times} (ascending) starts: nowhere when the page was not
     * full; else at its last time, inclusive, since more events may share that millisecond (those
     * read again are found stored and skipped); one millisecond later when the whole page shares
     * it, so the backfill moves on (more than a page of events in one millisecond would lose some).
     */
    static Long next(List<Long> times, int max) {
        if (times.size() < max) {
            return null;
        }
        long last = times.get(times.size() - 1);
        return times.get(0) == last ? last + 1 : last;
    }
}
