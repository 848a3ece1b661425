package org.procwatch.schemas.serde;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.registry.SchemaRegistryClient;

/**
 * The serde settings a Kafka client config may carry, under the names Confluent's serdes use, so a
 * properties file written for them works here too.
 *
 * @param registryUrl  {@code schema.registry.url}
 * @param autoRegister {@code auto.register.schemas}, true unless set to false
 */
record SerdeConfig(String registryUrl, boolean autoRegister) {

    static final String REGISTRY_URL = "schema.registry.url";
    static final String AUTO_REGISTER = "auto.register.schemas";

    static SerdeConfig from(Map<String, ?> configs) {
        Object url = configs.get(REGISTRY_URL);
        Object autoRegister = configs.get(AUTO_REGISTER);
        return new SerdeConfig(url == null ? null : url.toString(),
                autoRegister == null || Boolean.parseBoolean(autoRegister.toString()));
    }

    SchemaRegistryClient registryClient() {
        if (registryUrl == null || registryUrl.isBlank()) {
            throw new ConfigException(REGISTRY_URL, null, "An Avro serde needs the schema registry's URL");
        }
        return new RestSchemaRegistryClient(registryUrl.split(",")[0].trim());
    }
}
