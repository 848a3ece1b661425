package org.procwatch.launcher.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import picocli.CommandLine;

/** {@code setup} against the real broker and registry: every topic and value schema there, and a second run changes nothing. */
@ExtendWith(LocalStackExtension.class)
class SetupCommandIT {

    @Test
    void shouldLeaveEveryTopicAndSchemaInPlaceAndChangeNothingWhenRunAgain(LocalStack stack) throws Exception {
        String[] args = {"--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl()};
        assertThat(new CommandLine(new SetupCommand()).execute(args)).isZero();

        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        List<TopicDescriptor<?, ?>> avroTopics = Topics.allWithInternal().stream().filter(topic -> topic.valueSchema().isPresent()).toList();
        assertThat(avroTopics).isNotEmpty();
        Map<String, Integer> ids = new java.util.HashMap<>();
        for (TopicDescriptor<?, ?> topic : avroTopics) {
            ids.put(topic.name(), registry.idOf(topic.name() + "-value", topic.valueSchema().get()));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .containsAll(Topics.allWithInternal().stream().map(TopicDescriptor::name).toList());
        }

        assertThat(new CommandLine(new SetupCommand()).execute(args)).as("idempotent").isZero();
        for (TopicDescriptor<?, ?> topic : avroTopics) {
            assertThat(registry.idOf(topic.name() + "-value", topic.valueSchema().get())).isEqualTo(ids.get(topic.name()));
        }
    }
}
