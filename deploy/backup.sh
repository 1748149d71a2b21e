#!/usr/bin/env bash
# Back the portal's database up: a pg_dump in the custom format (compressed, restorable table
# by table), named by the time, into BACKUP_DIR; keeps the last BACKUP_KEEP dumps.
#   DATABASE_URL=postgres://... BACKUP_DIR=/var/backups/qogam deploy/backup.sh
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL names the database to back up}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/qogam}
BACKUP_KEEP=${BACKUP_KEEP:-14}
mkdir -p "$BACKUP_DIR"
target="$BACKUP_DIR/qogam-$(date -u +%Y%m%dT%H%M%SZ).dump"
# Written under a temporary name first: a dump cut short is never taken for a good one.
pg_dump --dbname="$DATABASE_URL" --format=custom --no-owner --no-privileges --file="$target.part"
mv "$target.part" "$target"
ls -1t "$BACKUP_DIR"/qogam-*.dump | tail -n +"$((BACKUP_KEEP + 1))" | xargs -r rm --
echo "$target"
