#!/bin/sh
# Makes the password files docker-compose.yml mounts as secrets (PostgreSQL's users, Kafka's, the keystore of
# Kafka's host listener, the Kafka UI's login), each a random 48-hex-digit password, in
# ${PROCWATCH_SECRETS_DIR:-./secrets}. A file already there is kept, so running it again changes nothing; to rotate
# a password, delete its file, run this again and `docker compose up -d` (docs/operations.md, "Security").
set -eu
dir=${PROCWATCH_SECRETS_DIR:-./secrets}
umask 077
mkdir -p "$dir"
chmod 700 "$dir"                  # only the operator may list or open the folder on the host
for name in postgres_password sink_db_password analyst_db_password kafka_admin_password kafka_ingest_password \
        kafka_enrich_password kafka_sink_password kafka_registry_password kafka_reader_password kafka_ui_password kafka_tls_password \
        kafka_ui_login_password; do
    file="$dir/$name"
    if [ -s "$file" ]; then
        echo "kept $file"
        continue
    fi
    # 24 random bytes as hex, from the kernel (no openssl needed), and no line end: Kafka's clients read the
    # registry's and the UI's files whole, a newline included.
    od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$file"
    # The containers run as users of their own (postgres, procwatch), which must read the file Docker mounts.
    chmod 644 "$file"
    echo "made $file"
done
