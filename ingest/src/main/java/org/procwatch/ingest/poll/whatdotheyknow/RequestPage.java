package org.procwatch.ingest.poll.whatdotheyknow;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.procwatch.ingest.text.DocumentText;

/**
 * A request's page as Alaveteli renders it ({@code request/_incoming_correspondence}): each public incoming
 * message's text and the attachments listed under it. Hidden messages and attachments are passed over;
 * links are taken only where {@link AlaveteliSite#attachment} accepts them.
 */
final class RequestPage {

    /** An attachment to fetch: where it is and the file name it was sent with (as text, never as markup). */
    record Attachment(URI uri, String fileName) {
    }

    /** The answer on the page: the messages' text, and their attachments in page order. */
    record Answer(String text, List<Attachment> attachments) {
    }

    private RequestPage() {
    }

    static Answer read(byte[] html, String urlTitle, AlaveteliSite site, String pageUrl) {
        Document page = Jsoup.parse(new String(html, StandardCharsets.UTF_8), pageUrl);
        StringBuilder text = new StringBuilder();
        Map<URI, Attachment> attachments = new LinkedHashMap<>();
        for (Element message : page.select("div.incoming.correspondence")) {
            // The message's prominence is one of its classes; only "normal" is public.
            if (message.hasClass("hidden") || message.hasClass("requester_only")) {
                continue;
            }
            Element body = message.selectFirst(".correspondence_text");
            if (body == null) {
                continue;
            }
            for (Element link : body.select(".attachments li.attachment a[href]")) {
                Optional<URI> uri = site.attachment(urlTitle, link.attr("href"));
                if (uri.isPresent() && !attachments.containsKey(uri.get())) {
                    Element name = link.parents().select("li.attachment").first();
                    Element shown = name == null ? null : name.selectFirst(".attachment__name");
                    attachments.put(uri.get(), new Attachment(uri.get(), shown != null ? shown.text() : fileName(uri.get())));
                }
            }
            Element words = body.clone();
            words.select(".attachments, .hidden_attachment").remove();
            text.append(DocumentText.html(words.outerHtml())).append("\n\n");
        }
        return new Answer(text.toString(), new ArrayList<>(attachments.values()));
    }

    private static String fileName(URI uri) {
        String path = uri.getRawPath();
        return URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    }
}
