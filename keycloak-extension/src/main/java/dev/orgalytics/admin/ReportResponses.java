package dev.orgalytics.admin;

import java.io.IOException;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.hibernate.Session;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.orgalytics.Json;
import dev.orgalytics.export.CsvExport;
import dev.orgalytics.stats.BadRequest;
import dev.orgalytics.stats.Column;
import dev.orgalytics.stats.Jdbc;
import dev.orgalytics.stats.ReportRange;
import dev.orgalytics.stats.UsersReport;
import dev.orgalytics.store.AnalyticsStore;

/**
 * How one request's report is answered: the JDBC connection lent to the report, JSON bodies (every
 * key present, null included), CSV downloads recorded as admin events, {@code 400} for a bad
 * parameter and the optional audit of reads. Every answer says {@code Cache-Control: no-store}.
 */
final class ReportResponses {

    /** Reports name people and what they did: no browser or proxy may keep a copy. */
    static final String NO_STORE = "no-store";
    private static final int MAX_PAGE = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminEventBuilder adminEvent;
    private final boolean auditReads;
    /** Set once this request's answer was recorded as an export, so a read is not recorded twice. */
    private boolean exported;

    ReportResponses(KeycloakSession session, RealmModel realm, AdminEventBuilder adminEvent, boolean auditReads) {
        this.session = session;
        this.realm = realm;
        this.adminEvent = adminEvent;
        this.auditReads = auditReads;
    }

    /** A report's answer, worked out by {@code answer}, which may throw {@link BadRequest}. */
    @FunctionalInterface
    interface Answer {
        Response get() throws Exception;
    }

    /** Work on the report's JDBC connection. */
    @FunctionalInterface
    interface QueryWork<T> {
        T run(Jdbc db) throws Exception;
    }

    /** Lists one page of a report's rows, or streams all of them ({@code max} null). */
    @FunctionalInterface
    interface Lister<T> {
        void list(Jdbc db, int first, Integer max, Jdbc.RowSink<T> sink) throws Exception;
    }

    @FunctionalInterface
    interface Counter {
        long count(Jdbc db) throws Exception;
    }

    /**
     * Answers a report: parameters with control characters and {@link BadRequest}s become 400s;
     * with the {@code audit-reads} option a successful read is also an admin event.
     */
    Response read(String report, Answer answer) {
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

    /** Runs {@code work} on the request transaction's JDBC connection (still open while a CSV streams). */
    <T> T query(QueryWork<T> work) throws SQLException {
        EntityManager em = AnalyticsStore.entityManager(session);
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try {
                Jdbc db = new Jdbc(connection);
                db.tuneForReports();
                return work.run(db);
            } catch (SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new SQLException(e);
            }
        });
    }

    /** The columns of {@code all} that the request's {@code columns} parameter asks for (all when absent). */
    <T> List<Column<T>> columns(List<Column<T>> all) {
        return Params.columns(session.getContext().getUri().getQueryParameters().getFirst("columns"), all);
    }

    /** Whether to answer CSV: {@code format=csv}, or no {@code format} and {@code Accept: text/csv}. */
    boolean csv(String format) {
        if (format != null && !format.isBlank()) {
            if (format.equalsIgnoreCase("csv")) return true;
            if (format.equalsIgnoreCase("json")) return false;
            throw new BadRequest("format", "'format' must be json or csv");
        }
        HttpHeaders headers = session.getContext().getRequestHeaders();
        return headers != null && headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.getType().equals("text") && m.getSubtype().equals("csv"));
    }

    /**
     * A list report: a JSON page {@code {<question>, realm, from, to, tz, total, first, max, <listKey>: [...]}}
     * or, for CSV, every matching row streamed with {@code max} ignored. {@code counter} null leaves
     * {@code total} out.
     */
    <T> Response list(String report, String listKey, ReportRange range, Map<String, Object> question, String first,
                      String max, String format, String bom, List<Column<T>> columns, Lister<T> lister,
                      Counter counter) throws SQLException {
        int offset = Params.first(first);
        int limit = Params.max(max, 100, MAX_PAGE);
        ZoneId zone = range.zone();
        if (csv(format)) {
            return export(report, range, bom, RowRenderer.csvHeader(columns), printer -> query(db -> {
                lister.list(db, 0, null, row -> printer.row(RowRenderer.csvCells(columns, row, zone)));
                return null;
            }));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Long total = query(db -> {
            lister.list(db, offset, limit, row -> rows.add(RowRenderer.json(columns, row, zone)));
            return counter == null ? null : counter.count(db);
        });
        Map<String, Object> body = body(question, range);
        if (total != null) {
            body.put("total", total);
        }
        body.put("first", offset);
        body.put("max", limit);
        body.put(listKey, rows);
        return json(body);
    }

    /** A report answered whole: {@code {<question>, realm, from, to, tz, <listKey>: [...]}}. */
    <T> Response rows(Map<String, Object> question, ReportRange range, String listKey, List<Column<T>> columns, List<T> rows) {
        Map<String, Object> body = body(question, range);
        body.put(listKey, RowRenderer.jsonRows(columns, rows, range.zone()));
        return json(body);
    }

    /** The CSV download of rows already read. */
    <T> Response export(String report, ReportRange range, String bom, List<Column<T>> columns, List<T> rows) {
        return export(report, range, bom, RowRenderer.csvHeader(columns), printer -> {
            for (T row : rows) {
                printer.row(RowRenderer.csvCells(columns, row, range.zone()));
            }
        });
    }

    private Response export(String report, ReportRange range, String bom, List<String> header, CsvExport.Body body) {
        CsvExport.Delimiter delimiter = Params.delimiter(session.getContext().getUri().getQueryParameters().getFirst("delimiter"));
        exported = true;
        adminEvent.clone(session).operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .representation(Map.of("export", report, "from", range.fromDate().toString(), "to", range.toDate().toString()))
                .success();
        return CsvExport.response(CsvExport.fileName(realm.getName(), report, range.label()), Boolean.parseBoolean(bom),
                delimiter, header, body);
    }

    /** The question (what the report was asked, if anything), then the range as it was understood. */
    Map<String, Object> body(Map<String, Object> question, ReportRange range) {
        Map<String, Object> m = new LinkedHashMap<>(question);
        m.put("realm", realm.getName());
        m.put("from", range.fromDate().toString());
        m.put("to", range.toDate().toString());
        m.put("tz", range.zone().getId());
        return m;
    }

    /** A one-thing report (a user, an organization): its row, then {@code actionsByType} and every day of the range. */
    <T> Response detail(ReportRange range, List<Column<T>> columns, T row, Map<String, Long> actionsByType,
                        List<UsersReport.Day> daily) {
        Map<String, Object> body = body(Map.of(), range);
        body.putAll(RowRenderer.json(columns, row, range.zone()));
        body.put("actionsByType", actionsByType);
        body.put("daily", RowRenderer.jsonRows(UsersReport.DAY_COLUMNS, daily, range.zone()));
        return json(body);
    }

    /** Serialised here, not by Keycloak's provider, which drops null fields: every documented key is always present. */
    static Response json(Object body) {
        try {
            return Response.ok(Json.MAPPER.writeValueAsString(body), MediaType.APPLICATION_JSON).header("Cache-Control", NO_STORE).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Response error(int status, String error, String message) {
        return error(status, error, message, null);
    }

    /** An error with per-field {@code details} (index, field, message), when there are some. */
    static Response error(int status, String error, String message, List<Map<String, Object>> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        if (details != null) {
            body.put("details", details);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).header("Cache-Control", NO_STORE).build();
    }
}
