package org.procwatch.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.procwatch.enrich.ownership.Statements.company;
import static org.procwatch.enrich.ownership.Statements.owned;
import static org.procwatch.enrich.ownership.Statements.owns;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.procwatch.enrich.ownership.OwnershipGraph;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.registry.InMemorySchemaRegistry;
import org.procwatch.schemas.serde.AvroSerde;

class SharedOwnershipGraphTest {

    private final SharedOwnershipGraph shared = new SharedOwnershipGraph();
    private KeyValueStore<String, OwnershipStatement> store;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("ownership"), Serdes.String(),
                new AvroSerde<>(new InMemorySchemaRegistry(), OwnershipStatement.class, false)).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void shouldReadTheStoreOnceAndGiveEveryTaskTheSameGraph() {
        apply(company("e-acme", "Acme Security Systems Ltd", "01234568"));
        apply(company("e-hold", "Northgate Holdings Ltd", "07654321"));
        apply(owns("r1", "e-hold", "e-acme", 100));

        OwnershipGraph first = shared.graph(store);

        assertThat(ownersOfAcme(first)).as("statements applied before any task asked, read from the store").containsExactly("e-hold");
        assertThat(shared.graph(store)).as("the next task gets the same graph").isSameAs(first);
        assertThat(shared.changes().version()).isEqualTo(3);
    }

    @Test
    void shouldKeepTheGraphAsStatementsArriveChangeAndGo() {
        apply(company("e-acme", "Acme Security Systems Ltd", "01234568"));
        apply(company("e-hold", "Northgate Holdings Ltd", "07654321"));
        apply(company("e-parent", "Northgate Group plc", "07000001"));
        OwnershipGraph graph = shared.graph(store);
        assertThat(ownersOfAcme(graph)).isEmpty();

        apply(owns("r1", "e-hold", "e-acme", 100));
        apply(owns("r2", "e-parent", "e-hold", 60));
        assertThat(ownersOfAcme(graph)).as("new statements, up the chain").containsExactly("e-hold", "e-parent");

        apply(owned("r2", "e-parent", "e-hold", "2025-01-01"));
        assertThat(ownersOfAcme(graph)).as("a statement replaced by one whose interest has ended").containsExactly("e-hold");

        shared.apply(store, "r1", null, 0);
        assertThat(ownersOfAcme(graph)).as("a statement removed").isEmpty();
        assertThat(store.get("r1")).isNull();
    }

    private void apply(OwnershipStatement statement) {
        shared.apply(store, statement.getStatementId(), statement, 0);
    }

    private static List<String> ownersOfAcme(OwnershipGraph graph) {
        return graph.ownersOf("Acme Security Systems Ltd", List.of(new Identifier("GB-COH", "01234568"))).stream()
                .map(owner -> owner.entity().getStatementId()).toList();
    }
}
