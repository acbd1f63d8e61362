#!/bin/sh
# Creates (idempotently) and migrates Temporal's persistence and visibility schemas on PostgreSQL.
set -eu
nc -z -w 10 "$SQL_HOST" "$SQL_PORT"
SCHEMA_DIR=/etc/temporal/schema/postgresql/v12
sql() { temporal-sql-tool --plugin "$SQL_PLUGIN" --ep "$SQL_HOST" -u "$SQL_USER" -p "$SQL_PORT" "$@"; }
sql --db temporal create || true
sql --db temporal setup-schema -v 0.0 || true
sql --db temporal update-schema -d "$SCHEMA_DIR/temporal/versioned"
sql --db temporal_visibility create || true
sql --db temporal_visibility setup-schema -v 0.0 || true
sql --db temporal_visibility update-schema -d "$SCHEMA_DIR/visibility/versioned"
