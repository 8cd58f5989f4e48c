package dev.orgalytics.ingest;

/**
 * Which characters a stored text may hold. Every database must store what validation accepts:
 * PostgreSQL refuses NUL in text, and a lone UTF-16 surrogate (legal as a JSON escape) has no UTF-8
 * form, so the drivers either fail or store a replacement character. Control characters are refused
 * too: in ids, pages and types they are never meant, and they break logs and CSV.
 *
 * <p>Free text (a target's name, a property's string value) is what people type, so it may hold
 * tab, line feed and carriage return; nothing else below U+0020, and none of DEL and the C1
 * controls U+0080 to U+009F.
 */
final class TextRules {

    private TextRules() {
    }

    /** Why {@code value} may not be stored, or null when it may. */
    static String problem(String value, boolean freeText) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return "must be valid Unicode: an unpaired surrogate " + hex(c) + " at character " + i;
            }
            if (isControl(c) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                return (c == 0 ? "must not contain NUL" : "must not contain the control character " + hex(c))
                        + " (at character " + i + ")" + (freeText ? "; free text may hold tabs and line breaks" : "");
            }
        }
        return null;
    }

    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    private static String hex(char c) {
        return String.format("U+%04X", (int) c);
    }
}
