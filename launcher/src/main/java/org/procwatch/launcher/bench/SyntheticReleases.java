package org.procwatch.launcher.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Real-shaped OCDS 1.1 releases for benchmarks: the fields, sizes and life cycle (tender, amendment, award,
 * contract) of UK notices, with some suppliers and items that link to listed firms. Deterministic for a seed.
 */
public final class SyntheticReleases {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] STAGES = {"tender", "tenderAmendment", "award", "contract"};
    private static final List<String> BUYERS = List.of("Anytown Borough Council", "Northshire Police", "St Elsewhere NHS Foundation Trust",
            "Riverside Academy Trust", "University of Middleton", "Department for Examples", "Westford Primary School");
    private static final List<String> SUPPLIERS = List.of("Hikvision UK Limited", "Secure Vision Installations Ltd",
            "Dahua Technology UK Limited", "Axis Communications (UK) Ltd", "Camwatch Security Services Ltd", "EZVIZ distributor Ltd",
            "Bright Facilities Management plc", "Northern CCTV Systems Ltd");
    private static final List<String> ITEMS = List.of("IP bullet camera DS-2CD2047G2-L", "Network video recorder DS-7608NI-K2",
            "PTZ dome camera DH-SD49225XA-HNR", "Annual maintenance of CCTV system", "Access control readers",
            "Fixed dome camera IPC-HDW2431T-AS", "Cabling and installation", "Video management software licences");

    private final SplittableRandom random;
    private final int releasesPerProcess;
    private final long firstProcess;
    private long produced;

    /**
     * @param seed               makes the sequence repeatable
     * @param releasesPerProcess how many releases (stages) each contracting process has, 1 to 4
     */
    public SyntheticReleases(long seed, int releasesPerProcess) {
        this(seed, releasesPerProcess, 0);
    }

    /**
     * @param firstProcess the number in the first process's ocid, so that sequences can be made that share no process
     */
    public SyntheticReleases(long seed, int releasesPerProcess, long firstProcess) {
        this.random = new SplittableRandom(seed);
        this.releasesPerProcess = Math.max(1, Math.min(4, releasesPerProcess));
        this.firstProcess = firstProcess;
    }

    /** Writes the next {@code count} releases as a JSON Lines file. */
    public Path writeJsonLines(Path file, long count) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            writeJsonLines(out, count);
        }
        return file;
    }

    /** Writes the next {@code count} releases as JSON Lines. */
    public void writeJsonLines(OutputStream out, long count) throws IOException {
        ObjectMapper json = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        for (long i = 0; i < count; i++) {
            json.writeValue(out, next());
            out.write('\n');
        }
    }

    /** The next release: processes follow one another, each through its stages in date order. */
    public ObjectNode next() {
        long process = firstProcess + produced / releasesPerProcess;
        int stage = (int) (produced % releasesPerProcess);
        produced++;
        String ocid = "ocds-b5fd17-" + String.format("%08d", process);
        LocalDate start = LocalDate.of(2020, 1, 1).plusDays(process % 2000);
        ObjectNode release = NODES.objectNode();
        release.put("ocid", ocid);
        release.put("id", ocid + "-" + (stage + 1));
        release.put("date", start.plusDays(30L * stage) + "T09:00:00Z");
        release.putArray("tag").add(STAGES[stage]);
        release.put("initiationType", "tender");
        String buyer = BUYERS.get((int) (process % BUYERS.size()));
        ArrayNode parties = release.putArray("parties");
        ObjectNode buyerParty = parties.addObject().put("id", "GB-CFS-" + (1000 + process % 500)).put("name", buyer);
        buyerParty.putObject("identifier").put("scheme", "GB-CFS").put("id", Long.toString(1000 + process % 500));
        buyerParty.putObject("address").put("streetAddress", (1 + process % 200) + " High Street").put("locality", "Anytown")
                .put("postalCode", "AB1 2CD").put("countryName", "United Kingdom");
        buyerParty.putArray("roles").add("buyer");
        release.putObject("buyer").put("id", buyerParty.get("id").asText()).put("name", buyer);
        ObjectNode tender = release.putObject("tender");
        tender.put("id", ocid + "-tender");
        tender.put("title", "Supply, installation and maintenance of CCTV for " + buyer);
        tender.put("description", "The authority seeks a supplier for surveillance cameras, recorders and maintenance across "
                + (2 + random.nextInt(30)) + " sites, including remote monitoring and a five-year support agreement. "
                + "Tenderers must describe data protection measures and the origin of all equipment.");
        tender.put("status", stage == 0 ? "active" : "complete");
        tender.putObject("value").put("amount", 10_000 + random.nextInt(2_000_000)).put("currency", "GBP");
        tender.putObject("tenderPeriod").put("startDate", start + "T00:00:00Z").put("endDate", start.plusDays(28) + "T12:00:00Z");
        ArrayNode items = tender.putArray("items");
        int itemCount = 2 + random.nextInt(4);
        for (int i = 0; i < itemCount; i++) {
            ObjectNode item = items.addObject().put("id", Integer.toString(i + 1))
                    .put("description", ITEMS.get(random.nextInt(ITEMS.size())))
                    .put("quantity", 1 + random.nextInt(200));
            item.putObject("classification").put("scheme", "CPV").put("id", "35125300").put("description", "Security cameras");
            item.putObject("unit").put("name", "Unit").putObject("value").put("amount", 50 + random.nextInt(5000)).put("currency", "GBP");
        }
        ArrayNode documents = tender.putArray("documents");
        int documentCount = 2 + random.nextInt(5);
        for (int i = 0; i < documentCount; i++) {
            documents.addObject().put("id", Integer.toString(i + 1)).put("documentType", i == 0 ? "tenderNotice" : "technicalSpecifications")
                    .put("title", "Specification part " + (i + 1) + " for " + buyer)
                    .put("description", "Technical requirements for cameras, recorders, storage retention, cyber security and the supply chain.")
                    .put("url", "https://www.contractsfinder.service.gov.uk/Notice/Attachment/" + ocid + "-" + (i + 1))
                    .put("datePublished", start + "T09:00:00Z").put("format", "application/pdf").put("language", "en");
        }
        if (stage >= 2) {
            String supplier = SUPPLIERS.get(random.nextInt(SUPPLIERS.size()));
            String companyNumber = String.format("%08d", 1_000_000 + random.nextInt(9_000_000));
            ObjectNode supplierParty = parties.addObject().put("id", "GB-COH-" + companyNumber).put("name", supplier);
            supplierParty.putObject("identifier").put("scheme", "GB-COH").put("id", companyNumber);
            supplierParty.putArray("roles").add("supplier");
            ObjectNode award = release.putArray("awards").addObject();
            award.put("id", ocid + "-award-1").put("status", "active").put("date", start.plusDays(60) + "T00:00:00Z");
            award.putObject("value").put("amount", 9_000 + random.nextInt(1_900_000)).put("currency", "GBP");
            award.putArray("suppliers").addObject().put("id", "GB-COH-" + companyNumber).put("name", supplier);
        }
        if (stage >= 3) {
            ObjectNode contract = release.putArray("contracts").addObject();
            contract.put("id", ocid + "-contract-1").put("awardID", ocid + "-award-1").put("status", "active");
            contract.putObject("period").put("startDate", start.plusDays(90) + "T00:00:00Z").put("endDate", start.plusDays(90 + 365 * 5) + "T00:00:00Z");
        }
        return release;
    }
}
