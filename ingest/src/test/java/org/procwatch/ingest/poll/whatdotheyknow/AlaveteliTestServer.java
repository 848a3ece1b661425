package org.procwatch.ingest.poll.whatdotheyknow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Alaveteli site serving what WhatDoTheyKnow serves, shaped after Alaveteli's source
 * (mysociety/alaveteli): {@code /feed/search/<query>.json?page=N} (InfoRequestEvent#json_for_api(true, snippet),
 * 25 a page, newest first, the query's {@code dd/mm/yyyy..dd/mm/yyyy} range on the events' days),
 * {@code /request/<url_title>.json} (InfoRequest#json_for_api(true); 403 with no body for a hidden request, as
 * {@code render_hidden} answers any format but HTML), {@code /request/<url_title>} (the page, with
 * {@code request/_incoming_correspondence} and {@code _attachments}), {@code /body/<url_name>.json}
 * (PublicBody#json_for_api, tags as [name, value] pairs) and attachments at
 * {@code /request/<url_title>/response/<id>/attach/<part>/<file>} with an ETag. Failures can be queued per
 * path; every request is recorded with its time and headers.
 */
public final class AlaveteliTestServer implements AutoCloseable {

    public record Body(String urlName, String name, List<String> tags) {
    }

    public record Attachment(int part, String fileName, String contentType, byte[] bytes) {
    }

    /** An incoming message: its prominence ("normal" is public), its HTML text and attachments. */
    public record Message(int id, String prominence, String html, List<Attachment> attachments) {
    }

    /**
     * A request: {@code hidden} makes its JSON answer 403 (hidden after the search indexed it); {@code version}
     * is bumped to make it change.
     */
    public record Request(String urlTitle, String state, String prominence, boolean hidden, Body body, LocalDate created, List<Message> messages,
                   int version) {

        public Request changed(String newState, List<Message> newMessages) {
            return new Request(urlTitle, newState, prominence, hidden, body, created, newMessages, version + 1);
        }

        public String updatedAt() {
            return created.plusDays(messages.size() + version).atTime(10, 0).atOffset(ZoneOffset.UTC).toString();
        }
    }

    /** One request the server received. */
    public record Hit(Instant at, String path, String query, String userAgent, String ifNoneMatch, int status) {
    }

    private record Failure(int status, String retryAfter) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern RANGE = Pattern.compile("(\\d{2}/\\d{2}/\\d{4})\\.\\.(\\d{2}/\\d{2}/\\d{4})\\s*$");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final Pattern ATTACHMENT = Pattern.compile("/request/([a-z0-9_-]+)/response/(\\d+)/attach/(\\d+)/(.+)");

    private final HttpServer server;
    private final Map<String, Request> requests = new ConcurrentHashMap<>();
    private final Map<String, Deque<Failure>> failures = new ConcurrentHashMap<>();
    private final List<Hit> hits = new CopyOnWriteArrayList<>();

    public AlaveteliTestServer(List<Request> initial) throws IOException {
        initial.forEach(request -> requests.put(request.urlTitle(), request));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Hit> hits() {
        return List.copyOf(hits);
    }

    public void clearHits() {
        hits.clear();
    }

    /** The next request for this exact path (and query, if any) answers this status (with a Retry-After when given). */
    public void failNext(String path, int status, String retryAfter) {
        failures.computeIfAbsent(path, p -> new ArrayDeque<>()).add(new Failure(status, retryAfter));
    }

    public void update(String urlTitle, UnaryOperator<Request> change) {
        requests.computeIfPresent(urlTitle, (title, request) -> change.apply(request));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        int status;
        try {
            status = route(exchange, path, query);
        } catch (RuntimeException e) {
            status = send(exchange, 500, "text/plain", ("error: " + e).getBytes(StandardCharsets.UTF_8), null);
        }
        hits.add(new Hit(at, path, query, exchange.getRequestHeaders().getFirst("User-Agent"),
                exchange.getRequestHeaders().getFirst("If-None-Match"), status));
    }

    private int route(HttpExchange exchange, String path, String query) throws IOException {
        Deque<Failure> queued = failures.get(query == null ? path : path + "?" + query);
        Failure failure = queued == null ? null : queued.poll();
        if (failure != null) {
            if (failure.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", failure.retryAfter());
            }
            return send(exchange, failure.status(), "text/html", "<h1>Slow down</h1>".getBytes(StandardCharsets.UTF_8), null);
        }
        if (path.startsWith("/feed/search/") && path.endsWith(".json")) {
            return feed(exchange, URLDecoder.decode(path.substring("/feed/search/".length(), path.length() - ".json".length()),
                    StandardCharsets.UTF_8), query);
        }
        Matcher attachment = ATTACHMENT.matcher(path);
        if (attachment.matches()) {
            return attachment(exchange, attachment);
        }
        if (path.startsWith("/request/") && path.endsWith(".json")) {
            Request request = requests.get(path.substring("/request/".length(), path.length() - ".json".length()));
            if (request == null) {
                return send(exchange, 404, "application/json", new byte[0], null);
            }
            // render_hidden: 403 and no body for any format but HTML.
            return request.hidden() ? send(exchange, 403, "application/json", new byte[0], null) : json(exchange, requestJson(request, true));
        }
        if (path.startsWith("/request/")) {
            Request request = requests.get(path.substring("/request/".length()));
            return request == null || request.hidden() ? send(exchange, request == null ? 404 : 403, "text/html", new byte[0], null)
                    : send(exchange, 200, "text/html; charset=utf-8", page(request).getBytes(StandardCharsets.UTF_8), null);
        }
        if (path.startsWith("/body/") && path.endsWith(".json")) {
            String urlName = path.substring("/body/".length(), path.length() - ".json".length());
            return requests.values().stream().map(Request::body).filter(body -> body.urlName().equals(urlName)).findFirst()
                    .map(body -> {
                        try {
                            return json(exchange, bodyJson(body));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).orElse(send(exchange, 404, "application/json", new byte[0], null));
        }
        return send(exchange, 404, "text/html", new byte[0], null);
    }

    private int feed(HttpExchange exchange, String searchQuery, String query) throws IOException {
        Matcher range = RANGE.matcher(searchQuery);
        boolean ranged = range.find();
        LocalDate from = ranged ? LocalDate.parse(range.group(1), DAY) : LocalDate.MIN;
        LocalDate to = ranged ? LocalDate.parse(range.group(2), DAY) : LocalDate.MAX;
        int page = 1;
        if (query != null && query.startsWith("page=")) {
            page = Integer.parseInt(query.substring("page=".length()));
        }
        List<Map<String, Object>> events = new ArrayList<>();
        List<Request> sorted = new ArrayList<>(requests.values());
        sorted.sort(Comparator.comparing(Request::urlTitle));
        for (Request request : sorted) {
            for (Map<String, Object> event : events(request)) {
                LocalDate day = LocalDate.parse(((String) event.get("created_at")).substring(0, 10));
                if (!day.isBefore(from) && !day.isAfter(to)) {
                    Map<String, Object> deep = new LinkedHashMap<>(event);
                    deep.put("snippet", "... do you use <b>Hikvision</b> or <b>Dahua</b> cameras ...");
                    deep.put("info_request", requestJson(request, false));
                    deep.put("public_body", bodyJson(request.body()));
                    deep.put("user", user());
                    events.add(deep);
                }
            }
        }
        events.sort(Comparator.comparing((Map<String, Object> event) -> (String) event.get("created_at")).reversed());
        int start = Math.min((page - 1) * 25, events.size());
        return json(exchange, events.subList(start, Math.min(start + 25, events.size())));
    }

    private static List<Map<String, Object>> events(Request request) {
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(event(request.urlTitle().hashCode() & 0xffff, "sent", request.created(), request.state(), null));
        for (int i = 0; i < request.messages().size(); i++) {
            Message message = request.messages().get(i);
            events.add(event(message.id() * 10, "response", request.created().plusDays(i + 1), request.state(), message.id()));
        }
        return events;
    }

    private static Map<String, Object> event(int id, String type, LocalDate day, String state, Integer incomingMessageId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("event_type", type);
        event.put("created_at", day.atTime(9, 30).atOffset(ZoneOffset.UTC).toString());
        event.put("described_state", state);
        event.put("calculated_state", state);
        event.put("last_described_at", day.atTime(9, 31).atOffset(ZoneOffset.UTC).toString());
        event.put("incoming_message_id", incomingMessageId);
        event.put("outgoing_message_id", incomingMessageId == null ? id : null);
        event.put("comment_id", null);
        event.put("display_status", state);
        return event;
    }

    private static Map<String, Object> requestJson(Request request, boolean deep) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", request.urlTitle().hashCode() & 0xffff);
        json.put("url_title", request.urlTitle());
        json.put("title", "CCTV cameras made by Hikvision or Dahua");
        json.put("created_at", request.created().atTime(9, 30).atOffset(ZoneOffset.UTC).toString());
        json.put("updated_at", request.updatedAt());
        json.put("described_state", request.state());
        json.put("display_status", request.state());
        json.put("awaiting_description", false);
        json.put("prominence", request.prominence());
        json.put("law_used", "foi");
        json.put("tags", List.of());
        if (deep) {
            json.put("user", user());
            json.put("public_body", bodyJson(request.body()));
            json.put("info_request_events", events(request));
        }
        return json;
    }

    private static Map<String, Object> bodyJson(Body body) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", body.urlName().hashCode() & 0xffff);
        json.put("url_name", body.urlName());
        json.put("name", body.name());
        json.put("short_name", "");
        json.put("created_at", "2008-01-01T00:00:00.000+00:00");
        json.put("updated_at", "2024-01-01T00:00:00.000+00:00");
        json.put("home_page", "https://example.org");
        json.put("notes", "");
        json.put("publication_scheme", "");
        json.put("disclosure_log", "");
        json.put("tags", body.tags().stream().map(tag -> java.util.Arrays.asList(tag, null)).toList());
        json.put("info", Map.of("requests_count", 3, "requests_successful_count", 1, "requests_not_held_count", 0,
                "requests_overdue_count", 0, "requests_visible_classified_count", 3));
        return json;
    }

    /** The requester, as the API shows them: procwatch must never keep this. */
    private static Map<String, Object> user() {
        return Map.of("id", 7, "url_name", "jane_requester", "name", "Jane Requester", "ban_text", "", "about_me", "");
    }

    /** The request page, after request/show: the outgoing request, then each incoming message with its attachments. */
    private static String page(Request request) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><title>CCTV cameras - WhatDoTheyKnow</title></head><body>")
                .append("<div id=\"wrapper\"><div class=\"outgoing correspondence\" id=\"outgoing-1\"><div class=\"correspondence_text\">")
                .append("<p>Dear ").append(escape(request.body().name())).append(",</p><p>Do you use CCTV made by Hikvision or Dahua? ")
                .append("Yes, we use Hikvision, the requester wrote as an example.</p></div></div>");
        for (Message message : request.messages()) {
            html.append("<div class=\"incoming correspondence ").append(message.prominence()).append(" js-collapsible\" id=\"incoming_")
                    .append(message.id()).append("\"><div class=\"correspondence__header\"><span class=\"correspondence__header__author ")
                    .append("js-collapsible-trigger\">").append(escape(request.body().name())).append("</span><a href=\"#incoming_")
                    .append(message.id()).append("\" class=\"correspondence__header__date\">3 March 2025</a></div>");
            if (!message.prominence().equals("normal")) {
                html.append("<p class=\"hidden_attachment\">This message has been hidden.</p></div>");
                continue;
            }
            html.append("<div class=\"correspondence_text\">");
            if (!message.attachments().isEmpty()) {
                html.append("<div class=\"attachments\"><div class=\"attachments__header\"><h3>").append(message.attachments().size())
                        .append(" Attachments</h3></div><ul class=\"list-of-attachments\">");
                for (Attachment attachment : message.attachments()) {
                    String href = attachment.fileName().contains(":") ? attachment.fileName()
                            : "/request/" + request.urlTitle() + "/response/" + message.id() + "/attach/" + attachment.part() + "/"
                            + URLEncoder.encode(attachment.fileName(), StandardCharsets.UTF_8).replace("+", "%20");
                    html.append("<li class=\"attachment\" id=\"foi_attachment_").append(attachment.part()).append("\"><a href=\"")
                            .append(href).append("\"><img class=\"attachment__image\" alt=\"Attachment\" src=\"/assets/icon.png\"></a>")
                            .append("<p class=\"attachment__name\">").append(escape(attachment.fileName())).append("</p>")
                            .append("<p class=\"attachment__meta\">").append(attachment.bytes().length / 1024).append("K ")
                            .append("<a href=\"/request/").append(request.urlTitle()).append("/response/").append(message.id())
                            .append("/attach/html/").append(attachment.part()).append("/")
                            .append(URLEncoder.encode(attachment.fileName(), StandardCharsets.UTF_8).replace("+", "%20"))
                            .append(".html\">View</a> <a href=\"").append(href).append("\">Download</a></p></li>");
                }
                html.append("</ul></div>");
            }
            html.append("<div id=\"foi_attachment_").append(message.id()).append("0\">").append(message.html()).append("</div></div>")
                    .append("<p class=\"event_actions\"></p></div>");
        }
        return html.append("</div></body></html>").toString();
    }

    private int attachment(HttpExchange exchange, Matcher path) throws IOException {
        Request request = requests.get(path.group(1));
        int messageId = Integer.parseInt(path.group(2));
        int part = Integer.parseInt(path.group(3));
        if (request == null || request.hidden()) {
            return send(exchange, 404, "text/html", new byte[0], null);
        }
        for (Message message : request.messages()) {
            for (Attachment attachment : message.attachments()) {
                if (message.id() == messageId && attachment.part() == part) {
                    String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(attachment.bytes())) + "\"";
                    if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        exchange.getResponseHeaders().add("ETag", etag);
                        exchange.sendResponseHeaders(304, -1);
                        exchange.close();
                        return 304;
                    }
                    return send(exchange, 200, attachment.contentType(), attachment.bytes(), etag);
                }
            }
        }
        return send(exchange, 404, "text/html", new byte[0], null);
    }

    private int json(HttpExchange exchange, Object value) throws IOException {
        return send(exchange, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(value), null);
    }

    private static int send(HttpExchange exchange, int status, String contentType, byte[] body, String etag) {
        try {
            exchange.getResponseHeaders().add("Content-Type", contentType);
            if (etag != null) {
                exchange.getResponseHeaders().add("ETag", etag);
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (IOException e) {
            // The client went away (e.g. it stopped reading a body over its cap): nothing more to send.
        } finally {
            exchange.close();
        }
        return status;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
