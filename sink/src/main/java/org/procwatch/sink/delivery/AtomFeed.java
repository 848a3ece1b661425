package org.procwatch.sink.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Alerts as an Atom feed (RFC 4287), for watchdogs' feed readers: one entry per alert, its id the alert id
 * (so a reader shows an updated alert once), its time when last changed, its text the evidence. A retracted
 * alert stays in the feed as an updated entry that says so and why, so a reader learns of the retraction.
 */
public final class AtomFeed {

    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final Map<String, String> REASONS = Map.of(
            "delisted", "the listed entity was removed from its list",
            "relation_ended", "the relation it rested on had ended by the contract's date",
            "review", "an analyst reviewed the link as a false positive",
            "supplier_removed", "the contract no longer names the supplier or text that linked it");

    private AtomFeed() {
    }

    /**
     * @param alerts  alerts as {@code /api/alerts} gives them, newest first
     * @param selfUrl the URL the feed was asked for, filters included
     * @param now     when the feed is made, its updated time when it has no entries
     */
    public static String render(List<JsonNode> alerts, String selfUrl, Instant now) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace(ATOM);
            element(xml, "id", "urn:procwatch:alerts:" + selfUrl);
            element(xml, "title", "procwatch alerts: public contracts linked to listed surveillance firms");
            element(xml, "updated", alerts.stream().map(alert -> alert.path("updatedAt").asText(alert.path("createdAt").asText()))
                    .max(String::compareTo).orElse(now.toString()));
            xml.writeStartElement("author");
            element(xml, "name", "procwatch");
            xml.writeEndElement();
            link(xml, "self", selfUrl);
            for (JsonNode alert : alerts) {
                entry(xml, alert);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write the Atom feed", e);
        }
        return out.toString();
    }

    private static void entry(XMLStreamWriter xml, JsonNode alert) throws XMLStreamException {
        xml.writeStartElement("entry");
        element(xml, "id", "urn:procwatch:alert:" + alert.path("alertId").asText());
        String buyer = alert.path("buyer").asText("A public body");
        boolean retracted = "retracted".equals(alert.path("status").asText());
        element(xml, "title", (retracted ? "Retracted: " : "") + buyer + " — " + alert.path("listedEntity").asText()
                + " (" + alert.path("relation").asText() + ")");
        element(xml, "updated", alert.path("updatedAt").asText(alert.path("createdAt").asText()));
        element(xml, "published", alert.path("createdAt").asText());
        if (alert.hasNonNull("sourceUrl")) {
            link(xml, "alternate", alert.get("sourceUrl").asText());
        }
        xml.writeStartElement("category");
        xml.writeAttribute("term", alert.path("bodyType").asText());
        xml.writeEndElement();
        xml.writeStartElement("category");
        xml.writeAttribute("scheme", "urn:procwatch:alert-status");
        xml.writeAttribute("term", alert.path("status").asText("active"));
        xml.writeEndElement();
        StringBuilder summary = new StringBuilder();
        if (retracted) {
            summary.append("Retracted ").append(alert.path("retractedAt").asText()).append(": ")
                    .append(REASONS.getOrDefault(alert.path("retractReason").asText(), alert.path("retractReason").asText()))
                    .append(". It was: ");
        }
        summary.append("Contracting process ").append(alert.path("ocid").asText());
        if (alert.hasNonNull("supplier")) {
            summary.append(", supplier ").append(alert.get("supplier").asText());
        }
        if (alert.hasNonNull("value")) {
            summary.append(", value ").append(alert.get("value").asText()).append(' ').append(alert.path("currency").asText(""));
        }
        summary.append(". Score ").append(alert.path("score").asText()).append('.');
        for (JsonNode evidence : alert.path("evidence")) {
            summary.append(' ').append(evidence.path("explanation").asText()).append('.');
        }
        element(xml, "summary", summary.toString());
        xml.writeEndElement();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(xmlText(text));
        xml.writeEndElement();
    }

    /**
     * The text without the characters XML 1.0 cannot carry at all, escaped or not (most control characters,
     * unpaired surrogates): one of them in a buyer's name would otherwise make the whole feed unreadable.
     */
    static String xmlText(String text) {
        StringBuilder allowed = new StringBuilder(text.length());
        text.codePoints().filter(AtomFeed::allowedInXml).forEach(allowed::appendCodePoint);
        return allowed.toString();
    }

    private static boolean allowedInXml(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
    }

    private static void link(XMLStreamWriter xml, String rel, String href) throws XMLStreamException {
        xml.writeStartElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("href", xmlText(href));
        xml.writeEndElement();
    }
}
