package org.procwatch.launcher.setup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.procwatch.launcher.cli.SecretFile;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each stage's own Kafka user and the least its work needs, on a broker that authorizes (StandardAuthorizer, no ACL
 * meaning no access): ingest writes the input topics, enrich reads them and writes what it derives, the sink reads
 * that, the registry keeps its journal, a reader consumes alerts, a web UI looks. None may delete a topic or touch
 * another's group, and a stage's credentials stolen write nothing beyond its own topics. Set at every
 * {@code setup-kafka-users}: passwords are upserted (so a changed file rotates one), missing grants added and grants
 * these users hold beyond their list removed.
 */
final class KafkaAccess {

    private static final Logger log = LoggerFactory.getLogger(KafkaAccess.class);

    private static final int SCRAM_ITERATIONS = 8192;

    /** The users, each with the file of its password in the folder {@code setup --kafka-users-dir} names. */
    enum StageUser {
        INGEST("procwatch-ingest", "kafka_ingest_password"),
        ENRICH("procwatch-enrich", "kafka_enrich_password"),
        SINK("procwatch-sink", "kafka_sink_password"),
        REGISTRY("procwatch-registry", "kafka_registry_password"),
        READER("procwatch-reader", "kafka_reader_password"),
        UI("procwatch-ui", "kafka_ui_password");

        final String user;
        final String passwordFile;

        StageUser(String user, String passwordFile) {
            this.user = user;
            this.passwordFile = passwordFile;
        }

        String principal() {
            return "User:" + user;
        }
    }

    private static final List<TopicDescriptor<?, ?>> INPUTS = List.of(Topics.RELEASES, Topics.FOI_RESPONSES, Topics.WATCHLIST, Topics.OWNERSHIP);

    private KafkaAccess() {
    }

    /** What each user may do. */
    static List<AclBinding> grants(StageUser stage) {
        Grants grants = new Grants(stage.principal());
        switch (stage) {
            case INGEST -> {
                // It reads its own topics back: what is already there is not sent again.
                for (TopicDescriptor<?, ?> topic : INPUTS) {
                    grants.topic(topic, AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE);
                }
                grants.topic(Topics.INGEST_KEYS, AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE);
                grants.topic(Topics.INGEST_CHECKPOINTS, AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE);
                grants.topic(Topics.DLQ, AclOperation.WRITE, AclOperation.DESCRIBE);
                grants.prefixed(ResourceType.TRANSACTIONAL_ID, "procwatch-ingest", AclOperation.WRITE, AclOperation.DESCRIBE);
            }
            case ENRICH -> {
                for (TopicDescriptor<?, ?> topic : INPUTS) {
                    grants.topic(topic, AclOperation.READ, AclOperation.DESCRIBE);
                }
                for (TopicDescriptor<?, ?> topic : List.of(Topics.CONTRACTS, Topics.VENDOR_LINKS, Topics.ALERTS, Topics.DLQ)) {
                    grants.topic(topic, AclOperation.WRITE, AclOperation.DESCRIBE);
                }
                // Read as a table, written by the API's POST /api/reviews.
                grants.topic(Topics.REVIEWS, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE);
                // Kafka Streams' changelog and repartition topics, group and transactions are named after its application id.
                grants.prefixed(ResourceType.TOPIC, "procwatch-enrich", AclOperation.ALL);
                grants.prefixed(ResourceType.GROUP, "procwatch-enrich", AclOperation.READ, AclOperation.DESCRIBE);
                grants.prefixed(ResourceType.TRANSACTIONAL_ID, "procwatch-enrich", AclOperation.WRITE, AclOperation.DESCRIBE);
            }
            case SINK -> {
                for (TopicDescriptor<?, ?> topic : List.of(Topics.CONTRACTS, Topics.VENDOR_LINKS, Topics.ALERTS, Topics.FOI_RESPONSES,
                        Topics.REVIEWS)) {
                    grants.topic(topic, AclOperation.READ, AclOperation.DESCRIBE);
                }
                grants.topic(Topics.DLQ, AclOperation.WRITE, AclOperation.DESCRIBE);
                grants.prefixed(ResourceType.GROUP, "procwatch-sink", AclOperation.READ, AclOperation.DESCRIBE);
            }
            case REGISTRY -> {
                // Apicurio Registry's kafkasql storage: its journal and snapshot topics, its events topic (made at start
                // whether or not events are sent: Apicurio 3.3 does not start without it), and a new group at each start.
                grants.prefixed(ResourceType.TOPIC, "kafkasql-", AclOperation.ALL);
                grants.literal(ResourceType.TOPIC, "registry-events", AclOperation.ALL);
                grants.prefixed(ResourceType.GROUP, "apicurio-", AclOperation.READ, AclOperation.DESCRIBE);
            }
            case READER -> {
                grants.topic(Topics.ALERTS, AclOperation.READ, AclOperation.DESCRIBE);
                grants.prefixed(ResourceType.GROUP, "procwatch-reader", AclOperation.READ, AclOperation.DESCRIBE);
            }
            case UI -> {
                // A web UI that looks: every topic's records and settings, every group's offsets; it changes nothing.
                grants.literal(ResourceType.TOPIC, ResourcePattern.WILDCARD_RESOURCE, AclOperation.READ, AclOperation.DESCRIBE,
                        AclOperation.DESCRIBE_CONFIGS);
                grants.literal(ResourceType.GROUP, ResourcePattern.WILDCARD_RESOURCE, AclOperation.DESCRIBE);
            }
        }
        return grants.bindings;
    }

