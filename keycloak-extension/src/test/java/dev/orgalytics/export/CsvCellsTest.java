package dev.orgalytics.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvCellsTest {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\nx"})
    void formulaStartsAreQuoted(String hostile) {
        assertEquals("'" + hostile, CsvCells.cell(hostile));
    }

    @Test
    void plainTextAndNumbersStayAsTheyAre() {
        assertEquals("Ada Lovelace", CsvCells.cell("Ada Lovelace"));
        assertEquals("a=b", CsvCells.cell("a=b"));
        assertEquals(-5L, CsvCells.cell(-5L));
        assertEquals(3.5, CsvCells.cell(3.5));
        assertEquals(true, CsvCells.cell(true));
        assertEquals("", CsvCells.cell(null));
        assertEquals("", CsvCells.cell(""));
    }
}
