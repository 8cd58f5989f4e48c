package dev.orgalytics;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The extension's one Jackson mapper (thread-safe once built, so one serves every request). It
 * reads strictly: a key repeated in one object (Jackson would keep the last silently) and anything
 * after the value (a second object would be dropped) are errors, for request bodies and stored
 * JSON alike. It writes with Jackson's defaults, null fields included.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }
}
