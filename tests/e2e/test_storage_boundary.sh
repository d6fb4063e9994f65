#!/usr/bin/env bash
# The storage layer is sealed: only lib/storage/ includes sqlite3.h or libpq-fe.h or calls the
# SQLite or libpq C API (sqlite3_*, SQLITE_* codes, PQ* functions); the domain (lib/), the CLI
# (cli/) and their SQL see Db, Stmt and Txn only. A new direct call anywhere else fails here, naming the file and line.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
hits=$(grep -rnE 'sqlite3\.h|sqlite3_[a-z]|SQLITE_[A-Z]|sqlite3changeset|sqlite3session|libpq-fe\.h|\bPQ[a-z]+\(' \
         "$root/lib" "$root/cli" --include='*.cpp' --include='*.h' | grep -v "^$root/lib/storage/" || true)
check; [ -z "$hits" ] || fail "the SQLite API is used outside lib/storage/:
$hits"
# SQL outside the storage layer uses spellings both engines accept; SQLite's own words
# (group_concat, julianday, instr, GLOB, INSERT OR …, INDEXED BY, `a IS b` for IS NOT DISTINCT
# FROM) go through storage/dialect.h, as functions or as %placeholders. Comments and messages may
# name them.
spellings=$(grep -rnE 'group_concat|julianday|instr\(|[^A-Za-z_]GLOB[^A-Za-z_]|INSERT OR |INDEXED BY| IS (NOT )?[a-z?(]' \
              "$root/lib" "$root/cli" --include='*.cpp' --include='*.h' | grep -v "^$root/lib/storage/" |
              grep -vE ':[0-9]+: *(//|/\*|\*)' || true)
check; [ -z "$spellings" ] || fail "SQLite-only SQL outside lib/storage/ (use the dialect):
$spellings"
# The check above finds what it looks for: the dialect itself spells them.
check; grep -q 'group_concat' "$root/lib/storage/dialect.cpp" && grep -q 'julianday' "$root/lib/storage/dialect.cpp" ||
  fail "lib/storage/dialect.cpp no longer spells group_concat and julianday"
# The storage layer's own files do use it (the check above would pass vacuously if they moved).
check; grep -q 'sqlite3_prepare' "$root/lib/storage/sqlite_engine.cpp" || fail "lib/storage/sqlite_engine.cpp no longer holds the SQLite calls"
check; grep -q 'PQexecPrepared' "$root/lib/storage/postgres_engine.cpp" || fail "lib/storage/postgres_engine.cpp no longer holds the libpq calls"
# lib/ shows the architecture: every source file sits in its layer's folder (storage, records,
# domain, io, reports, core) and is included by that path, never by a bare name.
loose=$(find "$root/lib" -maxdepth 1 -type f -name '*.[ch]*' || true)
check; [ -z "$loose" ] || fail "files outside lib/'s folders: $loose"
bare=$(grep -rnE '#include "[a-z_0-9]+\.h"' "$root/lib" "$root/cli" "$root/tests" "$root/bench" --include='*.cpp' --include='*.h' |
       while IFS=: read -r file line text; do
         h=$(sed -E 's/.*"([^"]+)".*/\1/' <<<"$text")
         [ -n "$(find "$root/lib" -name "$h")" ] && echo "$file:$line: $h"
       done || true)
check; [ -z "$bare" ] || fail "a lib/ header included by its bare name (write its folder, e.g. \"storage/db.h\"):
$bare"
finish
