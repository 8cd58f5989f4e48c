package dev.orgalytics.admin;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.TreeSet;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.hibernate.Session;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.orgalytics.Json;
import dev.orgalytics.export.CsvExport;
import dev.orgalytics.ingest.ActionCatalog;
import dev.orgalytics.ingest.CatalogCache;
import dev.orgalytics.setup.AdminRoles;
import dev.orgalytics.stats.ActionsReport;
import dev.orgalytics.stats.BadRequest;
import dev.orgalytics.stats.Column;
import dev.orgalytics.stats.Interval;
import dev.orgalytics.stats.Jdbc;
import dev.orgalytics.stats.LeaderboardPeriod;
import dev.orgalytics.stats.LeaderboardReport;
import dev.orgalytics.stats.LoginsReport;
import dev.orgalytics.stats.ReportRange;
import dev.orgalytics.stats.StalledReport;
import dev.orgalytics.stats.SummaryReport;
import dev.orgalytics.stats.UsageReport;
import dev.orgalytics.stats.UserFilter;
import dev.orgalytics.stats.UsersReport;
import dev.orgalytics.store.AnalyticsStore;
import dev.orgalytics.store.CatalogStore;

/**
 * {@code /admin/realms/{realm}/org-analytics}: the organization's reports. Keycloak has already
 * authenticated the admin and answered CORS when this runs; permissions come from the evaluator
 * it hands us. Every list answers JSON or, with {@code format=csv} or {@code Accept: text/csv}, a
 * streamed CSV download recorded as an admin event.
 */
public class OrgAnalyticsAdminResource {

    private static final int MAX_PAGE = 1000;
    /** Reports name people and what they did: no browser or proxy may keep a copy. */
    static final String NO_STORE = "no-store";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final Clock clock;
    private final Duration closedAfter;
    private final boolean auditReads;
    /** Set once this request's answer was recorded as an export, so a read is not recorded twice. */
    private boolean exported;

