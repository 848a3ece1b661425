package org.procwatch.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.procwatch.enrich.ownership.Statements.company;
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

    private final GlobalChanges changes = new GlobalChanges();
    private final SharedOwnershipGraph shared = new SharedOwnershipGraph(changes);
    private KeyValueStore<String, OwnershipStatement> store;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("ownership"), Serdes.String(),
                new AvroSerde<>(new InMemorySchemaRegistry(), OwnershipStatement.class, false)).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        apply(company("e-acme", "Acme Security Systems Ltd", "01234568"));
        apply(company("e-hold", "Northgate Holdings Ltd", "07654321"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void shouldBuildOneGraphForEveryTaskThatAsksAtTheSameChange() {
        SharedOwnershipGraph.Built first = shared.atLeast(changes.version(), store);
        SharedOwnershipGraph.Built second = shared.atLeast(changes.version(), store);

        assertThat(second.graph()).as("the second task gets the graph the first built").isSameAs(first.graph());
        assertThat(first.version()).isEqualTo(changes.version());
    }

    @Test
    void shouldBuildAgainOnceTheStoreHasChangedAndKeepTheNewerGraphForATaskThatLagsBehind() {
        SharedOwnershipGraph.Built before = shared.atLeast(changes.version(), store);
        assertThat(ownersOfAcme(before.graph())).isEmpty();
        long lagging = changes.version();

        apply(owns("r1", "e-hold", "e-acme", 100));
        SharedOwnershipGraph.Built after = shared.atLeast(changes.version(), store);

        assertThat(after.graph()).isNotSameAs(before.graph());
        assertThat(after.version()).isEqualTo(changes.version());
        assertThat(ownersOfAcme(after.graph())).containsExactly("e-hold");
        assertThat(shared.atLeast(lagging, store).graph()).as("a task that saw fewer changes gets the newer graph, not an older one")
                .isSameAs(after.graph());
    }

    private void apply(OwnershipStatement statement) {
        store.put(statement.getStatementId(), statement);
        changes.changed(0);
    }

    private static List<String> ownersOfAcme(OwnershipGraph graph) {
        return graph.ownersOf("Acme Security Systems Ltd", List.of(new Identifier("GB-COH", "01234568"))).stream()
                .map(owner -> owner.entity().getStatementId()).toList();
    }
}
