package dev.orgalytics.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvCellsTest {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\nx"})
    void formulaStartsAreQuoted(String hostile) {
        assertEquals("'" + hostile, CsvCells.cell(hostile));
    }

    /** Where a spreadsheet reading with the other separator, or splitting lines, would start a cell. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`;=4+4`            | `;'=4+4`",
            "`a,=1+1`           | `a,'=1+1`",
            "`a;b;+1`           | `a;b;'+1`",
            "`x\n=1+1`          | `x\n'=1+1`",
            "`x\r\n@SUM(A1)`    | `x\r\n'@SUM(A1)`",
            "`\n=1+1`           | `'\n'=1+1`",
            "`\t=1`             | `'\t'=1`",
            "`x\t-2`            | `x\t'-2`",
            "`  =1+1`           | `  '=1+1`",
            "`\"=1+1`           | `\"'=1+1`",
            "`'=1+1`            | `''=1+1`",
            "`a; \"  =1`        | `a; \"  '=1`",
            "`\u00a0=1`         | `\u00a0'=1`",
    })
    void formulaTriggersAfterEveryCellBreakAreQuoted(String hostile, String safe) {
        assertEquals(safe, CsvCells.cell(hostile));
    }

    @Test
    void plainTextAndNumbersStayAsTheyAre() {
        assertEquals("Ada Lovelace", CsvCells.cell("Ada Lovelace"));
        assertEquals("a=b", CsvCells.cell("a=b"));
        assertEquals("@evil", CsvCells.cell("@evil").toString().substring(1));
        assertEquals("'@evil -2", CsvCells.cell("@evil -2"), "a '-' after a space inside a cell starts no cell");
        assertEquals("2026-11-22T10:15:30+01:00", CsvCells.cell("2026-11-22T10:15:30+01:00"));
        assertEquals("/Team/A; /Other", CsvCells.cell("/Team/A; /Other"));
        assertEquals("line one\r\nline two", CsvCells.cell("line one\r\nline two"));
        assertEquals(-5L, CsvCells.cell(-5L));
        assertEquals(3.5, CsvCells.cell(3.5));
        assertEquals(true, CsvCells.cell(true));
        assertEquals("", CsvCells.cell(null));
        assertEquals("", CsvCells.cell(""));
    }

    @Test
    void textIsQuotedNumbersAreNotAndTheSemicolonOptionSeparates() throws Exception {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CsvExport.format(CsvExport.Delimiter.SEMICOLON, List.of("name", "n")))) {
            csv.printRecord(CsvCells.cell("Ada"), CsvCells.cell(-5L));
            csv.printRecord(CsvCells.cell(";=4+4"), CsvCells.cell(7));
        }
        assertEquals("\"name\";\"n\"\r\n\"Ada\";-5\r\n\";'=4+4\";7\r\n", out.toString());
        List<CSVRecord> back = CSVFormat.RFC4180.builder().setDelimiter(';').get().parse(new StringReader(out.toString())).getRecords();
        assertEquals(";'=4+4", back.get(2).get(0));
    }
}
