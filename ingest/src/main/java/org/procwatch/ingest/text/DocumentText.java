package org.procwatch.ingest.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * The text of a document an FOI answer comes in: HTML, plain text, PDF, Word (DOCX) and Excel (XLSX, XLS).
 * Tables come out a row a line with cells apart by tabs, which is how answers are read. What comes out is
 * capped; nothing in a document is followed (links, macros, external references) and no markup survives.
 */
public final class DocumentText {

    /** The most text kept of one document: an answer is a few pages, not a book. */
    public static final int MAX_CHARS = 200_000;
    /** The most pages of a PDF read. */
    static final int MAX_PDF_PAGES = 60;
    /** The most rows of a spreadsheet read, over all its sheets. */
    static final int MAX_ROWS = 5_000;

    /** The kinds of document read, told from the name's extension or the content type. */
    public enum Kind { HTML, TEXT, PDF, DOCX, SPREADSHEET }

    private DocumentText() {
    }

    /** The kind of a document, from its file name and (as a fallback) its content type; empty when not one read. */
    public static Optional<Kind> kindOf(String fileName, String contentType) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (name.endsWith(".pdf") || type.startsWith("application/pdf")) {
            return Optional.of(Kind.PDF);
        }
        if (name.endsWith(".docx") || type.contains("wordprocessingml")) {
            return Optional.of(Kind.DOCX);
        }
        if (name.endsWith(".xlsx") || name.endsWith(".xls") || type.contains("spreadsheetml") || type.contains("ms-excel")) {
            return Optional.of(Kind.SPREADSHEET);
        }
        if (name.endsWith(".html") || name.endsWith(".htm") || type.startsWith("text/html")) {
            return Optional.of(Kind.HTML);
        }
        if (name.endsWith(".txt") || name.endsWith(".csv") || type.startsWith("text/plain") || type.startsWith("text/csv")) {
            return Optional.of(Kind.TEXT);
        }
        return Optional.empty();
    }

    /**
     * The document's text.
     *
     * @throws IOException when the document cannot be read as that kind (damaged, encrypted, not what it says)
     */
    public static String of(Kind kind, byte[] document) throws IOException {
        String text = switch (kind) {
            case HTML -> html(TextDecoding.decode(document).text());
            case TEXT -> TextDecoding.decode(document).text();
            case PDF -> pdf(document);
            case DOCX -> docx(document);
            case SPREADSHEET -> spreadsheet(document);
        };
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    }

    /** The text of an HTML page or fragment: blocks a line each, table cells apart by tabs; scripts and styles dropped. */
    public static String html(String html) {
        Element body = Jsoup.parse(html).body();
        body.select("script, style, noscript, template").remove();
        StringBuilder text = new StringBuilder();
        body.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    text.append(textNode.text());
                } else if (node instanceof Element element && (element.normalName().equals("td") || element.normalName().equals("th"))) {
                    text.append('\t');
                } else if (node instanceof Element element && element.normalName().equals("br")) {
                    text.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && element.isBlock() && !element.normalName().equals("td")
                        && !element.normalName().equals("th")) {
                    // A row ends its line; a paragraph, heading or other block also ends its paragraph.
                    text.append(element.normalName().equals("tr") ? "\n" : "\n\n");
                }
            }
        });
        return text.toString();
    }

    private static String pdf(byte[] document) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(document)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setEndPage(MAX_PDF_PAGES);
            return stripper.getText(pdf);
        }
    }

    private static String docx(byte[] document) throws IOException {
        try (XWPFDocument word = new XWPFDocument(new ByteArrayInputStream(document));
             XWPFWordExtractor extractor = new XWPFWordExtractor(word)) {
            return extractor.getText();
        } catch (RuntimeException e) {
            // POI reports a damaged or foreign file with unchecked exceptions; to the caller it is one unreadable document.
            throw new IOException("not a readable DOCX document: " + e.getMessage(), e);
        }
    }

    private static String spreadsheet(byte[] document) throws IOException {
        StringBuilder text = new StringBuilder();
        DataFormatter formatter = new DataFormatter(Locale.UK);
        int rows = 0;
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(document))) {
            for (Sheet sheet : workbook) {
                for (Row row : sheet) {
                    if (++rows > MAX_ROWS) {
                        return text.toString();
                    }
                    for (Cell cell : row) {
                        text.append(cell.getColumnIndex() == row.getFirstCellNum() ? "" : "\t").append(formatter.formatCellValue(cell));
                    }
                    text.append('\n');
                }
                text.append('\n');
            }
        } catch (RuntimeException e) {
            throw new IOException("not a readable spreadsheet: " + e.getMessage(), e);
        }
        return text.toString();
    }
}
