#!/bin/bash
# The sitting's two apps on one fresh PostgreSQL database, as a user would run them:
#   the example app (occ) on :18080 (actuator :18081) as shop_app, a role that owns nothing and
#     cannot bypass row-level security, Flyway as shop_owner (README, Security);
#   the JPA peer on :18090 as postgres (row-level security does not bind it: it never sets a shop).
# Both: Hikari pool 5, READ COMMITTED, -Xmx512m, days in UTC. 24 demo cards of the north shop plus
# 276 more (seed-300-cards.sql), so the board of today and tomorrow holds 300 cards.
#   apps.sh start JARS_DIR | apps.sh stop     (DB: the database, default sitting; LOGS: where the
#   apps' logs go, default this directory)
set -euo pipefail
DB=${DB:-sitting}
PSQL="psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1"
HERE=$(cd "$(dirname "$0")" && pwd)
LOGS=${LOGS:-$HERE}
case "$1" in
start)
  JARS=$2
  $PSQL -d test <<SQL
DROP DATABASE IF EXISTS $DB;
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shop_owner') THEN
    CREATE ROLE shop_owner LOGIN PASSWORD 'owner-secret'; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shop_app') THEN
    CREATE ROLE shop_app LOGIN PASSWORD 'app-secret' NOSUPERUSER NOBYPASSRLS; END IF;
END \$\$;
CREATE DATABASE $DB OWNER shop_owner;
\c $DB
CREATE SCHEMA shop AUTHORIZATION shop_owner;
ALTER ROLE shop_owner SET search_path = shop;
ALTER ROLE shop_app SET search_path = shop;
GRANT USAGE ON SCHEMA shop TO shop_app;
ALTER DEFAULT PRIVILEGES FOR ROLE shop_owner IN SCHEMA shop
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO shop_app;
ALTER DEFAULT PRIVILEGES FOR ROLE shop_owner IN SCHEMA shop GRANT USAGE, SELECT ON SEQUENCES TO shop_app;
SQL
  SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/$DB SPRING_DATASOURCE_USERNAME=shop_app \
  SPRING_DATASOURCE_PASSWORD=app-secret SPRING_FLYWAY_USER=shop_owner SPRING_FLYWAY_PASSWORD=owner-secret \
  SHOP_DEMO_DATA=true SHOP_ZONE=UTC MANAGEMENT_PORT=18081 \
    nohup java -Xmx512m -jar "$JARS/example-app.jar" --server.port=18080 > "$LOGS/occ-app.log" 2>&1 &
  echo $! > /tmp/sitting-occ.pid
  until curl -fs -o /dev/null http://127.0.0.1:18080/healthz; do sleep 1; done
  until $PSQL -d $DB -At -c "SELECT count(*) FROM shop.users" | grep -qv '^0$'; do sleep 1; done
  $PSQL -d $DB -c "SET search_path = shop" -f "$HERE/seed-300-cards.sql"
  $PSQL -d $DB -c "ANALYZE"
  TZ=UTC nohup java -Xmx512m -cp "$JARS/benchmarks.jar" dev.occ.bench.jpa.JpaShopApplication \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB?currentSchema=shop" \
    --spring.datasource.username=postgres --spring.flyway.enabled=false --server.port=18090 \
    --shop.zone=UTC > "$LOGS/jpa-app.log" 2>&1 &
  echo $! > /tmp/sitting-jpa.pid
  until curl -fs -o /dev/null http://127.0.0.1:18090/healthz; do sleep 1; done
  echo "occ pid $(cat /tmp/sitting-occ.pid), jpa pid $(cat /tmp/sitting-jpa.pid)"
  ;;
stop)
  kill "$(cat /tmp/sitting-occ.pid)" "$(cat /tmp/sitting-jpa.pid)" 2>/dev/null || true
  ;;
esac
