package dev.orgalytics.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.orgalytics.Json;

/**
 * Reads exactly one JSON value from a request body, refusing what a lenient parser lets through:
 * bytes that are not UTF-8 (Jackson would otherwise guess UTF-16 or UTF-32 from zero bytes), a
 * key repeated in one object (Jackson keeps the last one silently), and anything after the value
 * (a second object used to be dropped without a word). A leading UTF-8 byte order mark is ignored,
 * as RFC 8259 allows. Used by the action endpoint and by the backfill's event bodies.
 */
public final class StrictJson {

    /**
     * The shared mapper, minus its own check for content after the value: this class makes that
     * check itself, to tell the caller where the extra content starts.
     */
    private static final ObjectReader JSON = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Why a body is not one strict JSON value; the message names the position when known. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private StrictJson() {
    }

    public static JsonNode read(byte[] body) throws Invalid {
        String text = utf8(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new Invalid("is empty: expected a JSON object");
            }
            JsonNode root = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                throw new Invalid("has more content after the JSON value, " + at(parser.currentTokenLocation())
                        + ": send exactly one JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new Invalid("is not valid JSON: " + e.getOriginalMessage() + ", " + at(e.getLocation()));
        } catch (IOException e) {
            throw new Invalid("could not be read as JSON");
        }
    }

    /** Decodes strictly: a malformed or truncated sequence is an error, never a replacement character. */
    private static String utf8(byte[] body) throws Invalid {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            throw new Invalid("is not valid UTF-8 (at byte " + in.position() + ")");
        }
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "at an unknown position";
        }
        return "at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
