package dev.orgalytics.exporter;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The exporter's one Jackson mapper (thread-safe, so shared), with Jackson's defaults: it reads
 * Keycloak's answers and tokens and writes the health body, none of which needs the extension's
 * strict reading of untrusted request bodies (the two modules share no code).
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
