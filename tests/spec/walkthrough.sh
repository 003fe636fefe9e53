#!/usr/bin/env bash
# A client written from the four spec documents alone (../shared/spec: benchphant-api.md,
# connections-api.md, perfwatch-api.md, tenantsdb-api.md): their curl calls and example bodies, in
# their order. It stops at the first answer the spec does not predict (any 4xx or 5xx not named).
#
# Where the documents cannot be followed word for word, the change is marked DEVIATION:
# the server's address, real database hosts instead of example ones, unique names so parallel
# runs do not collide, and the saved connection a workspace lives on.
#
# Needs: BASE (http://127.0.0.1:PORT/api/v1), ADMIN_PASSWORD (of the account `admin`, made with
# `benchphant users add admin`), PG_HOST, PG_PORT, RUN (a short unique suffix).
set -euo pipefail

: "${BASE:?}" "${ADMIN_PASSWORD:?}" "${PG_HOST:?}" "${PG_PORT:?}" "${RUN:?}"
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
STEP=0

# call METHOD PATH AUTH [BODY] -- then: expect CODE...
call() {
  local method=$1 path=$2 auth=$3 body=${4:-}
  STEP=$((STEP + 1))
  local args=(-sS -o "$OUT" -w '%{http_code}' -X "$method" "$BASE$path")
  case $auth in
    basic) args+=(-u "admin:$ADMIN_PASSWORD") ;;
    none) ;;
    *) args+=(-H "Authorization: Bearer $auth") ;;
  esac
  if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' --data "$body"); fi
  CODE=$(curl "${args[@]}")
  LAST="$method $path"
}
expect() {
  for ok in "$@"; do [ "$CODE" = "$ok" ] && { echo "ok $STEP $LAST -> $CODE"; return 0; }; done
  echo "UNPREDICTED $STEP $LAST -> $CODE (spec: $*)" >&2
  cat "$OUT" >&2
  echo >&2
  exit 1
}
field() { node -e 'const v=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));let x=v;for(const k of process.argv[2].split("."))x=x?.[k];process.stdout.write(String(x??""))' "$OUT" "$1"; }

# --- benchphant-api.md (Basic authentication) -------------------------------------------------
call GET /connections basic; expect 200
# DEVIATION: this machine's PostgreSQL instead of the example host; trust auth, no password.
call POST /connections basic "{\"name\":\"spec-pg-$RUN\",\"host\":\"$PG_HOST\",\"port\":$PG_PORT,\"username\":\"postgres\",\"password\":\"\",\"database\":\"test\",\"type\":\"postgresql\",\"tags\":[\"spec\"]}"
expect 201
CONN=$(field id)
call POST /connections/test basic "{\"host\":\"$PG_HOST\",\"port\":$PG_PORT,\"username\":\"postgres\",\"password\":\"\",\"database\":\"test\",\"type\":\"postgresql\"}"
expect 200
# DEVIATION: a schema of its own (not in the spec's body) so parallel runs do not share tables.
call POST /benchmarks basic "{\"connection_id\":\"$CONN\",\"type\":\"oltp_point_select\",\"duration\":1,\"threads\":1,\"parameters\":{\"tables\":\"1\",\"table_size\":\"100\"},\"schema\":\"spec_$RUN\",\"cleanup\":true}"
expect 201
RUN_ID=$(field id)
call GET "/benchmarks/$RUN_ID" basic; expect 200

# --- connections-api.md ---------------------------------------------------------------------
call POST /connections/ basic "{\"name\":\"Production DB $RUN\",\"vault_path\":\"secret/database/connections/prod-main-$RUN\",\"environment\":\"production\",\"description\":\"Основная продакшн база данных\",\"tags\":[\"production\",\"critical\",\"main\"],\"is_active\":true,\"host\":\"$PG_HOST\",\"port\":$PG_PORT,\"database\":\"test\",\"username\":\"postgres\",\"password\":\"secure_password_123\"}"
expect 201
PROD=$(field id)
[ "$(field vault_path)" = "secret/database/connections/prod-main-$RUN" ] || { echo "vault_path not returned" >&2; exit 1; }
call GET /connections/ basic; expect 200
call GET "/connections/$PROD" basic; expect 200
call PUT "/connections/$PROD" basic '{"host":"new-prod-db.example.com"}'; expect 200
call GET /connections/999999 basic; expect 404
call DELETE "/connections/$PROD" basic; expect 200

