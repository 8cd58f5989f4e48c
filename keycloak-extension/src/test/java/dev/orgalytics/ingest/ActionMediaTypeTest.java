package dev.orgalytics.ingest;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActionMediaTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "Application/JSON", "application/json; charset=utf-8", "application/json;charset=\"UTF-8\"",
            "application/json; charset=utf8", "application/json ; foo=bar"})
    void jsonInUtf8IsAccepted(String header) {
        assertNull(ActionMediaType.problem(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "text/plain", "application/x-www-form-urlencoded", "application/jsonx", "text/json",
            "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/json; charset=",
            "multipart/form-data; boundary=x", "application/json\u0000"})
    void anythingElseIsRefused(String header) {
        assertNotNull(ActionMediaType.problem(header));
    }

    @org.junit.jupiter.api.Test
    void aMissingHeaderIsRefused() {
        assertNotNull(ActionMediaType.problem(null));
    }
}
