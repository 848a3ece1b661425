package org.procwatch.sink.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.procwatch.schemas.avro.BodyType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a subscriptions file (CONTRACTS section 8), JSON or YAML, and says exactly what is wrong with a bad one. */
public final class Subscriptions {

    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Subscriptions() {
    }

    /** @throws IllegalArgumentException naming the file and what to fix */
    public static List<Subscription> read(Path file) throws IOException {
        Subscription[] read;
        try {
            read = YAML.readValue(Files.readString(file), Subscription[].class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ": unknown field '" + e.getPropertyName() + "'; a subscription has id, url, secret,"
                    + " filters (entity, bodyType, minValue), allowPrivateNetwork and expireAfter");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a list of subscriptions in JSON or YAML: " + e.getOriginalMessage());
        }
        List<Subscription> subscriptions = read == null ? List.of() : Arrays.asList(read);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < subscriptions.size(); i++) {
            check(file, i, subscriptions.get(i), ids);
        }
        return List.copyOf(subscriptions);
    }

    private static void check(Path file, int index, Subscription subscription, Set<String> ids) {
        String where = file + ": subscription " + (index + 1);
        if (subscription.id() == null || subscription.id().isBlank()) {
            throw new IllegalArgumentException(where + " needs an id");
        }
        if (!ids.add(subscription.id())) {
            throw new IllegalArgumentException(where + ": the id '" + subscription.id() + "' is used twice");
        }
        if (subscription.secret() == null || subscription.secret().isBlank()) {
            throw new IllegalArgumentException(where + " (" + subscription.id() + ") needs a secret, the key its deliveries are signed with");
        }
        URI url;
        try {
            url = new URI(subscription.url() == null ? "" : subscription.url());
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new URISyntaxException(String.valueOf(subscription.redactedUrl()), "not an http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + " (" + subscription.id() + "): url " + e.getReason() + ": " + subscription.redactedUrl());
        }
        if (!"https".equals(url.getScheme()) && !subscription.allowPrivateNetwork()) {
            throw new IllegalArgumentException(where + " (" + subscription.id() + "): url must be https://, so that alerts and their "
                    + "signatures cannot be read on the way; plain http only with allowPrivateNetwork: true, for a receiver of your own");
        }
        try {
            ReceiverAddress.refusal(url, subscription.allowPrivateNetwork()).ifPresent(reason -> {
                throw new IllegalArgumentException(where + " (" + subscription.id() + "): url refused: " + reason);
            });
        } catch (UnknownHostException e) {
            // The name may resolve later (DNS down at start): every attempt checks it again before sending.
            log.warn("{} ({}): the receiver's host does not resolve now; deliveries wait until it does", where, subscription.id());
        }
        if (subscription.expireAfter() != null) {
            try {
                if (!Duration.parse(subscription.expireAfter()).isPositive()) {
                    throw new DateTimeParseException("not positive", subscription.expireAfter(), 0);
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + " (" + subscription.id() + "): expireAfter must be a positive ISO 8601 duration "
                        + "such as P3D or PT12H, not '" + subscription.expireAfter() + "'");
            }
        }
        for (String bodyType : subscription.filters().bodyType()) {
            if (Arrays.stream(BodyType.values()).noneMatch(type -> type.name().equals(bodyType))) {
                throw new IllegalArgumentException(where + " (" + subscription.id() + "): bodyType '" + bodyType + "' is not one of "
                        + Arrays.toString(BodyType.values()));
            }
        }
    }
}