# --- perfwatch-api.md (JWT) -----------------------------------------------------------------
call POST /auth/login none "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}"; expect 200
JWT=$(field access_token)
call GET /auth/me "$JWT"; expect 200
call GET '/history/metrics?metric_type=cpu&start_time=2025-01-18T10:00:00Z&end_time=2025-01-18T14:00:00Z&interval=1m' "$JWT"; expect 200
call GET /history/metrics/types "$JWT"; expect 200
call GET '/history/compare?metric_type=cpu&period=hour&compare_to=yesterday' "$JWT"; expect 200
call GET /config "$JWT"; expect 200
call PUT /config "$JWT" '{"retention_days":60,"archive_enabled":true}'; expect 200
call GET /config/retention "$JWT"; expect 200
call PUT /auth/password "$JWT" "{\"current_password\":\"$ADMIN_PASSWORD\",\"new_password\":\"newSecurePassword123\"}"; expect 200
ADMIN_PASSWORD=newSecurePassword123
call POST /auth/logout "$JWT"; expect 200
call GET /auth/me "$JWT"; expect 401

# --- tenantsdb-api.md (API key) -------------------------------------------------------------
call GET / none; expect 200
call GET /health none; expect 200
# DEVIATION: the server already has an account, so an administrator signs the new one up.
call POST /signup basic "{\"email\":\"you-$RUN@company.com\",\"password\":\"yourpassword\",\"project_name\":\"My Project\"}"
expect 201
KEY=$(field api_key)
call POST /login none "{\"email\":\"you-$RUN@company.com\",\"password\":\"yourpassword\"}"; expect 200
call GET /projects "$KEY"; expect 200
call GET /apikeys "$KEY"; expect 200
call POST /apikeys "$KEY" '{"project_name":"Key Name"}'; expect 201
SECOND=$(field id)
call DELETE "/apikeys/$SECOND" "$KEY"; expect 200

call GET /workspaces "$KEY"; expect 200
# DEVIATION: a unique name, and the saved connection the workspace's database lives on.
APP="myapp_$RUN"
call POST /workspaces "$KEY" "{\"name\":\"$APP\",\"database\":\"PostgreSQL\",\"connection_id\":\"$CONN\"}"; expect 201
call GET "/workspaces/$APP" "$KEY"; expect 200
call POST "/workspaces/$APP/schema" "$KEY" '{"source":"template","template":"fintech"}'; expect 200
call GET "/workspaces/$APP/schema" "$KEY"; expect 200
call POST "/workspaces/$APP/queries" "$KEY" '{"query":"SELECT * FROM accounts"}'; expect 200
call GET "/workspaces/$APP/diff" "$KEY"; expect 200
call GET "/workspaces/$APP/settings" "$KEY"; expect 200
[ "$(field connection_id)" = "$CONN" ] || { echo "settings do not name the workspace's connection" >&2; exit 1; }
# DEVIATION: the spec gives no body for the settings; these are the fields the settings hold.
call POST "/workspaces/$APP/settings" "$KEY" '{"default_isolation_level":1,"default_parallelism":2,"slow_query_ms":500}'; expect 200
[ "$(field default_parallelism)" = 2 ] || { echo "settings not saved" >&2; exit 1; }
# DEVIATION: this machine's PostgreSQL (trust auth, so the example password is not checked) and the
# workspace's own development database as the source, into a second workspace.
COPY="${APP}_copy"
call POST /workspaces "$KEY" "{\"name\":\"$COPY\",\"database\":\"PostgreSQL\",\"connection_id\":\"$CONN\"}"; expect 201
call POST "/workspaces/$COPY/schema" "$KEY" "{\"source\":\"database\",\"connection\":{\"type\":\"postgresql\",\"host\":\"$PG_HOST\",\"port\":$PG_PORT,\"database\":\"${APP}_dev\",\"user\":\"postgres\",\"password\":\"secret\"}}"
expect 200
grep -q '"accounts"' "$OUT" || { echo "the inline source's tables were not imported" >&2; exit 1; }
call DELETE "/workspaces/$COPY" "$KEY"; expect 200

