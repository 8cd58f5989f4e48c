package dev.orgalytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * The action body's validator over generated input: every text is either refused with 400 and a
 * detail, or accepted and kept exactly; nothing in between and no other exception.
 */
class ActionRequestProperties {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<ActionRequest.Action> parse(byte[] body) throws RejectedBody {
        return ActionRequest.parse(body, NOW, Duration.ofDays(7));
    }

    private static byte[] json(Object body) throws Exception {
        return JSON.writeValueAsBytes(body);
    }

    @Provide
    Arbitrary<String> anyTexts() {
        Arbitrary<Character> risky = Arbitraries.of('\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\u009f', '\t', '\n',
                '\r', '\ud800', '\udbff', '\udc00', '\udfff', '\ufeff', '\u2028');
        Arbitrary<Character> any = Arbitraries.chars().range('\u0000', '\uffff');
        Arbitrary<Character> plain = Arbitraries.chars().range('a', 'z');
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, risky), net.jqwik.api.Tuple.of(1, any),
                        net.jqwik.api.Tuple.of(4, plain))
                .list().ofMaxSize(40).map(cs -> {
                    StringBuilder b = new StringBuilder();
                    cs.forEach(b::append);
                    return b.toString();
                });
    }

    private static boolean storable(String s, boolean freeText) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            } else if ((c < 0x20 || (c >= 0x7f && c <= 0x9f)) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                return false;
            }
        }
        return true;
    }

    /** Ids, pages and target types: no control character at all, no unpaired surrogate; else kept as sent. */
    @Property(tries = 2000)
    void identifierTextsAreRefusedOrKeptExactly(@ForAll("anyTexts") String text) throws Exception {
        Assume.that(!text.isEmpty());
        byte[] body = json(Map.of("action", "job_posted", "id", text, "page", text, "target", Map.of("type", text)));
        if (storable(text, false)) {
            ActionRequest.Action a = parse(body).get(0);
            assertEquals(text, a.id());
            assertEquals(text, a.page());
            assertEquals(text, a.targetType());
        } else {
            RejectedBody r = assertThrows(RejectedBody.class, () -> parse(body));
            assertEquals(400, r.status());
            assertEquals(3, r.problems().size(), r.problems().toString());
        }
    }

    /** A target's name and property strings are free text: tabs and line breaks pass, other controls do not. */
    @Property(tries = 2000)
    void freeTextKeepsTabsAndLineBreaksOnly(@ForAll("anyTexts") String text) throws Exception {
        byte[] body = json(Map.of("action", "job_posted", "target", Map.of("name", text), "properties", Map.of("note", text)));
        if (storable(text, true)) {
            ActionRequest.Action a = parse(body).get(0);
            assertEquals(text, a.targetName());
            assertEquals(text, JSON.readTree(a.propertiesJson()).path("note").textValue());
        } else {
            RejectedBody r = assertThrows(RejectedBody.class, () -> parse(body));
            assertEquals(List.of("target.name", "properties.note"), r.problems().stream().map(RejectedBody.Problem::field).toList());
        }
    }

    @Property
    void anythingAfterTheObjectIsRefused(@ForAll @StringLength(min = 1, max = 20) String tail) throws Exception {
        Assume.that(!tail.isBlank());
        byte[] body = ("{\"action\": \"job_posted\"}" + tail).getBytes(StandardCharsets.UTF_8);
        RejectedBody r = assertThrows(RejectedBody.class, () -> parse(body));
        assertEquals(400, r.status());
        assertFalse(r.problems().isEmpty());
    }

    @Property
    void aRepeatedKeyIsRefusedAtAnyLevel(@ForAll("repeatedKeys") String body) {
        RejectedBody r = assertThrows(RejectedBody.class, () -> parse(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, r.status());
        assertTrue(r.getMessage().contains("Duplicate field 'dup'"), r.getMessage());
    }

    /** The repeated key at the top level, in the target, in the properties or in a batch item, with any two values. */
    @Provide
    Arbitrary<String> repeatedKeys() {
        Arbitrary<String> value = Arbitraries.of("1", "\"a\"", "null", "true", "{}", "[]");
        return net.jqwik.api.Combinators.combine(Arbitraries.of(
                        "{\"action\": \"job_posted\", DUP}",
                        "{\"action\": \"job_posted\", \"target\": {DUP}}",
                        "{\"action\": \"job_posted\", \"properties\": {DUP}}",
                        "{\"actions\": [{\"action\": \"job_posted\"}, {DUP}]}"), value, value)
                .as((shape, v1, v2) -> shape.replace("DUP", "\"dup\": " + v1 + ", \"dup\": " + v2));
    }

    /** A float exponent beyond a double's range would be stored as "Infinity": refused. */
    @Property
    void overflowingExponentsAreRefused(@ForAll @IntRange(min = 309, max = 99_999_999) int exponent,
                                        @ForAll boolean negative) {
        String body = "{\"action\": \"job_posted\", \"properties\": {\"n\": " + (negative ? "-" : "") + "1e" + exponent + "}}";
        RejectedBody r = assertThrows(RejectedBody.class, () -> parse(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals("properties.n", r.problems().get(0).field());
    }

    @Property
    void finiteDoublesAndLongsAreKeptExactly(@ForAll double d, @ForAll long n) throws Exception {
        Assume.that(Double.isFinite(d));
        String body = "{\"action\": \"job_posted\", \"properties\": {\"d\": " + d + ", \"n\": " + n + "}}";
        String stored = parse(body.getBytes(StandardCharsets.UTF_8)).get(0).propertiesJson();
        assertEquals(d, JSON.readTree(stored).path("d").doubleValue());
        assertEquals(n, JSON.readTree(stored).path("n").longValue());
    }

    @Property
    void wholeNumbersBeyondALongAreRefused(@ForAll @IntRange(min = 1, max = 1000) int above, @ForAll boolean negative) {
        BigInteger big = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(above));
        String body = "{\"action\": \"job_posted\", \"properties\": {\"n\": " + (negative ? big.negate().subtract(BigInteger.ONE) : big) + "}}";
        assertThrows(RejectedBody.class, () -> parse(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** One byte that UTF-8 never uses, or a truncated sequence, anywhere in a string: refused with a detail. */
    @Property
    void invalidUtf8IsRefused(@ForAll("badBytes") byte bad, @ForAll @IntRange(max = 8) int at) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] page = "/abcdefgh".getBytes(StandardCharsets.UTF_8);
        out.write("{\"action\": \"job_posted\", \"page\": \"".getBytes(StandardCharsets.UTF_8));
        out.write(page, 0, at);
        out.write(bad);
        out.write(page, at, page.length - at);
        out.write("\"}".getBytes(StandardCharsets.UTF_8));
        RejectedBody r = assertThrows(RejectedBody.class, () -> parse(out.toByteArray()));
        assertTrue(r.problems().get(0).message().contains("UTF-8"), r.problems().toString());
    }

    @Provide
    Arbitrary<Byte> badBytes() {
        // Every non-ASCII byte followed by an ASCII one is malformed: a continuation byte alone, an
        // overlong or out-of-range lead, or a lead whose sequence is cut short.
        return Arbitraries.integers().between(0x80, 0xFF).map(Integer::byteValue);
    }
}
