#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests (issue 15): initdb in DIR as
# an unprivileged user (postgres when run as root, as CI does), listening
# on 127.0.0.1 on a port of its own and on a socket in DIR, never the
# system service.  Stopped by its PID.
#
#   pg.sh start DIR   prints the base URI (postgresql://cks@127.0.0.1:PORT/cks)
#                     and keeps it in DIR/uri; the postmaster's PID in DIR/pid
#   pg.sh stop DIR    stops it (SIGINT, a fast shutdown) and waits
#
# Trust authentication, on 127.0.0.1 and the private socket only: the
# cluster is a scratch one that lives as long as the tests.
set -euo pipefail

BIN=${CKS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
cmd=${1:?usage: pg.sh start|stop DIR}
dir=${2:?usage: pg.sh start|stop DIR}

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$cmd" in
start)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	[ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
	as_owner "$BIN/initdb" -D "$dir/data" -U cks --auth=trust -E UTF8 \
		--locale=C.UTF-8 > "$dir/initdb.log" 2>&1
	mkdir -p "$dir/sock"
	[ "$(id -u)" -ne 0 ] || chown postgres: "$dir/sock"
	# fsync off: a scratch cluster; the tests time the code, not the disk.
	# CKS_PG_DURABLE=1 keeps PostgreSQL's durable defaults instead: the
	# benchmarks (bench/backends.sh) compare it with SQLite, which syncs
	# every commit.
	durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	[ -z "${CKS_PG_DURABLE:-}" ] ||
		durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
	# A port picked by the kernel can be taken before the postmaster binds
	# it: try a few.
	for attempt in 1 2 3 4 5; do
		port=$(free_port)
		as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-h 127.0.0.1 -p $port -k $dir/sock $durability \
			-c max_connections=300" start > /dev/null 2>&1 && break
		port=""
	done
	if [ -z "$port" ]; then
		echo "pg.sh: the cluster did not start; see $dir/server.log" >&2
		exit 1
	fi
	head -n 1 "$dir/data/postmaster.pid" > "$dir/pid"
	"$BIN/psql" -q -h 127.0.0.1 -p "$port" -U cks -d postgres \
		-c "CREATE DATABASE cks" > /dev/null
	# The tests give each store a schema of its own, public behind it on
	# the search path: citext and pg_trgm made once in public serve them
	# all (made by the first store, they would land in that store's schema
	# only).
	"$BIN/psql" -q -h 127.0.0.1 -p "$port" -U cks -d cks \
		-c "CREATE EXTENSION citext SCHEMA public" \
		-c "CREATE EXTENSION pg_trgm SCHEMA public" > /dev/null
	echo "postgresql://cks@127.0.0.1:$port/cks" > "$dir/uri"
	cat "$dir/uri"
	;;
stop)
	[ -s "$dir/pid" ] || exit 0
	pid=$(cat "$dir/pid")
	kill -INT "$pid" 2>/dev/null || exit 0
	for _ in $(seq 1 600); do
		kill -0 "$pid" 2>/dev/null || exit 0
		sleep 0.1
	done
	echo "pg.sh: postmaster $pid did not stop" >&2
	exit 1
	;;
*)
	echo "usage: pg.sh start|stop DIR" >&2
	exit 2
	;;
esac
