package org.procwatch.ingest.poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.procwatch.ingest.api.SourceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a public site the way its operators ask: one request at a time, never two starting within the same
 * second, with a User-Agent that names procwatch and a contact; after 429, 503, another 5xx or a network
 * error it waits (the server's {@code Retry-After}, else a doubling backoff) and asks again, and a source
 * that stays down becomes a {@link SourceUnavailableException}, never an empty answer. It remembers each
 * page's {@code ETag} and {@code Last-Modified} and asks conditionally, so a page read again costs a 304.
 * Redirects are followed only within the site; every body is read up to a cap.
 */
public final class PoliteHttpClient {

    /** Waits; tests record the waits instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * How the client behaves.
     *
     * @param userAgent      sent with every request; names procwatch and how to reach whoever runs it
     * @param interval       the least time between the starts of two requests
     * @param initialBackoff the first wait after a failure, doubled after each further one
     * @param maxBackoff     the longest single wait, also for a server's Retry-After
     * @param maxAttempts    tries of one URL before the source is reported unavailable
     * @param maxBodyBytes   the largest body read; a larger one is answered as too large
     * @param cacheBytes     the most bytes of bodies kept for conditional requests
     */
    public record Settings(String userAgent, Duration interval, Duration initialBackoff, Duration maxBackoff, int maxAttempts,
                           int maxBodyBytes, long cacheBytes) {

        public Settings {
            Objects.requireNonNull(userAgent, "userAgent");
            if (interval.isNegative() || maxAttempts < 1 || maxBodyBytes < 1 || cacheBytes < 0) {
                throw new IllegalArgumentException("interval, attempts, body cap and cache must be positive");
            }
        }
    }

    /**
     * What a URL answered: its status (200, or 403, 404, 410 for a page the site will not give), body and
     * type; {@code tooLarge} when the body passed the cap (and is then empty).
     */
    public record Response(int status, byte[] body, String contentType, boolean tooLarge) {

        public boolean ok() {
            return status == 200 && !tooLarge;
        }
    }

    private record Cached(String etag, String lastModified, byte[] body, String contentType) {
    }

    private static final Logger log = LoggerFactory.getLogger(PoliteHttpClient.class);
    private static final int MAX_REDIRECTS = 3;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Settings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<URI, Cached> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes;
    private Instant lastStart = Instant.EPOCH;
    private long requests;
    private long notModified;

    public PoliteHttpClient(Settings settings) {
        this(settings, Clock.systemUTC(), Thread::sleep);
    }

    public PoliteHttpClient(Settings settings, Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * GETs the URL, waiting out the site's limits and failures.
     *
     * @throws SourceUnavailableException when every attempt failed
     */
    public synchronized Response get(URI uri, String accept) throws IOException, InterruptedException {
        return follow(uri, current -> getOnce(current, accept, ok -> keep(current, ok), cache.get(current)));
    }

    /** What tells a document's version, for asking whether it changed since. */
    public record Validators(String etag, String lastModified) {
    }

    /**
     * What a download brought: where it is, whether it was unchanged since the version asked about (a 304,
     * nothing written), and the validators of what was written.
     */
    public record Download(int status, Path file, long bytes, boolean notModified, boolean tooLarge, Validators validators) {

        public boolean ok() {
            return status == 200 && !tooLarge;
        }
    }

    /**
     * GETs the URL into a file, for documents too large to hold (an official list of tens of megabytes),
     * waiting out the site's limits and failures as {@link #get} does. The caller keeps the validators of the
     * version it has used, and asks with them: this client keeps nothing of a download, as only the caller
     * knows whether what it downloaded was used.
     *
     * @param file     where the body goes; replaced
     * @param maxBytes the largest body read; a larger one is answered as too large and not kept
     * @param since    the version the caller has, or null; a document unchanged since is answered {@code notModified}
     * @throws SourceUnavailableException when every attempt failed
     */
    public synchronized Download download(URI uri, String accept, Path file, long maxBytes, Validators since)
            throws IOException, InterruptedException {
        Cached conditional = since == null ? null : new Cached(since.etag(), since.lastModified(), null, null);
        Download[] done = new Download[1];
        Response response = follow(uri, current -> getOnce(current, accept, ok -> {
            done[0] = save(ok, file, maxBytes);
            return new Response(200, new byte[0], ok.headers().firstValue("Content-Type").orElse(null), done[0].tooLarge());
        }, conditional));
        if (done[0] != null) {
            return done[0];
        }
        return new Download(response.status(), file, 0, response.status() == 304, false, since);
    }

    /** One request of a redirect chain, answered or pointing on. */
    @FunctionalInterface
    private interface Step {
        Answer at(URI uri) throws IOException, InterruptedException;
    }

    /** Follows redirects within the site, up to a few. */
    private Response follow(URI uri, Step step) throws IOException, InterruptedException {
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            Answer answer = step.at(current);
            if (answer.location() == null) {
                return answer.response();
            }
            URI next = answer.location().isBlank() ? null : current.resolve(answer.location());
            if (next == null || redirects >= MAX_REDIRECTS || !sameOrigin(uri, next)) {
                throw new SourceUnavailableException(uri + " redirects to " + (next == null ? "nowhere" : "another site or too often")
                        + "; it is not followed", null);
            }
            current = next;
        }
    }

    /** A response, or where a redirect points. */
    private record Answer(Response response, String location) {

        static Answer of(Response response) {
            return new Answer(response, null);
        }
    }

    /** What to do with a 200: keep its body, or write it to a file. */
    @FunctionalInterface
    private interface OnOk {
        Response read(HttpResponse<InputStream> response) throws IOException;
    }

    /**
     * @param conditional what is had of the URL, to ask whether it changed: with its body ({@link #get}, where a
     *                    304 is answered with that body), or its validators alone ({@link #download}, where a 304
     *                    is answered as such); null to ask unconditionally
     */
    private Answer getOnce(URI uri, String accept, OnOk onOk, Cached conditional) throws IOException, InterruptedException {
        String last = null;
        IOException lastError = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            Duration wait;
            try {
                HttpResponse<InputStream> response = send(uri, accept, conditional);
                int status = response.statusCode();
                if (status == 200) {
                    return Answer.of(onOk.read(response));
                }
                if (status == 304 && conditional != null) {
                    notModified++;
                    drain(response);
                    return Answer.of(conditional.body() != null ? new Response(200, conditional.body(), conditional.contentType(), false)
                            : new Response(304, new byte[0], null, false));
                }
                if (status >= 300 && status < 400) {
                    drain(response);
                    return new Answer(null, response.headers().firstValue("Location").orElse(""));
                }
                drain(response);
                if (status != 429 && status != 408 && status < 500) {
                    // 403 hidden, 404 and 410 gone, 400 asked wrongly: asking again would answer the same.
                    return Answer.of(new Response(status, new byte[0], null, false));
                }
                last = "HTTP " + status;
                lastError = null;
                wait = retryAfter(response).orElse(backoff(attempt));
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastError = e;
                wait = backoff(attempt);
            }
            if (attempt < settings.maxAttempts()) {
                log.warn("{} answered {}; waiting {} s before asking again (attempt {} of {})", uri, last, wait.toSeconds(), attempt,
                        settings.maxAttempts());
                sleeper.sleep(wait);
            }
        }
        throw new SourceUnavailableException(uri + " did not answer after " + settings.maxAttempts() + " attempts (last: " + last + ")",
                lastError);
    }

    private HttpResponse<InputStream> send(URI uri, String accept, Cached cached) throws IOException, InterruptedException {
        Duration sinceLast = Duration.between(lastStart, clock.instant());
        if (sinceLast.compareTo(settings.interval()) < 0) {
            sleeper.sleep(settings.interval().minus(sinceLast));
        }
        lastStart = clock.instant();
        requests++;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET()
                .header("User-Agent", settings.userAgent()).header("Accept", accept);
        if (cached != null && cached.etag() != null) {
            request.header("If-None-Match", cached.etag());
        }
        if (cached != null && cached.lastModified() != null) {
            request.header("If-Modified-Since", cached.lastModified());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private Response keep(URI uri, HttpResponse<InputStream> response) throws IOException {
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(settings.maxBodyBytes() + 1);
        }
        if (body.length > settings.maxBodyBytes()) {
            return new Response(200, new byte[0], contentType, true);
        }
        String etag = response.headers().firstValue("ETag").orElse(null);
        String lastModified = response.headers().firstValue("Last-Modified").orElse(null);
        if ((etag != null || lastModified != null) && body.length <= settings.cacheBytes()) {
            Cached old = cache.put(uri, new Cached(etag, lastModified, body, contentType));
            cachedBytes += body.length - (old == null ? 0 : old.body().length);
            var eldest = cache.entrySet().iterator();
            while (cachedBytes > settings.cacheBytes() && eldest.hasNext()) {
                cachedBytes -= eldest.next().getValue().body().length;
                eldest.remove();
            }
        }
        return new Response(200, body, contentType, false);
    }

    /** Writes the body to the file up to the cap. */
    private static Download save(HttpResponse<InputStream> response, Path file, long maxBytes) throws IOException {
        long written = 0;
        boolean tooLarge = false;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                written += read;
                if (written > maxBytes) {
                    tooLarge = true;
                    break;
                }
                out.write(buffer, 0, read);
            }
        }
        if (tooLarge) {
            Files.delete(file);
            return new Download(200, file, 0, false, true, null);
        }
        Validators validators = new Validators(response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Last-Modified").orElse(null));
        boolean none = validators.etag() == null && validators.lastModified() == null;
        return new Download(200, file, written, false, false, none ? null : validators);
    }

    private static void drain(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            in.readNBytes(64 * 1024);
        }
    }

    /** The server's Retry-After, in seconds or as an HTTP date, capped at the longest backoff. */
    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            Duration wait;
            try {
                wait = Duration.ofSeconds(Long.parseLong(value.strip()));
            } catch (NumberFormatException notSeconds) {
                try {
                    wait = Duration.between(clock.instant(), ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
            if (wait.isNegative()) {
                wait = Duration.ZERO;
            }
            return Optional.of(wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait);
        });
    }

    private Duration backoff(int failure) {
        long millis = settings.initialBackoff().toMillis() << Math.min(failure - 1, 20);
        return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
    }

    /** Whether two URLs are on the same scheme, host and port: the only redirects and links followed. */
    public static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    /** Requests sent, and how many of them a 304 answered from what was kept. */
    public synchronized long requests() {
        return requests;
    }

    public synchronized long notModified() {
        return notModified;
    }
}
