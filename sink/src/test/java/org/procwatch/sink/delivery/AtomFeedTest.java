package org.procwatch.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The feed is Atom as RFC 4287 requires it: namespaced, with id, title and updated on the feed and on every entry. */
class AtomFeedTest {

    private static final String ATOM = "http://www.w3.org/2005/Atom";

    @Test
    void shouldWriteAValidAtomFeedWithAnEntryPerAlert() throws Exception {
        JsonNode alert = new ObjectMapper().readTree("""
                {"alertId": "pw-1", "ocid": "ocds-b5fd17-1", "buyer": "Riverside Academy & Sixth Form <East>", "bodyType": "secondary_school",
                 "supplier": "Hikvision UK Ltd", "listedEntity": "Hangzhou Hikvision Digital Technology Co., Ltd.", "relation": "subsidiary",
                 "score": 1.0, "value": 12400.0, "currency": "GBP", "sourceUrl": "https://example.org/notice/1",
                 "evidence": [{"explanation": "name Hikvision UK Ltd is Hikvision UK Limited"}],
                 "createdAt": "2026-01-05T09:00:00Z", "updatedAt": "2026-01-06T09:00:00Z"}""");

        Document feed = parse(AtomFeed.render(List.of(alert), "http://127.0.0.1:8080/api/alerts.atom?entity=hikvision",
                Instant.parse("2026-02-01T00:00:00Z")));

        Element root = feed.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(ATOM);
        assertThat(root.getLocalName()).isEqualTo("feed");
        assertThat(child(root, "id")).isNotBlank();
        assertThat(child(root, "title")).isNotBlank();
        assertThat(Instant.parse(child(root, "updated"))).isEqualTo(Instant.parse("2026-01-06T09:00:00Z"));
        assertThat(root.getElementsByTagNameNS(ATOM, "author").getLength()).isEqualTo(1);
        NodeList entries = root.getElementsByTagNameNS(ATOM, "entry");
        assertThat(entries.getLength()).isEqualTo(1);
        Element entry = (Element) entries.item(0);
        assertThat(child(entry, "id")).isEqualTo("urn:procwatch:alert:pw-1");
        assertThat(child(entry, "title")).as("escaped, and read back as written")
                .isEqualTo("Riverside Academy & Sixth Form <East> — Hangzhou Hikvision Digital Technology Co., Ltd. (subsidiary)");
        assertThat(Instant.parse(child(entry, "updated"))).isEqualTo(Instant.parse("2026-01-06T09:00:00Z"));
        assertThat(child(entry, "summary")).contains("Hikvision UK Ltd").contains("12400.0 GBP").contains("is Hikvision UK Limited");
        assertThat(((Element) entry.getElementsByTagNameNS(ATOM, "link").item(0)).getAttribute("href"))
                .isEqualTo("https://example.org/notice/1");
    }

    @Test
    void shouldShowARetractedAlertAsAnUpdatedEntryThatSaysWhy() throws Exception {
        JsonNode active = new ObjectMapper().readTree("""
                {"alertId": "pw-1", "ocid": "ocds-b5fd17-1", "buyer": "Riverside Academy", "listedEntity": "Dahua", "relation": "distributor",
                 "evidence": [], "createdAt": "2026-01-07T09:00:00Z", "updatedAt": "2026-01-07T09:00:00Z", "status": "active"}""");
        JsonNode retracted = new ObjectMapper().readTree("""
                {"alertId": "pw-2", "ocid": "ocds-b5fd17-2", "buyer": "Northshire Police", "listedEntity": "Dahua", "relation": "distributor",
                 "evidence": [], "createdAt": "2026-01-05T09:00:00Z", "updatedAt": "2026-01-09T09:00:00Z", "status": "retracted",
                 "retractedAt": "2026-01-09T09:00:00Z", "retractReason": "delisted"}""");

        Element root = parse(AtomFeed.render(List.of(active, retracted), "http://x/api/alerts.atom", Instant.parse("2026-02-01T00:00:00Z")))
                .getDocumentElement();

        assertThat(Instant.parse(child(root, "updated"))).as("the feed's newest change, the retraction").isEqualTo(Instant.parse("2026-01-09T09:00:00Z"));
        Element entry = (Element) root.getElementsByTagNameNS(ATOM, "entry").item(1);
        assertThat(child(entry, "id")).as("the same entry, updated").isEqualTo("urn:procwatch:alert:pw-2");
        assertThat(child(entry, "title")).startsWith("Retracted: Northshire Police");
        assertThat(Instant.parse(child(entry, "updated"))).isEqualTo(Instant.parse("2026-01-09T09:00:00Z"));
        assertThat(child(entry, "summary")).startsWith("Retracted 2026-01-09T09:00:00Z: the listed entity was removed from its list.");
        NodeList categories = entry.getElementsByTagNameNS(ATOM, "category");
        assertThat(((Element) categories.item(1)).getAttribute("term")).isEqualTo("retracted");
        assertThat(((Element) ((Element) root.getElementsByTagNameNS(ATOM, "entry").item(0)).getElementsByTagNameNS(ATOM, "category")
                .item(1)).getAttribute("term")).isEqualTo("active");
    }

    @Test
    void shouldLeaveOutWhatXmlCannotCarryAndStayReadable() throws Exception {
        JsonNode alert = new ObjectMapper().readTree("""
                {"alertId": "pw-2", "ocid": "ocds-b5fd17-2", "buyer": "Bell\\u0007 \\u001b[31mred\\u001b[0m <script>x</script>",
                 "listedEntity": "Dahua", "relation": "name", "evidence": [], "createdAt": "2026-01-05T09:00:00Z"}""");

        Document feed = parse(AtomFeed.render(List.of(alert), "http://x/api/alerts.atom", Instant.parse("2026-02-01T00:00:00Z")));

        Element entry = (Element) feed.getDocumentElement().getElementsByTagNameNS(ATOM, "entry").item(0);
        assertThat(child(entry, "title")).startsWith("Bell [31mred[0m <script>x</script>");
        assertThat(feed.getElementsByTagName("script").getLength()).isZero();
    }

    @Test
    void shouldWriteAValidEmptyFeed() throws Exception {
        Element root = parse(AtomFeed.render(List.of(), "http://x/api/alerts.atom", Instant.parse("2026-02-01T00:00:00Z"))).getDocumentElement();

        assertThat(child(root, "updated")).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(root.getElementsByTagNameNS(ATOM, "entry").getLength()).isZero();
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static String child(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && ATOM.equals(element.getNamespaceURI()) && name.equals(element.getLocalName())) {
                return element.getTextContent();
            }
        }
        return null;
    }
}
