package org.procwatch.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;

class DocumentTextTest {

    @Test
    void shouldTellTheKindFromTheNameOrTheType() {
        assertThat(DocumentText.kindOf("Response.PDF", null)).contains(DocumentText.Kind.PDF);
        assertThat(DocumentText.kindOf("a.docx", null)).contains(DocumentText.Kind.DOCX);
        assertThat(DocumentText.kindOf("a.xls", null)).contains(DocumentText.Kind.SPREADSHEET);
        assertThat(DocumentText.kindOf("letter", "text/html; charset=utf-8")).contains(DocumentText.Kind.HTML);
        assertThat(DocumentText.kindOf("a.csv", null)).contains(DocumentText.Kind.TEXT);
        assertThat(DocumentText.kindOf("photo.jpg", "image/jpeg")).isEmpty();
        assertThat(DocumentText.kindOf("a.doc", "application/msword")).isEmpty();
    }

    @Test
    void shouldReadAPdfsText() throws IOException {
        byte[] pdf;
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(50, 700);
                content.showText("The council uses Dahua cameras.");
                content.endText();
            }
            document.save(out);
            pdf = out.toByteArray();
        }

        assertThat(DocumentText.of(DocumentText.Kind.PDF, pdf)).contains("The council uses Dahua cameras.");
    }

    @Test
    void shouldReadAWordDocumentsParagraphs() throws IOException {
        byte[] docx;
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.createParagraph().createRun().setText("We do not use Hikvision.");
            document.write(out);
            docx = out.toByteArray();
        }

        assertThat(DocumentText.of(DocumentText.Kind.DOCX, docx)).contains("We do not use Hikvision.");
    }

    @Test
    void shouldReadASpreadsheetARowALineWithCellsApartByTabs() throws IOException {
        byte[] xlsx;
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = workbook.createSheet();
            var header = sheet.createRow(0);
            header.createCell(0).setCellValue("Make");
            header.createCell(1).setCellValue("Count");
            var row = sheet.createRow(1);
            row.createCell(0).setCellValue("Hikvision");
            row.createCell(1).setCellValue(12);
            workbook.write(out);
            xlsx = out.toByteArray();
        }

        assertThat(DocumentText.of(DocumentText.Kind.SPREADSHEET, xlsx)).contains("Make\tCount\nHikvision\t12\n");
    }

    @Test
    void shouldReadHtmlAsTextWithoutScriptsOrMarkup() throws IOException {
        String html = "<p>We use <b>Axis</b>.</p><script>var x = 'Hikvision';</script><table><tr><td>Dahua</td><td>0</td></tr></table>";

        String text = DocumentText.of(DocumentText.Kind.HTML, html.getBytes(StandardCharsets.UTF_8));

        assertThat(text).contains("We use Axis.", "Dahua\t0").doesNotContain("Hikvision", "<");
    }

    @Test
    void shouldReportADocumentThatIsNotWhatItsNameSays() {
        byte[] notAPdf = "just text".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> DocumentText.of(DocumentText.Kind.PDF, notAPdf)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> DocumentText.of(DocumentText.Kind.DOCX, notAPdf)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> DocumentText.of(DocumentText.Kind.SPREADSHEET, notAPdf)).isInstanceOf(IOException.class);
    }
}
