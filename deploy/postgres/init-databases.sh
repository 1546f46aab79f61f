#!/usr/bin/env bash
# One PostgreSQL server, two tenants: the app's `redress` database, and Temporal's `temporal` and
# `temporal_visibility` databases, each owned by its own login role so neither can touch the
# other's data. Run once by the postgres image's entrypoint (docker-entrypoint-initdb.d) on an
# EMPTY data volume, as the superuser, before the server starts listening on TCP.
#
# The Temporal schemas themselves are created afterwards by the `temporal-admin-tools` service
# (temporal-sql-tool --plugin postgres12 setup-schema / update-schema); the app's tables by the
# `migrate` service (TypeORM migrations).
#
# Passwords arrive as environment variables (from .env via docker-compose.yml) and are passed to
# psql as variables (:'name' quoting), never spliced into SQL text.
set -euo pipefail

: "${REDRESS_DB_PASSWORD:?REDRESS_DB_PASSWORD must be set}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD must be set}"

psql_super() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" "$@"
}

psql_super --dbname "${POSTGRES_DB:-postgres}" \
  --set=redress_password="$REDRESS_DB_PASSWORD" \
  --set=temporal_password="$TEMPORAL_DB_PASSWORD" <<'EOSQL'
CREATE ROLE redress LOGIN PASSWORD :'redress_password';
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';

CREATE DATABASE redress OWNER redress;
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;

-- Only each database's owner (and the superuser) may connect to it.
REVOKE ALL ON DATABASE redress FROM PUBLIC;
REVOKE ALL ON DATABASE temporal FROM PUBLIC;
REVOKE ALL ON DATABASE temporal_visibility FROM PUBLIC;
EOSQL

# Extensions the schemas expect, created here as the superuser so the owners need no extra rights:
# Temporal's v12 advanced-visibility schema uses btree_gin (its migration skips CREATE EXTENSION
# when it already exists); TypeORM's uuidExtension is pgcrypto.
psql_super --dbname temporal_visibility <<'EOSQL'
CREATE EXTENSION IF NOT EXISTS btree_gin;
EOSQL

psql_super --dbname redress <<'EOSQL'
CREATE EXTENSION IF NOT EXISTS pgcrypto;
EOSQL

echo "init-databases: created databases redress, temporal, temporal_visibility"