    /** Sets the users whose password file is in {@code folder}, and their grants. */
    static void apply(Admin admin, Path folder) throws InterruptedException, ExecutionException, TimeoutException {
        Map<StageUser, String> passwords = new LinkedHashMap<>();
        for (StageUser stage : StageUser.values()) {
            Path file = folder.resolve(stage.passwordFile);
            if (Files.exists(file)) {
                passwords.put(stage, SecretFile.read(file, "--kafka-users-dir"));
            }
        }
        if (passwords.isEmpty()) {
            throw new IllegalArgumentException("--kafka-users-dir " + folder + " holds none of the password files "
                    + java.util.Arrays.stream(StageUser.values()).map(stage -> stage.passwordFile).toList());
        }
        List<UserScramCredentialAlteration> upsertions = new ArrayList<>();
        passwords.forEach((stage, password) -> upsertions.add(new UserScramCredentialUpsertion(stage.user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password)));
        admin.alterUserScramCredentials(upsertions).all().get(60, TimeUnit.SECONDS);

        List<AclBinding> wanted = new ArrayList<>();
        passwords.keySet().forEach(stage -> wanted.addAll(grants(stage)));
        admin.createAcls(wanted).all().get(60, TimeUnit.SECONDS);
        List<AclBindingFilter> beyond = grantsBeyond(admin, passwords.keySet(), new HashSet<>(wanted));
        if (!beyond.isEmpty()) {
            admin.deleteAcls(beyond).all().get(60, TimeUnit.SECONDS);
        }
        log.info("Kafka users set: {} ({} grants; {} older grants beyond them removed)",
                passwords.keySet().stream().map(stage -> stage.user).toList(), wanted.size(), beyond.size());
    }

    private static List<AclBindingFilter> grantsBeyond(Admin admin, Collection<StageUser> stages, Set<AclBinding> wanted)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<AclBindingFilter> beyond = new ArrayList<>();
        for (StageUser stage : stages) {
            AclBindingFilter ofUser = new AclBindingFilter(ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter(stage.principal(), null, AclOperation.ANY, AclPermissionType.ANY));
            for (AclBinding binding : admin.describeAcls(ofUser).values().get(60, TimeUnit.SECONDS)) {
                if (!wanted.contains(binding)) {
                    beyond.add(binding.toFilter());
                }
            }
        }
        return beyond;
    }

    /** Allow-grants of one principal, from any host. */
    private static final class Grants {

        private final String principal;
        private final List<AclBinding> bindings = new ArrayList<>();

        Grants(String principal) {
            this.principal = principal;
        }

        void topic(TopicDescriptor<?, ?> topic, AclOperation... operations) {
            add(new ResourcePattern(ResourceType.TOPIC, topic.name(), PatternType.LITERAL), operations);
        }

        void literal(ResourceType type, String name, AclOperation... operations) {
            add(new ResourcePattern(type, name, PatternType.LITERAL), operations);
        }

        void prefixed(ResourceType type, String prefix, AclOperation... operations) {
            add(new ResourcePattern(type, prefix, PatternType.PREFIXED), operations);
        }

        private void add(ResourcePattern resource, AclOperation... operations) {
            for (AclOperation operation : operations) {
                bindings.add(new AclBinding(resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            }
        }
    }
}
