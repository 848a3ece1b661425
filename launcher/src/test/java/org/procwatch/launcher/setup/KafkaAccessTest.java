package org.procwatch.launcher.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.procwatch.launcher.setup.KafkaAccess.StageUser;
import org.procwatch.schemas.topic.Topics;

/** The grants as a policy: what no stage may ever be given. (KafkaAclsIT shows they suffice for the work.) */
class KafkaAccessTest {

    @Test
    void shouldGiveNoStageTheClusterOrThePowerToDeleteOrReconfigureAnotherStagesTopic() {
        for (StageUser stage : StageUser.values()) {
            for (AclBinding grant : KafkaAccess.grants(stage)) {
                assertThat(grant.entry().principal()).isEqualTo("User:" + stage.user);
                assertThat(grant.entry().host()).isEqualTo("*");
                assertThat(grant.pattern().resourceType()).as("%s", grant).isNotEqualTo(ResourceType.CLUSTER);
                if (grant.pattern().patternType() == PatternType.LITERAL) {
                    boolean registrysOwn = grant.pattern().name().equals("registry-events");
                    assertThat(grant.entry().operation()).as("%s on a shared topic", grant).isIn(AclOperation.READ, AclOperation.WRITE,
                            AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, registrysOwn ? AclOperation.ALL : AclOperation.READ);
                } else {
                    // ALL only on names that are the stage's own: Kafka Streams' internal topics, the registry's journal.
                    assertThat(grant.pattern().name()).as("%s", grant).isIn("procwatch-ingest", "procwatch-enrich", "procwatch-sink",
                            "procwatch-reader", "kafkasql-", "apicurio-");
                }
            }
        }
    }

    @Test
    void shouldLetOnlyIngestWriteTheInputsAndOnlyEnrichTheAlerts() {
        assertThat(writers(Topics.WATCHLIST.name())).containsExactly(StageUser.INGEST);
        assertThat(writers(Topics.RELEASES.name())).containsExactly(StageUser.INGEST);
        assertThat(writers(Topics.ALERTS.name())).containsExactly(StageUser.ENRICH);
        assertThat(writers(Topics.CONTRACTS.name())).containsExactly(StageUser.ENRICH);
        assertThat(writers(Topics.DLQ.name())).containsExactlyInAnyOrder(StageUser.INGEST, StageUser.ENRICH, StageUser.SINK);
    }

    @Test
    void shouldLetTheUiLookAtEverythingAndChangeNothing() {
        assertThat(KafkaAccess.grants(StageUser.UI)).extracting(grant -> grant.entry().operation())
                .containsOnly(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
    }

    private static List<StageUser> writers(String topic) {
        return java.util.Arrays.stream(StageUser.values())
                .filter(stage -> KafkaAccess.grants(stage).stream().anyMatch(grant -> grant.pattern().name().equals(topic)
                        && grant.entry().operation() == AclOperation.WRITE))
                .toList();
    }
}
