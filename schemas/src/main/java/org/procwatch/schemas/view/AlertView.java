package org.procwatch.schemas.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.Evidence;
import org.procwatch.schemas.avro.ListVersion;

/**
 * An alert as users see it (CONTRACTS section 2): the object {@code /api/alerts} lists, the Atom feed
 * shows and webhooks deliver, the same everywhere: retracted alerts with their status, time and reason.
 */
public final class AlertView {

    private AlertView() {
    }

    public static Map<String, Object> of(Alert alert) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("alertId", alert.getAlertId());
        view.put("ocid", alert.getOcid());
        view.put("buyer", alert.getBuyer());
        view.put("bodyType", alert.getBodyType().name());
        view.put("supplier", alert.getSupplier());
        view.put("listedEntity", alert.getListedEntity());
        view.put("listedEntityId", alert.getListedEntityId());
        view.put("relation", alert.getRelation());
        view.put("lists", lists(alert.getLists(), alert.getListVersions()));
        view.put("score", alert.getScore());
        view.put("value", alert.getValue());
        view.put("currency", alert.getCurrency());
        view.put("evidence", evidence(alert.getEvidence()));
        view.put("sourceUrl", alert.getSourceUrl());
        view.put("createdAt", alert.getCreatedAt().toString());
        view.put("updatedAt", alert.getUpdatedAt().toString());
        view.put("revision", alert.getRevision());
        view.put("status", alert.getStatus().name());
        view.put("retractedAt", alert.getRetractedAt() == null ? null : alert.getRetractedAt().toString());
        view.put("retractReason", alert.getRetractReason() == null ? null : alert.getRetractReason().name());
        return view;
    }

    /** Each list by name with the version or date the link rested on, null where the list gives none. */
    public static List<Map<String, Object>> lists(List<String> names, List<ListVersion> versions) {
        Map<String, String> versionOf = new LinkedHashMap<>();
        versions.forEach(version -> versionOf.putIfAbsent(version.getName(), version.getVersion()));
        List<Map<String, Object>> views = new ArrayList<>();
        for (String name : names) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", name);
            view.put("version", versionOf.get(name));
            views.add(view);
        }
        return views;
    }

    public static List<Map<String, Object>> evidence(List<Evidence> evidence) {
        List<Map<String, Object>> views = new ArrayList<>();
        for (Evidence each : evidence) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("kind", each.getKind().name());
            view.put("field", each.getField());
            view.put("matchedText", each.getMatchedText());
            view.put("matchedAgainst", each.getMatchedAgainst());
            view.put("score", each.getScore());
            view.put("explanation", each.getExplanation());
            view.put("chain", List.copyOf(each.getChain()));
            views.add(view);
        }
        return views;
    }
}
