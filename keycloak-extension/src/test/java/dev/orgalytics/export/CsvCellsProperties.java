package dev.orgalytics.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The CSV cell rules over generated texts rich in separators, quotes, spaces and formula triggers. */
class CsvCellsProperties {

    private static final String TRIGGERS = "=+-@";
    private static final String BREAKS = ",;\t\r\n";

    @Provide
    Arbitrary<String> hostileTexts() {
        Arbitrary<Character> interesting = Arbitraries.of('=', '+', '-', '@', ',', ';', '\t', '\r', '\n', ' ', '"', '\'',
                '\u00a0', 'a', '1', '(', ')');
        Arbitrary<Character> any = Arbitraries.chars().range('\u0000', '\uffff');
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, interesting), net.jqwik.api.Tuple.of(1, any))
                .list().ofMaxSize(30)
                .map(chars -> {
                    StringBuilder b = new StringBuilder();
                    chars.forEach(b::append);
                    return b.toString();
                });
    }

    /** Wherever a spreadsheet might start a cell, after spaces and quotes, there is no formula trigger. */
    @Property(tries = 3000)
    void noCellAnySpreadsheetCutsStartsWithATrigger(@ForAll("hostileTexts") String text) {
        String safe = (String) CsvCells.cell(text);
        assertFalse(!safe.isEmpty() && (TRIGGERS + "\t\r\n").indexOf(safe.charAt(0)) >= 0, safe);
        int start = 0;
        for (int i = 0; i <= safe.length(); i++) {
            if (i == safe.length() || BREAKS.indexOf(safe.charAt(i)) >= 0) {
                String cell = safe.substring(start, i);
                String stripped = stripLeading(cell);
                assertFalse(!stripped.isEmpty() && TRIGGERS.indexOf(stripped.charAt(0)) >= 0,
                        () -> "cell '" + cell + "' of " + escape(safe));
                start = i + 1;
            }
        }
    }

    /** Nothing is lost or reordered: deleting some of the single quotes gives back the text. */
    @Property(tries = 3000)
    void onlySingleQuotesAreAdded(@ForAll("hostileTexts") String text) {
        String safe = (String) CsvCells.cell(text);
        int j = 0;
        for (int i = 0; i < safe.length(); i++) {
            if (j < text.length() && safe.charAt(i) == text.charAt(j)) {
                j++;
            } else {
                assertEquals('\'', safe.charAt(i), () -> escape(text) + " -> " + escape(safe));
            }
        }
        assertEquals(text.length(), j, () -> escape(text) + " -> " + escape(safe));
    }

    @Property
    void textWithoutTriggersIsUntouched(@ForAll("hostileTexts") String text) {
        String plain = text.replaceAll("[=+\\-@\t\r\n]", "x");
        assertEquals(plain, CsvCells.cell(plain));
    }

    @Property
    void numbersStayNumbers(@ForAll long n, @ForAll double d) {
        assertSame(Long.valueOf(n).getClass(), CsvCells.cell(n).getClass());
        assertEquals(n, CsvCells.cell(n));
        assertEquals(d, CsvCells.cell(d));
        assertTrue(CsvCells.cell(n) instanceof Number);
    }

    /** Spaces and double quotes a spreadsheet may skip; a single quote first makes the cell text, so it stays. */
    private static String stripLeading(String cell) {
        int k = 0;
        while (k < cell.length() && (cell.charAt(k) == '"' || Character.isWhitespace(cell.charAt(k))
                || Character.isSpaceChar(cell.charAt(k)))) {
            k++;
        }
        return cell.substring(k);
    }

    private static String escape(String s) {
        return s.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
    }
}