call GET /blueprints "$KEY"; expect 200
TENANT="acme_$RUN"
# No deploy step: the tenant's blueprint is cut from the workspace's pending changes.
call POST /tenants "$KEY" "{\"tenant_id\":\"$TENANT\",\"databases\":[{\"blueprint\":\"$APP\",\"isolation_level\":1}]}"; expect 201
call GET /blueprints "$KEY"; expect 200
call GET "/blueprints/$APP" "$KEY"; expect 200
call GET "/blueprints/$APP/versions" "$KEY"; expect 200
call GET /tenants "$KEY"; expect 200
call GET "/tenants/$TENANT" "$KEY"; expect 200
call POST "/tenants/$TENANT/suspend" "$KEY"; expect 200
call POST "/tenants/$TENANT/resume" "$KEY"; expect 200
call GET "/tenants/$TENANT/logs?type=slow&since=24h" "$KEY"; expect 200
call GET "/tenants/$TENANT/logs/stats" "$KEY"; expect 200
call GET "/tenants/$TENANT/metrics" "$KEY"; expect 200
call GET "/tenants/$TENANT/deployments" "$KEY"; expect 200
call GET "/tenants/nobody_$RUN/deployments" "$KEY"; expect 404

# Isolation level 2 without a server: provisioning until the VM callback names one.
DEDICATED="beta_$RUN"
call POST /tenants "$KEY" "{\"tenant_id\":\"$DEDICATED\",\"databases\":[{\"blueprint\":\"$APP\",\"isolation_level\":2}]}"; expect 201
[ "$(field status)" = provisioning ] || { echo "a level-2 tenant without a server is $(field status)" >&2; exit 1; }
# DEVIATION: the spec gives no body; this one names the tenant and the saved server connection.
call POST /webhooks/vm-ready "$KEY" "{\"tenant_id\":\"$DEDICATED\",\"connection_id\":\"$CONN\"}"; expect 200
[ "$(field status)" = ready ] || { echo "vm-ready left the tenant $(field status)" >&2; exit 1; }
call PATCH "/tenants/$TENANT/isolation" "$KEY" '{"isolation_level":2}'; expect 200
[ "$(field status)" = provisioning ] || { echo "isolation 2 without a server is $(field status)" >&2; exit 1; }
call POST /webhooks/vm-ready "$KEY" "{\"tenant_id\":\"$TENANT\",\"connection_id\":\"$CONN\"}"; expect 200
[ "$(field status)" = ready ] || { echo "vm-ready left the tenant $(field status)" >&2; exit 1; }

call GET /deployments "$KEY"; expect 200
# A new change in the workspace, then the spec's deployment with its version as written.
call POST "/workspaces/$APP/queries" "$KEY" '{"query":"CREATE TABLE spec_notes (id integer PRIMARY KEY)"}'; expect 200
call POST /deployments "$KEY" "{\"blueprint_name\":\"$APP\",\"version\":\"v3\",\"deploy_all\":true}"; expect 201
JOB=$(field job_id)
for _ in $(seq 1 120); do
  call GET "/deployments/$JOB" "$KEY"; expect 200
  case $(field status) in completed | failed | halted | interrupted) break ;; esac
  sleep 0.5
done
[ "$(field status)" = completed ] || { echo "deployment ended $(field status)" >&2; exit 1; }
call GET "/blueprints/$APP/versions" "$KEY"; expect 200
grep -q '"3.0"' "$OUT" || { echo "version v3 was not cut as 3.0" >&2; exit 1; }

call POST /admin/query "$KEY" "{\"tenant_id\":\"$TENANT\",\"query\":\"SELECT * FROM accounts\",\"database_type\":\"PostgreSQL\",\"blueprint\":\"$APP\",\"all_tenants\":false}"; expect 200
call DELETE "/tenants/$TENANT" "$KEY"; expect 200
call POST "/tenants/$TENANT/restore" "$KEY"; expect 200
call DELETE "/tenants/$TENANT" "$KEY"; expect 200
echo "spec walkthrough: $STEP calls, none unpredicted"
