#!/bin/sh
# Starts procwatch's Kafka broker in docker-compose.yml: makes the host listener's TLS key and certificate on the
# first start, formats the storage on the first start, then, once the broker answers on its in-container listener,
# sets the admin's SCRAM credential from the secret file. That happens at every start, so a changed file rotates
# the password and a volume from before SCRAM gains it.
set -eu
kafka=/opt/kafka/bin
config=/tmp/server.properties
tls=/etc/kafka/secrets         # the image makes it the broker user's own, so its volume is too
umask 077                         # the copy of the settings holds the keystore's password
cp /etc/procwatch/kafka/server.properties "$config"
echo "advertised.listeners=INTERNAL://kafka:9092,LOCAL://localhost:9094,EXTERNAL://localhost:${KAFKA_EXTERNAL_PORT:-29092}" >> "$config"

# The host listener (EXTERNAL) speaks TLS with a key made here, once, and kept in its volume: a client on the host
# trusts its certificate, kafka.pem in the same volume (docs/operations.md, "Security"). KAFKA_TLS_SAN adds names
# (e.g. "dns:kafka.example.org,ip:192.0.2.7") for clients that reach it by another.
if [ ! -s "$tls/kafka.p12" ]; then
    keytool -genkeypair -alias kafka -keyalg EC -groupname secp384r1 -sigalg SHA384withECDSA -validity 3650 \
        -dname "CN=localhost, O=procwatch" -ext "SAN=dns:localhost,ip:127.0.0.1${KAFKA_TLS_SAN:+,$KAFKA_TLS_SAN}" \
        -storetype PKCS12 -keystore "$tls/kafka.p12.new" -storepass:file /run/secrets/kafka_tls_password
    mv "$tls/kafka.p12.new" "$tls/kafka.p12"
fi
keytool -exportcert -rfc -alias kafka -keystore "$tls/kafka.p12" -storetype PKCS12 -storepass:file /run/secrets/kafka_tls_password \
    -file "$tls/kafka.pem.new" > /dev/null
chmod 644 "$tls/kafka.pem.new"    # the certificate is public: clients copy it out
mv "$tls/kafka.pem.new" "$tls/kafka.pem"
{
    echo "listener.name.external.ssl.keystore.type=PKCS12"
    echo "listener.name.external.ssl.keystore.location=$tls/kafka.p12"
    echo "listener.name.external.ssl.keystore.password=$(cat /run/secrets/kafka_tls_password)"
} >> "$config"
if [ ! -f /var/lib/kafka/data/meta.properties ]; then
    "$kafka/kafka-storage.sh" format --config "$config" --cluster-id "$CLUSTER_ID"
fi
rm -f /tmp/admin-ready
(
    until "$kafka/kafka-broker-api-versions.sh" --bootstrap-server localhost:9094 > /dev/null 2>&1; do
        sleep 2
    done
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
