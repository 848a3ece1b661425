#!/bin/sh
# Starts procwatch's Kafka broker in docker-compose.yml: formats the storage on the first start, then, once the
# broker answers on its in-container listener, sets the admin's SCRAM credential from the secret file. That
# happens at every start, so a changed file rotates the password and a volume from before SCRAM gains it.
set -eu
kafka=/opt/kafka/bin
config=/tmp/server.properties
cp /etc/procwatch/kafka/server.properties "$config"
echo "advertised.listeners=INTERNAL://kafka:9092,LOCAL://localhost:9094,EXTERNAL://localhost:${KAFKA_EXTERNAL_PORT:-29092}" >> "$config"
if [ ! -f /var/lib/kafka/data/meta.properties ]; then
    "$kafka/kafka-storage.sh" format --config "$config" --cluster-id "$CLUSTER_ID"
fi
rm -f /tmp/admin-ready
(
    until "$kafka/kafka-broker-api-versions.sh" --bootstrap-server localhost:9094 > /dev/null 2>&1; do
        sleep 2
    done
    umask 077
    # From a file, not the command line, which any process in the container could read.
    printf 'SCRAM-SHA-512=iterations=8192,password=%s\n' "$(cat /run/secrets/kafka_admin_password)" > /tmp/admin-scram.properties
    if "$kafka/kafka-configs.sh" --bootstrap-server localhost:9094 --alter --entity-type users --entity-name admin \
            --add-config-file /tmp/admin-scram.properties > /dev/null; then
        touch /tmp/admin-ready          # the healthcheck waits for this
    else
        echo "start.sh: could not set the admin's SCRAM credential; setup cannot log in" >&2
    fi
    rm -f /tmp/admin-scram.properties
) &
exec "$kafka/kafka-server-start.sh" "$config"
