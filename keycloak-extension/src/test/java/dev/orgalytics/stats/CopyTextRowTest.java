package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** PostgreSQL's COPY text format read back: the lines below are as PostgreSQL 15 writes them. */
class CopyTextRowTest {

    private static CopyTextRow row(String line) {
        return new CopyTextRow().reset(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fieldsBetweenTabsNullAsBackslashN() throws Exception {
        CopyTextRow r = row("u-1\talice\t\\N\t\t42\tt\tf\n");
        assertEquals(7, r.size());
        assertEquals("u-1", r.text(1));
        assertEquals("alice", r.text(2));
        assertNull(r.text(3));
        assertEquals("", r.text(4), "an empty text is not NULL");
        assertEquals(42L, r.number(5));
        assertNull(r.number(3));
        assertEquals(0, r.count(3));
        assertTrue(r.flag(6));
        assertFalse(r.flag(7));
    }

    @Test
    void escapedCharactersComeBack() {
        CopyTextRow r = row("tab\\there\tline\\nbreak\\r\tback\\\\slash\t\\\\N\tv\\vb\\bf\\f\ta\\\\tb\n");
        assertEquals("tab\there", r.text(1));
        assertEquals("line\nbreak\r", r.text(2));
        assertEquals("back\\slash", r.text(3));
        assertEquals("\\N", r.text(4), "a text that reads \\N is not NULL");
        assertEquals("v\u000Bb\bf\f", r.text(5));
        assertEquals("a\\tb", r.text(6));
    }

    @Test
    void textIsUtf8AndALineWithoutNewlineReadsTheSame() {
        CopyTextRow r = row("é ü 日本 🎉\tx\\t日");
        assertEquals("é ü 日本 🎉", r.text(1));
        assertEquals("x\t日", r.text(2));
    }

    @Test
    void oneInstanceServesManyLinesOfAnyWidth() {
        CopyTextRow r = new CopyTextRow();
        StringBuilder wide = new StringBuilder("0");
        for (int i = 1; i < 40; i++) {
            wide.append('\t').append(i);
        }
        r.reset((wide + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(40, r.size());
        assertEquals(39L, r.number(40));
        r.reset("a\tb\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, r.size());
        assertEquals("b", r.text(2));
        assertThrows(IndexOutOfBoundsException.class, () -> r.text(3));
        r.reset("\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.size());
        assertEquals("", r.text(1));
    }
}
