package dev.orgalytics.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request body refused whole: 400 for what it says, 413 for its size. The action endpoint and the
 * backfill both answer it as {@code {"error", "message", "details": [problems]}}, so a client reads
 * one shape of refusal from either.
 */
public final class RejectedBody extends Exception {

    /** Why one field of one item is invalid; {@code index} is -1 for the request as a whole. */
    public record Problem(int index, String field, String message) {
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("index", index);
            json.put("field", field);
            json.put("message", message);
            return json;
        }
    }

    private final int status;
    private final List<Problem> problems;

    public RejectedBody(int status, String message, List<Problem> problems) {
        super(message, null, false, false);
        if (status != 400 && status != 413) {
            throw new IllegalArgumentException("a refused body is answered 400 or 413, not " + status);
        }
        this.status = status;
        this.problems = problems;
    }

    public int status() {
        return status;
    }

    /** The answer's {@code error} code. */
    public String error() {
        return status == 413 ? "request_too_large" : "invalid_request";
    }

    public List<Problem> problems() {
        return problems;
    }
}
