package dev.orgalytics.admin;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.Event;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.orgalytics.ingest.RejectedBody;
import dev.orgalytics.OccurredAtWindow;
import dev.orgalytics.capture.BackfillBody;
import dev.orgalytics.capture.EventBackfill;
import dev.orgalytics.ingest.ActionMediaType;
import dev.orgalytics.ingest.ActionRequest;
import dev.orgalytics.stats.BadRequest;

/**
 * {@code POST /admin/realms/{realm}/org-analytics/backfill}: one page of history from Keycloak's
 * event store into analytics (see {@link EventBackfill}); the answer's {@code next} is the
 * {@code after} of the next call, until {@code done}. With a body, the events given in it instead
 * (see {@link BackfillBody}), in one call. Needs {@code manage-realm} or {@code manage-events},
 * like changing what the realm records.
 */
public class BackfillResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    BackfillResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response run(@QueryParam("from") String from, @QueryParam("after") String after, @QueryParam("max") String max,
                        InputStream body) {
        if (!auth.realm().canManageRealm() && !auth.realm().canManageEvents()) {
            return ReportResponses.error(403, "forbidden", "Backfilling needs manage-realm or manage-events");
        }
        byte[] events;
        try {
            events = body == null ? new byte[0] : body.readNBytes(BackfillBody.MAX_BYTES + 1);
        } catch (IOException e) {
            return ReportResponses.error(400, "invalid_request", "The request body could not be read");
        }
        if (events.length > 0) {
            return fromBody(events, from, after, max);
        }
        long start;
        int pageSize;
        try {
            start = start(from, after);
            pageSize = Params.max(max, EventBackfill.DEFAULT_PAGE, EventBackfill.MAX_PAGE);
        } catch (BadRequest e) {
            return ReportResponses.error(400, "invalid_request", e.getMessage());
        }
        long to = EventBackfill.until(session, realm, Instant.now());
        EventBackfill.Page page = start >= to ? new EventBackfill.Page(0, 0, 0, null)
                : EventBackfill.run(session, realm, start, to, pageSize);
        return answer(start, to, page);
    }

    /**
     * The events of the body, all or none: every one is checked before any is stored. The query's
     * paging parameters belong to the event store and are refused here rather than ignored.
     */
    private Response fromBody(byte[] bytes, String from, String after, String max) {
        // The action endpoint's rule: JSON in UTF-8, as Keycloak's events API answers.
        String mediaProblem = ActionMediaType.problem(session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE));
        if (mediaProblem != null) {
            return rejected(415, "unsupported_media_type", mediaProblem,
                    List.of(new RejectedBody.Problem(-1, "Content-Type", mediaProblem)));
        }
        for (String[] p : new String[][] {{"from", from}, {"after", after}, {"max", max}}) {
            if (p[1] != null) {
                String m = "'" + p[0] + "' pages Keycloak's event store: a backfill with events in its body takes no query parameter";
                return rejected(400, "invalid_request", m, List.of(new RejectedBody.Problem(-1, p[0], m)));
            }
        }
        Instant now = Instant.now();
        long to = EventBackfill.until(session, realm, now);
        List<Event> events;
        try {
            events = BackfillBody.parse(bytes, realm.getId(), new BackfillBody.Window(now, to, OccurredAtWindow.configuredMaxAge()),
                    id -> session.users().getUserById(realm, id) != null);
        } catch (RejectedBody e) {
            return rejected(e.status(), e.error(), e.getMessage(), e.problems());
        }
        long start = events.stream().mapToLong(Event::getTime).min().orElse(to);
        return answer(start, to, EventBackfill.store(session, realm, events));
    }

    private Response answer(long start, long to, EventBackfill.Page page) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("realm", realm.getName());
        body.put("from", Instant.ofEpochMilli(start).toString());
        body.put("to", Instant.ofEpochMilli(to).toString());
        body.put("read", page.read());
        body.put("stored", page.stored());
        body.put("alreadyStored", page.alreadyStored());
        body.put("next", page.next() == null ? null : Instant.ofEpochMilli(page.next()).toString());
        body.put("done", page.next() == null);
        if (page.stored() > 0) {
            adminEvent.clone(session).operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                    .representation(body).success();
        }
        return ReportResponses.json(body);
    }

    private static Response rejected(int status, String error, String message, List<RejectedBody.Problem> problems) {
        return ReportResponses.error(status, error, message, problems.stream().map(RejectedBody.Problem::toJson).toList());
    }

    /** Where this page starts: {@code after} (a previous answer's {@code next}), else the start of {@code from} (UTC), else the beginning. */
    private static long start(String from, String after) {
        if (after != null && !after.isBlank()) {
            if (from != null && !from.isBlank()) {
                throw new BadRequest("after", "'after' continues a backfill: give it without 'from'");
            }
            try {
                return Instant.parse(after.trim()).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new BadRequest("after", "'after' must be an instant such as 2026-11-30T08:15:00Z (a previous answer's 'next')");
            }
        }
        if (from == null || from.isBlank()) {
            return 0;
        }
        try {
            return LocalDate.parse(from.trim()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new BadRequest("from", "'from' must be a date such as 2026-01-31");
        }
    }
}
