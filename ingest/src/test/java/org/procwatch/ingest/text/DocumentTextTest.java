package org.procwatch.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        assertThat(DocumentText.of(DocumentText.Kind.PDF, TestDocuments.pdf("The council uses Dahua cameras.")))
                .contains("The council uses Dahua cameras.");
    }

    @Test
    void shouldReadAWordDocumentsParagraphs() throws IOException {
        assertThat(DocumentText.of(DocumentText.Kind.DOCX, TestDocuments.docx("We do not use Hikvision.")))
                .contains("We do not use Hikvision.");
    }

    @Test
    void shouldReadASpreadsheetARowALineWithCellsApartByTabs() throws IOException {
        byte[] xlsx = TestDocuments.xlsx(new String[] {"Make", "Count"}, new String[] {"Hikvision", "12"});

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
