# Sourced by the benchmarks: the store of a run on either backend (issue 15).
# With CKS_BENCH_DATABASE=postgresql://... the store is a fresh schema of
# that database (as tests/e2e/lib.sh makes one per test; citext and pg_trgm
# in public, as tests/servers/pg.sh makes them), else SQLite in
# $work/state/cksgate.db.  Needs $work set.
#   bench_store_init      sets BENCH_DB_LINE (a config line, or empty) and
#                         BENCH_STORE (SQLite or PostgreSQL)
#   bench_sql SQL         rows of SQL on the store ("|" between columns)
#   bench_snapshot NAME   keeps a copy of the store, bench_restore NAME puts
#                         it back (each run starts from the same store)
#   bench_store_drop      drops the schemas (call at exit)
BENCH_DB_URI=""
BENCH_DB_LINE=""
BENCH_SCHEMA=""
BENCH_STORE=SQLite
bench_store_init() {
	[ -n "${CKS_BENCH_DATABASE:-}" ] || return 0
	BENCH_STORE=PostgreSQL
	BENCH_SCHEMA=$(basename "$work" | tr 'A-Z-' 'a-z_')
	psql -X -q "$CKS_BENCH_DATABASE" -c "SET client_min_messages = warning;
		CREATE SCHEMA $BENCH_SCHEMA" > /dev/null
	BENCH_DB_URI="$CKS_BENCH_DATABASE?options=-csearch_path%3D$BENCH_SCHEMA%2Cpublic"
	BENCH_DB_LINE="database = $BENCH_DB_URI"
}
bench_sql() {
	if [ -n "$BENCH_DB_URI" ]; then
		psql -X -q -At -v ON_ERROR_STOP=1 "$BENCH_DB_URI" -c "$1"
	else
		sqlite3 -cmd '.timeout 5000' "$work/state/cksgate.db" "$1"
	fi
}
# A copy of a schema: pg_dump of it with its name changed (the names are
# unique enough, cks_*_bench_xxxxxx, not to occur in the data).
bench_snapshot() {
	if [ -n "$BENCH_DB_URI" ]; then
		psql -X -q "$CKS_BENCH_DATABASE" -c "SET client_min_messages = warning;
			DROP SCHEMA IF EXISTS ${BENCH_SCHEMA}_$1 CASCADE" > /dev/null
		pg_dump -n "$BENCH_SCHEMA" "$CKS_BENCH_DATABASE" |
			sed "s/\\b$BENCH_SCHEMA\\b/${BENCH_SCHEMA}_$1/g" |
			psql -X -q -v ON_ERROR_STOP=1 "$CKS_BENCH_DATABASE" > /dev/null
	else
		rm -f "$work/snap_$1.db"
		sqlite3 "$work/state/cksgate.db" ".backup '$work/snap_$1.db'"
	fi
}
bench_restore() {
	if [ -n "$BENCH_DB_URI" ]; then
		psql -X -q "$CKS_BENCH_DATABASE" -c "SET client_min_messages = warning;
			DROP SCHEMA $BENCH_SCHEMA CASCADE" > /dev/null
		pg_dump -n "${BENCH_SCHEMA}_$1" "$CKS_BENCH_DATABASE" |
			sed "s/\\b${BENCH_SCHEMA}_$1\\b/$BENCH_SCHEMA/g" |
			psql -X -q -v ON_ERROR_STOP=1 "$CKS_BENCH_DATABASE" > /dev/null
	else
		rm -f "$work/state/cksgate.db" "$work/state/cksgate.db-wal" "$work/state/cksgate.db-shm"
		# A log left beside the old file belongs to it (cksctl leaves
		# its log for the next opener): never replay it onto the copy.
		rm -f "$work/state/cksgate.db-wal" "$work/state/cksgate.db-shm"
		cp "$work/snap_$1.db" "$work/state/cksgate.db"
	fi
}
bench_store_drop() {
	[ -n "$BENCH_SCHEMA" ] || return 0
	psql -X -q "$CKS_BENCH_DATABASE" -At -c "SELECT nspname FROM pg_namespace
		WHERE nspname LIKE '${BENCH_SCHEMA}%'" 2>/dev/null | while read -r s; do
		psql -X -q "$CKS_BENCH_DATABASE" -c "SET client_min_messages = warning;
			DROP SCHEMA $s CASCADE" > /dev/null 2>&1 || true
	done
}