    public OrgAnalyticsAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                     AdminEventBuilder adminEvent, Clock clock, Duration closedAfter, boolean auditReads) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
        this.clock = clock;
        this.closedAfter = closedAfter;
        this.auditReads = auditReads;
    }

    /** The realm's action catalog: {@code GET} and {@code PUT}. */
    @Path("catalog")
    public CatalogResource catalog() {
        return new CatalogResource(session, realm, auth, adminEvent, auditReads);
    }

    // ------------------------------------------------------------------ reports

    @GET
    @Path("summary")
    @Produces(MediaType.APPLICATION_JSON)
    public Response summary(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                            @QueryParam("group") String group) {
        boolean people = requireTotals(group);
        return read("summary", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            UserFilter users = filter(group, null, null);
            Function<Map<String, Long>, List<String>> naming = actionNaming();
            SummaryReport.Summary s = query(db -> SummaryReport.run(db, users, range, clock.instant(), naming));
            Map<String, Object> body = header(range);
            body.putAll(RowRenderer.json(SummaryReport.COLUMNS, s, range.zone()));
            return json(body);
        });
    }

    @GET
    @Path("users")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response users(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                          @QueryParam("group") String group, @QueryParam("role") String role,
                          @QueryParam("search") String search, @QueryParam("sort") String sort,
                          @QueryParam("order") String order, @QueryParam("first") String first,
                          @QueryParam("max") String max, @QueryParam("format") String format,
                          @QueryParam("bom") String bom) {
        requireUserStats();
        return read("users", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            UserFilter users = filter(group, role, search);
            UsersReport.UserSort by = Params.enumValue("sort", sort, UsersReport.UserSort.class, UsersReport.UserSort.USERNAME,
                    "lastLoginAt|logins|actions|lastActionAt|username|email|firstName|lastName|createdAt");
            boolean desc = Params.descending(order);
            return listReport("users", "users", range, Map.of(), first, max, format, bom, UsersReport.COLUMNS,
                    (db, offset, limit, sink) -> UsersReport.list(db, users, range, by, desc, offset, limit, sink),
                    db -> UsersReport.count(db, users));
        });
    }

    @GET
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response user(@PathParam("userId") String userId, @QueryParam("from") String from,
                         @QueryParam("to") String to, @QueryParam("tz") String tz) {
        requireUserStats();
        return read("user", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            UserModel user = session.users().getUserById(realm, userId);
            if (user == null || user.getServiceAccountClientLink() != null) {
                return error(404, "not_found", "No user " + userId + " in realm " + realm.getName());
            }
            if (!auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS)) {
                // Fine-grained admin permissions may allow some users and not others.
                auth.users().requireView(user);
            }
            UserFilter one = UserFilter.realm(realm.getId()).onlyUser(userId);
            Map<String, Object> body = query(db -> {
                List<Map<String, Object>> row = new ArrayList<>();
                UsersReport.list(db, one, range, UsersReport.UserSort.USERNAME, false, 0, 1,
                        u -> row.add(RowRenderer.json(UsersReport.COLUMNS, u, range.zone())));
                Map<String, Object> b = header(range);
                b.putAll(row.get(0));
                b.put("actionsByType", UsersReport.actionsByType(db, realm.getId(), userId, range));
                List<Map<String, Object>> days = new ArrayList<>();
                for (UsersReport.Day d : UsersReport.days(db, realm.getId(), userId, range)) {
                    days.add(RowRenderer.json(UsersReport.DAY_COLUMNS, d, range.zone()));
                }
                b.put("daily", days);
                return b;
            });
            return json(body);
        });
    }

    @GET
    @Path("usage")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response usage(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                          @QueryParam("group") String group, @QueryParam("interval") String interval,
                          @QueryParam("format") String format, @QueryParam("bom") String bom) {
        boolean people = requireTotals(group);
        return read("usage", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            Interval every = Interval.parse(interval);
            List<UsageReport.Bucket> buckets = query(db -> UsageReport.run(db, filter(group, null, null), range, every,
                    clock.instant(), closedAfter));
            ZoneId zone = range.zone();
            if (csv(format)) {
                // Catalogued names first, at most the cap of columns; the rest summed in "otherActions".
                Map<String, Long> totals = UsageReport.actionTotals(buckets);
                List<String> names = actionNaming().apply(totals);
                List<Column<UsageReport.Bucket>> columns = UsageReport.csvColumns(names, !names.containsAll(totals.keySet()));
                return export("usage", range, Boolean.parseBoolean(bom), RowRenderer.csvHeader(columns), printer -> {
                    for (UsageReport.Bucket b : buckets) {
                        printer.row(RowRenderer.csvCells(columns, b, zone));
                    }
                });
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (UsageReport.Bucket b : buckets) {
                out.add(RowRenderer.json(UsageReport.COLUMNS, b, zone));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("interval", every.name().toLowerCase(Locale.ROOT));
            body.putAll(header(range));
            body.put("buckets", out);
            return json(body);
        });
    }

    @GET
    @Path("leaderboard")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response leaderboard(@QueryParam("period") String period, @QueryParam("metric") String metric,
                                @QueryParam("limit") String limit, @QueryParam("group") String group,
                                @QueryParam("from") String from, @QueryParam("to") String to,
                                @QueryParam("tz") String tz, @QueryParam("format") String format,
                                @QueryParam("bom") String bom) {
        boolean people = requireTotals(group);
        return read("leaderboard", () -> {
            LeaderboardPeriod p = LeaderboardPeriod.parse(period);
            ReportRange range = p.range(from, to, tz, clock);
            String by = Params.metric(metric);
            int top = Params.max(limit, 10, 100, "limit");
            List<LeaderboardReport.Entry> entries = query(db -> LeaderboardReport.run(db, filter(group, null, null), range.start(),
                    range.end(), by, top));
            // The totals role sees rank, username and score: no id, name or email to join with other data.
            List<Column<LeaderboardReport.Entry>> columns = people ? LeaderboardReport.COLUMNS : LeaderboardReport.TOTALS_ONLY_COLUMNS;
            if (csv(format)) {
                return export("leaderboard", range, Boolean.parseBoolean(bom), RowRenderer.csvHeader(columns), printer -> {
                    for (LeaderboardReport.Entry e : entries) {
                        printer.row(RowRenderer.csvCells(columns, e, range.zone()));
                    }
                });
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (LeaderboardReport.Entry e : entries) {
                out.add(RowRenderer.json(columns, e, range.zone()));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("period", p.label());
            body.put("metric", by);
            body.putAll(header(range));
            body.put("entries", out);
            return json(body);
        });
    }

    @GET
    @Path("actions")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response actions(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                            @QueryParam("group") String group, @QueryParam("user") String user,
                            @QueryParam("client") String client, @QueryParam("action") String action,
                            @QueryParam("targetType") String targetType, @QueryParam("targetId") String targetId,
                            @QueryParam("first") String first, @QueryParam("max") String max,
                            @QueryParam("format") String format, @QueryParam("bom") String bom) {
        requireEventLogs();
        return read("actions", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            UserFilter users = filter(group, null, null);
            ActionsReport.Filter f = new ActionsReport.Filter(userId(user), blankToNull(client),
                    blankToNull(action), blankToNull(targetType), blankToNull(targetId));
            return listReport("actions", "actions", range, Map.of(), first, max, format, bom, ActionsReport.COLUMNS,
                    (db, offset, limit, sink) -> ActionsReport.list(db, users, range, f, offset, limit, sink),
                    db -> ActionsReport.count(db, users, range, f));
        });
    }

    @GET
    @Path("logins")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response logins(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                           @QueryParam("group") String group, @QueryParam("user") String user,
                           @QueryParam("client") String client, @QueryParam("outcome") String outcome,
                           @QueryParam("first") String first, @QueryParam("max") String max,
                           @QueryParam("format") String format, @QueryParam("bom") String bom) {
        requireEventLogs();
        return read("logins", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            UserFilter users = filter(group, null, null);
            LoginsReport.Filter f = new LoginsReport.Filter(userId(user), blankToNull(client), Params.outcome(outcome));
            return listReport("logins", "logins", range, Map.of(), first, max, format, bom, LoginsReport.COLUMNS,
                    (db, offset, limit, sink) -> LoginsReport.list(db, users, range, f, offset, limit, sink),
                    db -> LoginsReport.count(db, users, range, f));
        });
    }

    @GET
    @Path("insights/stalled")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response stalled(@QueryParam("did") String did, @QueryParam("without") String without,
                            @QueryParam("min") String min, @QueryParam("from") String from,
                            @QueryParam("to") String to, @QueryParam("tz") String tz,
                            @QueryParam("group") String group, @QueryParam("first") String first,
                            @QueryParam("max") String max, @QueryParam("format") String format,
                            @QueryParam("bom") String bom) {
        requireUserStats();
        return read("stalled", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            String didAction = Params.actionName("did", did);
            String withoutAction = Params.actionName("without", without);
            long atLeast = Params.max(min, 1, Integer.MAX_VALUE, "min");
            UserFilter users = filter(group, null, null);
            Map<String, Object> question = new LinkedHashMap<>();
            question.put("did", didAction);
            question.put("without", withoutAction);
            question.put("min", atLeast);
            return listReport("stalled", "users", range, question, first, max, format, bom, StalledReport.COLUMNS,
                    (db, offset, limit, sink) -> StalledReport.list(db, users, range, didAction, withoutAction, atLeast, offset,
                            limit, sink),
                    null);
        });
    }

    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openApi() {
        if (!auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS, AdminRoles.VIEW_ORG_ANALYTICS_TOTALS)) {
            auth.requireAnyAdminRole();
        }
        return Response.ok(getClass().getResourceAsStream("/META-INF/org-analytics/openapi.json"), MediaType.APPLICATION_JSON)
                .header("Cache-Control", NO_STORE).build();
    }

    // ------------------------------------------------------------------ plumbing

    /** User-level statistics: the dedicated role, or view-users. */
    private void requireUserStats() {
        if (!auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS)) {
            auth.users().requireView();
        }
    }

    /**
     * Realm totals (summary, usage, leaderboard): whatever reads user statistics, or the totals role.
     * Returns whether the caller may also see people (ids, names, emails); the totals role alone may
     * not filter by group either, since a group's totals tell who is in it.
     */
    private boolean requireTotals(String group) {
        if (auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS) || auth.users().canView()) {
            return true;
        }
        if (!auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS_TOTALS)) {
            auth.users().requireView();
            return true;
        }
        if (group != null && !group.isBlank()) {
            throw new WebApplicationException(error(403, "forbidden", "The group filter needs view-org-analytics or "
                    + "view-users; " + AdminRoles.VIEW_ORG_ANALYTICS_TOTALS + " reads the whole realm's totals only"));
        }
        return false;
    }

    /**
     * How a report lists action names, given its counts per name: the catalogued ones first, never
     * more than the catalog's cap. The catalog is read here, before the report's query, so the
     * naming runs on the counts alone (inside the query's use of the connection, it reads nothing).
     */
    private Function<Map<String, Long>, List<String>> actionNaming() {
        CatalogStore.Saved saved = AnalyticsStore.catalog(session, store -> store.load(realm.getId()));
        List<String> catalogued = saved == null ? List.of() : saved.entries().stream().map(CatalogStore.Entry::name).toList();
        int cap = CatalogCache.maxNames();
        return counts -> ActionCatalog.displayOrder(catalogued, counts, cap);
    }

    /** Action and login logs: the dedicated role, or view-events. */
    private void requireEventLogs() {
        if (!auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS)) {
            auth.realm().requireViewEvents();
        }
    }

    private UserFilter filter(String group, String role, String search) {
        Set<String> groupIds = null;
        if (group != null && !group.isBlank()) {
            GroupModel g = session.groups().getGroupById(realm, group);
            if (g == null && group.startsWith("/")) {
                g = KeycloakModelUtils.findGroupByPath(session, realm, group);
            }
            if (g == null) {
                throw new BadRequest("group", "No group '" + group + "' in realm " + realm.getName() + " (give an id or a path such as /Sales/EMEA)");
            }
            groupIds = new HashSet<>();
            collect(g, groupIds);
        }
        String roleId = null;
        if (role != null && !role.isBlank()) {
            RoleModel r = realm.getRole(role);
            if (r == null) {
                throw new BadRequest("role", "No realm role '" + role + "' in realm " + realm.getName());
            }
            roleId = r.getId();
        }
        return new UserFilter(realm.getId(), groupIds, roleId, search, null);
    }

    private static void collect(GroupModel group, Set<String> ids) {
        if (ids.add(group.getId())) {
            group.getSubGroupsStream().forEach(sub -> collect(sub, ids));
        }
    }

    /** {@code user} filter: an id or a username of this realm. */
    private String userId(String user) {
        if (user == null || user.isBlank()) {
            return null;
        }
        UserModel u = session.users().getUserById(realm, user);
        if (u == null) {
            u = session.users().getUserByUsername(realm, user);
        }
        if (u == null) {
            throw new BadRequest("user", "No user '" + user + "' in realm " + realm.getName());
        }
        return u.getId();
    }

    private boolean csv(String format) {
        if (format != null && !format.isBlank()) {
            if (format.equalsIgnoreCase("csv")) return true;
            if (format.equalsIgnoreCase("json")) return false;
            throw new BadRequest("format", "'format' must be json or csv");
        }
        HttpHeaders headers = session.getContext().getRequestHeaders();
        return headers != null && headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.getType().equals("text") && m.getSubtype().equals("csv"));
    }

    private Response export(String report, ReportRange range, boolean bom, List<String> header, CsvExport.Body body) {
        CsvExport.Delimiter delimiter = Params.delimiter(session.getContext().getUri().getQueryParameters().getFirst("delimiter"));
        exported = true;
        adminEvent.clone(session).operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .representation(Map.of("export", report, "from", range.fromDate().toString(), "to", range.toDate().toString()))
                .success();
        return CsvExport.response(CsvExport.fileName(realm.getName(), report, range.label()), bom, delimiter, header, body);
    }

    /** Lists one page of a report's rows, or streams all of them. */
    @FunctionalInterface
    private interface Lister<T> {
        void list(Jdbc db, int first, Integer max, Jdbc.RowSink<T> sink) throws Exception;
    }

    @FunctionalInterface
    private interface Counter {
        long count(Jdbc db) throws Exception;
    }

    /**
     * A list report: a JSON page {@code {..., total, first, max, <listKey>: [...]}} or, for CSV, every
     * matching row streamed with {@code max} ignored. {@code counter} null leaves {@code total} out.
     */
    private <T> Response listReport(String report, String listKey, ReportRange range, Map<String, Object> question,
                                    String first, String max, String format, String bom, List<Column<T>> columns,
                                    Lister<T> lister, Counter counter) throws SQLException {
        int offset = Params.first(first);
        int limit = Params.max(max, 100, MAX_PAGE);
        if (csv(format)) {
            return export(report, range, Boolean.parseBoolean(bom), RowRenderer.csvHeader(columns), printer -> withQueries(db -> {
                lister.list(db, 0, null, row -> printer.row(RowRenderer.csvCells(columns, row, range.zone())));
                return null;
            }));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Long total = query(db -> {
            lister.list(db, offset, limit, row -> rows.add(RowRenderer.json(columns, row, range.zone())));
            return counter == null ? null : counter.count(db);
        });
        Map<String, Object> body = new LinkedHashMap<>(question);
        body.putAll(header(range));
        if (total != null) {
            body.put("total", total);
        }
        body.put("first", offset);
        body.put("max", limit);
        body.put(listKey, rows);
        return json(body);
    }

    private Map<String, Object> header(ReportRange range) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("realm", realm.getName());
        m.put("from", range.fromDate().toString());
        m.put("to", range.toDate().toString());
        m.put("tz", range.zone().getId());
        return m;
    }

    // ------------------------------------------------------------------ query execution

    @FunctionalInterface
    private interface QueryWork<T> {
        T run(Jdbc db) throws Exception;
    }

    @FunctionalInterface
    private interface Answer {
        Response get() throws Exception;
    }

    private <T> T query(QueryWork<T> work) throws SQLException {
        return withQueries(work);
    }

    /** Runs {@code work} on the request transaction's JDBC connection (still open while a CSV streams). */
    private <T> T withQueries(QueryWork<T> work) throws SQLException {
        EntityManager em = AnalyticsStore.entityManager(session);
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try {
                return work.run(new Jdbc(connection));
            } catch (SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new SQLException(e);
            }
        });
    }

    /** Answers a report; with the {@code audit-reads} option a successful read is also an admin event. */
    private Response read(String report, Answer answer) {
        Response r = answer(answer);
        if (auditReads && !exported && r.getStatus() == 200) {
            adminEvent.clone(session).operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                    .representation(Map.of("read", report)).success();
        }
        return r;
    }

    private Response answer(Answer answer) {
        try {
            Params.requirePrintable(session.getContext().getUri().getQueryParameters());
            Params.requirePrintable(session.getContext().getUri().getPathParameters());
            return answer.get();
        } catch (BadRequest e) {
            return error(400, "invalid_request", e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serialised here, not by Keycloak's provider, which drops null fields: every documented key is always present. */
    private static Response json(Object body) {
        try {
            return Response.ok(Json.MAPPER.writeValueAsString(body), MediaType.APPLICATION_JSON).header("Cache-Control", NO_STORE).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response error(int status, String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).header("Cache-Control", NO_STORE).build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
