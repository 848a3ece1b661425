package org.procwatch.ingest.poll.whatdotheyknow;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.procwatch.ingest.foi.FoiRequestIds;
import org.procwatch.ingest.foi.answer.AnswerClassifier;
import org.procwatch.ingest.poll.PoliteHttpClient;
import org.procwatch.ingest.poll.PoliteHttpClient.Response;
import org.procwatch.ingest.poll.whatdotheyknow.AlaveteliJson.InfoRequest;
import org.procwatch.ingest.poll.whatdotheyknow.AlaveteliJson.PublicBody;
import org.procwatch.ingest.text.DocumentText;
import org.procwatch.schemas.avro.FoiOutcome;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.SourceMetadata;

/**
 * Reads one request from the site into one FOI record: its JSON (state, body, dates), its body's JSON
 * (name, tags), and, when an answer came, the request page's incoming messages and their attachments,
 * whose text the classifier reads. The answer's text is read, never kept: the record holds the verdicts,
 * the sentences they rest on and the request page's address, and no requester's name.
 */
final class RequestReader {

    /** What became of a request: a record to publish, or why there is none. */
    record Result(FoiResponse response, String skipped, List<Problem> problems) {

        static Result skipped(String why) {
            return new Result(null, why, List.of());
        }
    }

    /** Something of the request that could not be read (an attachment, a JSON document), with its bytes. */
    record Problem(String uri, String reason, byte[] raw) {
    }

    /** Bodies are asked for once per run: many requests go to the same body. */
    private static final int MAX_BODIES = 10_000;

    private final AlaveteliSite site;
    private final PoliteHttpClient http;
    private final AnswerClassifier classifier;
    private final int maxAttachments;
    private final Map<String, PublicBody> bodies = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PublicBody> eldest) {
            return size() > MAX_BODIES;
        }
    };

    RequestReader(AlaveteliSite site, PoliteHttpClient http, AnswerClassifier classifier, int maxAttachments) {
        this.site = site;
        this.http = http;
        this.classifier = classifier;
        this.maxAttachments = maxAttachments;
    }

    Result read(String urlTitle, Instant fetchedAt) throws IOException, InterruptedException {
        URI jsonUri = site.requestJson(urlTitle);
        Response json = http.get(jsonUri, "application/json");
        if (json.status() == 403) {
            return Result.skipped("hidden (its JSON answers 403)");
        }
        if (json.status() == 404 || json.status() == 410) {
            return Result.skipped("gone (HTTP " + json.status() + ")");
        }
        if (!json.ok()) {
            throw new AlaveteliJson.UnexpectedJsonException(jsonUri + " answered HTTP " + json.status() + (json.tooLarge() ? " (too large)" : ""));
        }
        InfoRequest request = AlaveteliJson.request(json.body());
        if (!request.prominence().equals("normal")) {
            return Result.skipped("its prominence is " + word(request.prominence()));
        }
        Optional<FoiOutcome> outcome = FoiClassification.outcome(request.describedState());
        if (outcome.isEmpty()) {
            return Result.skipped("its state is " + word(request.describedState()) + ", no answer to count");
        }
        PublicBody body = body(request.body());
        List<Problem> problems = new ArrayList<>();
        String answer = outcome.get() == FoiOutcome.no_response ? "" : answerText(urlTitle, problems);
        AnswerClassifier.Reading reading = classifier.read(answer, outcome.get());
        FoiResponse response = FoiResponse.newBuilder()
                .setRequestId(FoiRequestIds.WHATDOTHEYKNOW_PREFIX + urlTitle)
                .setBodyName(body.name())
                .setBodyType(FoiClassification.bodyType(body.tags(), body.name()))
                .setResponseDate(request.lastResponse())
                .setOutcome(outcome.get())
                .setHikvision(reading.hikvision().answer())
                .setDahua(reading.dahua().answer())
                .setOtherVendors(reading.otherVendors())
                .setCapabilities(reading.capabilities())
                .setEvidence(reading.evidence())
                .setSourceUrl(site.requestPage(urlTitle).toString())
                .setSource(SourceMetadata.newBuilder().setSource(WhatDoTheyKnowPoller.SOURCE).setUri(jsonUri.toString()).setFetchedAt(fetchedAt)
                        .build())
                .build();
        return new Result(response, null, problems);
    }

    /** A state or prominence as it may be logged: Alaveteli's are lower-case words; anything else is not repeated. */
    private static String word(String value) {
        return value != null && value.matches("[a-z_]{1,40}") ? value : "one procwatch does not know";
    }

    /** The body's own JSON for its name and tags; the request's copy of it when the body's page cannot be had. */
    private PublicBody body(PublicBody fromRequest) throws IOException, InterruptedException {
        PublicBody known = bodies.get(fromRequest.urlName());
        if (known != null) {
            return known;
        }
        Response response = http.get(site.bodyJson(fromRequest.urlName()), "application/json");
        PublicBody body = response.ok() ? AlaveteliJson.body(response.body()) : fromRequest;
        bodies.put(fromRequest.urlName(), body);
        return body;
    }

    private String answerText(String urlTitle, List<Problem> problems) throws IOException, InterruptedException {
        URI pageUri = site.requestPage(urlTitle);
        Response page = http.get(pageUri, "text/html");
        if (!page.ok()) {
            problems.add(new Problem(pageUri.toString(), "the request page answered HTTP " + page.status()
                    + (page.tooLarge() ? " with a page over the size cap" : ""), new byte[0]));
            return "";
        }
        RequestPage.Answer answer = RequestPage.read(page.body(), urlTitle, site, pageUri.toString());
        StringBuilder text = new StringBuilder(answer.text());
        int read = 0;
        for (RequestPage.Attachment attachment : answer.attachments()) {
            Optional<DocumentText.Kind> kind = DocumentText.kindOf(attachment.fileName(), null);
            if (kind.isEmpty()) {
                continue;
            }
            if (read++ >= maxAttachments) {
                problems.add(new Problem(attachment.uri().toString(), "more than " + maxAttachments
                        + " attachments on one request; the rest were not read", new byte[0]));
                break;
            }
            Response file = http.get(attachment.uri(), "*/*");
            if (file.tooLarge()) {
                problems.add(new Problem(attachment.uri().toString(), "the attachment is larger than "
                        + WhatDoTheyKnowSettings.MAX_ATTACHMENT_BYTES / (1024 * 1024) + " MB; it was not read", new byte[0]));
            } else if (!file.ok()) {
                problems.add(new Problem(attachment.uri().toString(), "the attachment answered HTTP " + file.status(), new byte[0]));
            } else {
                try {
                    text.append("\n\n").append(DocumentText.of(kind.get(), file.body()));
                } catch (IOException e) {
                    // The reader's message may quote the file; the reason names only what failed.
                    problems.add(new Problem(attachment.uri().toString(), "the attachment could not be read as " + kind.get() + " ("
                            + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + ")", file.body()));
                }
            }
        }
        return text.toString();
    }
}
