#!/usr/bin/env bash
# Restore a dump of deploy/backup.sh into a NEW, empty database (never over the live one):
#   deploy/restore.sh /var/backups/qogam/qogam-20260101T000000Z.dump postgres://.../qogam_restored
# The database is created when it does not exist; a database that has tables is refused.
set -euo pipefail
dump=${1:?the dump file to restore}
target=${2:?the URL of the new database to restore into}
name=${target##*/}
name=${name%%\?*}
server=${target%/*}/postgres
if ! psql --dbname="$server" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
  psql --dbname="$server" -q -c "CREATE DATABASE \"$name\""
fi
tables=$(psql --dbname="$target" -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ]; then
  echo "restore.sh: $name already has $tables tables; restore into a new database." >&2
  exit 1
fi
pg_restore --dbname="$target" --no-owner --no-privileges --exit-on-error --jobs=2 "$dump"
psql --dbname="$target" -q -c "ANALYZE"
echo "restored $dump into $name"
