#!/bin/sh
# Makes the password files docker-compose.yml mounts as secrets, each a random 48-hex-digit password, in
# ${PROCWATCH_SECRETS_DIR:-./secrets}. A file already there is kept, so running it again changes nothing; to rotate
# a password, delete its file, run this again and `docker compose up -d` (docs/operations.md, "Security").
set -eu
dir=${PROCWATCH_SECRETS_DIR:-./secrets}
umask 077
mkdir -p "$dir"
chmod 700 "$dir"                  # only the operator may list or open the folder on the host
for name in postgres_password sink_db_password analyst_db_password; do
    file="$dir/$name"
    if [ -s "$file" ]; then
        echo "kept $file"
        continue
    fi
    # 24 random bytes as hex, from the kernel: no openssl needed.
    od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$file"
    echo >> "$file"
    # The containers run as users of their own (postgres, procwatch), which must read the file Docker mounts.
    chmod 644 "$file"
    echo "made $file"
done
