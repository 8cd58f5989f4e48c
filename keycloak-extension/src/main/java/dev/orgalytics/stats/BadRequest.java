package dev.orgalytics.stats;

/** A query parameter that cannot be answered; the admin resources turn it into {@code 400 {"error", "message"}}. */
public final class BadRequest extends RuntimeException {

    private final String parameter;

    public BadRequest(String parameter, String message) {
        super(message, null, false, false);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
