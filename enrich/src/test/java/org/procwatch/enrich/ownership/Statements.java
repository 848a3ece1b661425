package org.procwatch.enrich.ownership;

import java.time.Instant;
import java.util.List;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.OwnershipInterest;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.SourceMetadata;
import org.procwatch.schemas.avro.StatementKind;

/** BODS statements as ingest produces them, for tests. */
public final class Statements {

    private Statements() {
    }

    public static OwnershipStatement company(String id, String name, String companyNumber) {
        return base(id, StatementKind.ENTITY).setName(name).setIdentifiers(List.of(new Identifier("GB-COH", companyNumber))).build();
    }

    /** {@code owner} holds {@code percent}% of the shares of {@code subject}. */
    public static OwnershipStatement owns(String id, String owner, String subject, double percent) {
        return base(id, StatementKind.RELATIONSHIP).setSubjectId(subject).setInterestedPartyId(owner)
                .setInterests(List.of(OwnershipInterest.newBuilder().setType("shareholding").setShareExact(percent).build())).build();
    }

    /** An interest that has ended. */
    public static OwnershipStatement owned(String id, String owner, String subject, String endDate) {
        return base(id, StatementKind.RELATIONSHIP).setSubjectId(subject).setInterestedPartyId(owner)
                .setInterests(List.of(OwnershipInterest.newBuilder().setType("shareholding").setShareExact(100.0).setEndDate(endDate).build()))
                .build();
    }

    private static OwnershipStatement.Builder base(String id, StatementKind kind) {
        return OwnershipStatement.newBuilder().setStatementId(id).setKind(kind).setStatementJson("{}")
                .setSource(SourceMetadata.newBuilder().setSource("file").setUri("test").setFetchedAt(Instant.EPOCH).build());
    }
}
