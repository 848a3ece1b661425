package org.procwatch.enrich.screen;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.procwatch.enrich.buyer.BodyTypeClassifier;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.Party;

/** The {@code procurement.contracts.v1} record of a compiled release: the release and what analysts and alerts need from it. */
public final class ContractSummary {

    private ContractSummary() {
    }

    /**
     * @param compiledJson the compiled release as compact JSON, published as it is
     * @param compiled     the same as a tree
     * @param releaseCount how many releases were merged into it
     * @param sourceUrl    where the latest release was published
     * @param compiledAt   when this version was made
     */
    public static CompiledContract of(String ocid, String compiledJson, JsonNode compiled, int releaseCount, String sourceUrl, Instant compiledAt) {
        ReleaseParties parties = new ReleaseParties(compiled);
        Party buyer = buyer(compiled, parties);
        Value value = value(compiled);
        if (value != null && !Double.isFinite(value.amount.doubleValue())) {
            value = null; // an amount beyond any real one (1e400) is kept in the compiled release, but counts as no value
        }
        return CompiledContract.newBuilder()
                .setOcid(ocid)
                .setCompiledReleaseJson(compiledJson)
                .setReleaseCount(releaseCount)
                .setLastReleaseDate(ReleaseParties.text(compiled.get("date")))
                .setBuyer(buyer)
                .setBodyType(buyer == null ? BodyType.other : BodyTypeClassifier.classify(buyer.getName(), buyer.getIdentifiers()))
                .setTitle(title(compiled))
                .setValueAmount(value == null ? null : value.amount.doubleValue())
                .setValueCurrency(value == null ? null : value.currency)
                .setSuppliers(distinct(suppliers(compiled, parties)))
                .setTenderers(distinct(tenderers(compiled, parties)))
                .setSourceUrl(sourceUrl)
                .setCompiledAt(compiledAt)
                .build();
    }

    private static Party buyer(JsonNode compiled, ReleaseParties parties) {
        if (compiled.path("buyer").isObject()) {
            return parties.party(compiled.get("buyer"));
        }
        List<Party> buyers = parties.withRole("buyer");
        return buyers.isEmpty() ? null : buyers.getFirst();
    }

    private static String title(JsonNode compiled) {
        String title = ReleaseParties.text(compiled.path("tender").get("title"));
        for (String list : List.of("awards", "contracts")) {
            for (JsonNode item : compiled.path(list)) {
                if (title == null) {
                    title = ReleaseParties.text(item.get("title"));
                }
            }
        }
        return title;
    }

    private record Value(BigDecimal amount, String currency) {
    }

    /** The sum of award values (in the first award's currency) when awarded, else the tender's value. */
    private static Value value(JsonNode compiled) {
        BigDecimal awarded = null;
        String currency = null;
        for (JsonNode award : compiled.path("awards")) {
            JsonNode amount = award.path("value").get("amount");
            String awardCurrency = ReleaseParties.text(award.path("value").get("currency"));
            if (amount != null && amount.isNumber() && (currency == null || currency.equals(awardCurrency))) {
                awarded = awarded == null ? amount.decimalValue() : awarded.add(amount.decimalValue());
                currency = awardCurrency;
            }
        }
        if (awarded != null) {
            return new Value(awarded, currency);
        }
        JsonNode tender = compiled.path("tender").path("value");
        JsonNode amount = tender.get("amount");
        return amount != null && amount.isNumber() ? new Value(amount.decimalValue(), ReleaseParties.text(tender.get("currency"))) : null;
    }

    private static List<Party> suppliers(JsonNode compiled, ReleaseParties parties) {
        List<Party> suppliers = new ArrayList<>();
        for (JsonNode award : compiled.path("awards")) {
            for (JsonNode supplier : award.path("suppliers")) {
                suppliers.add(parties.party(supplier));
            }
        }
        suppliers.addAll(parties.withRole("supplier"));
        return suppliers;
    }

    private static List<Party> tenderers(JsonNode compiled, ReleaseParties parties) {
        List<Party> tenderers = new ArrayList<>();
        for (JsonNode tenderer : compiled.path("tender").path("tenderers")) {
            tenderers.add(parties.party(tenderer));
        }
        tenderers.addAll(parties.withRole("tenderer"));
        return tenderers;
    }

    /** One entry per organisation: by party id where there is one, else by name. */
    private static List<Party> distinct(List<Party> parties) {
        Map<String, Party> byKey = new LinkedHashMap<>();
        for (Party party : parties) {
            String key = party.getPartyId() != null ? "id:" + party.getPartyId() : "name:" + party.getName();
            byKey.putIfAbsent(key, party);
        }
        return new ArrayList<>(byKey.values());
    }
}
