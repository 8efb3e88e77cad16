#!/usr/bin/env bash
# Fetches the schema corpus of the introspect corpus tests: SQL schemas that
# Debian packages ship for their own databases (RT, Bacula, Kamailio,
# FreeRADIUS, PowerDNS, Roundcube, Tiny Tiny RSS, Icinga 2, MediaWiki), so
# inspectdb, migrations and codegen are tried on schemas that no one here wrote.
#
#   tests/integration/introspect/fetch_corpus.sh DEST [PACKAGE...]
#
# Without PACKAGE, every package of the corpus. The tests call it for their
# own package; runs in parallel wait for each other (flock on DEST/.lock).
#
# Each package is downloaded with `apt-get download` into DEST/debs and only
# its schema files are extracted, at their paths in the package, into
# DEST/<package>/ (with its version in
# DEST/<package>/VERSION). A second run finds them there and fetches nothing.
# Nothing is installed and nothing is committed: DEST is in the build tree.
# A package that cannot be fetched gets DEST/<package>/UNAVAILABLE with the
# reason (tried again on the next run); its tests then skip naming the package. The script never fails the
# build for that: it exits 0 unless DEST cannot be written.
set -uo pipefail

dest=${1:?usage: fetch_corpus.sh DEST}
mkdir -p "$dest/debs" || exit 1
dest=$(cd "$dest" && pwd)
shift
exec 9>"$dest/.lock"
flock 9 2>/dev/null || true

# package -> files or globs inside it (paths relative to the package's root).
declare -A FILES=(
  [bacula-director-pgsql]="usr/share/dbconfig-common/data/bacula-director-pgsql/install/pgsql"
  [bacula-director-sqlite3]="usr/share/dbconfig-common/data/bacula-director-sqlite3/install/sqlite3"
  [freeradius-config]="etc/freeradius/3.0/mods-config/sql/main/postgresql/schema.sql
                       etc/freeradius/3.0/mods-config/sql/main/sqlite/schema.sql"
  [request-tracker5]="usr/share/request-tracker5/etc/schema.Pg usr/share/request-tracker5/etc/schema.SQLite"
  [kamailio-postgres-modules]="usr/share/kamailio/postgres/*-create.sql"
  [kamailio-sqlite-modules]="usr/share/kamailio/db_sqlite/*-create.sql"
  [pdns-backend-pgsql]="usr/share/pdns-backend-pgsql/schema/schema.pgsql.sql"
  [pdns-backend-sqlite3]="usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"
  [roundcube-core]="usr/share/roundcube/SQL/postgres.initial.sql usr/share/roundcube/SQL/sqlite.initial.sql"
  [tt-rss]="usr/share/tt-rss/schema/ttrss_schema_pgsql.sql"
  [icinga2-ido-pgsql]="usr/share/icinga2-ido-pgsql/schema/pgsql.sql"
  [mediawiki]="usr/share/mediawiki/maintenance/postgres/tables-generated.sql
               usr/share/mediawiki/maintenance/sqlite/tables-generated.sql"
)

updated=0
unavailable() {  # package reason
  rm -rf "${dest:?}/$1"
  mkdir -p "$dest/$1"
  printf '%s\n' "$2" >"$dest/$1/UNAVAILABLE"
  echo "    $1: $2" >&2
}

download() {  # package; the .deb into $dest/debs unless one is already there
  local pkg=$1 found
  found=$(compgen -G "$dest/debs/${pkg}_*.deb" | head -n 1)
  [[ -n $found ]] && { echo "$found"; return 0; }
  local log
  # apt-get download writes into the current folder; _apt cannot always reach
  # it (a root-owned build tree), which only makes apt warn and fetch as root.
  if ! log=$(cd "$dest/debs" && apt-get download -q "$pkg" 2>&1); then
    if [[ $updated == 0 && $log == *"Unable to locate"* ]]; then
      # A machine that never ran apt-get update has no package lists yet.
      updated=1
      apt-get update -q >/dev/null 2>&1 || true
      log=$(cd "$dest/debs" && apt-get download -q "$pkg" 2>&1) || { echo "$log" | tail -n 1 >&2; return 1; }
    else
      echo "$log" | tail -n 1 >&2
      return 1
    fi
  fi
  compgen -G "$dest/debs/${pkg}_*.deb" | head -n 1
}

packages=("$@")
[[ ${#packages[@]} -gt 0 ]] || packages=("${!FILES[@]}")
for pkg in "${packages[@]}"; do
  if [[ -z ${FILES[$pkg]:-} ]]; then
    echo "fetch_corpus.sh: $pkg is not a package of the corpus" >&2
    continue
  fi
  if [[ -f $dest/$pkg/VERSION ]]; then
    continue
  fi
  if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
    unavailable "$pkg" "apt-get or dpkg-deb not found (Debian's package tools are needed to fetch $pkg)"
    continue
  fi
  if ! deb=$(download "$pkg" 2>"$dest/debs/$pkg.log"); then
    unavailable "$pkg" "apt-get download $pkg failed: $(tail -n 1 "$dest/debs/$pkg.log")"
    continue
  fi
  tmp=$(mktemp -d)
  # Only the schema files come out of the package (MediaWiki's is 230 MB unpacked);
  # a pattern that matches nothing is reported below, so tar's status is not needed.
  patterns=()
  for pattern in ${FILES[$pkg]}; do patterns+=("./$pattern"); done
  if ! dpkg-deb --fsys-tarfile "$deb" >"$tmp.tar"; then
    rm -rf "$tmp" "$tmp.tar"
    unavailable "$pkg" "dpkg-deb --fsys-tarfile $deb failed"
    continue
  fi
  tar -x -f "$tmp.tar" -C "$tmp" --wildcards "${patterns[@]}" 2>/dev/null
  rm -f "$tmp.tar"
  rm -rf "${dest:?}/$pkg"
  mkdir -p "$dest/$pkg"
  missing=""
  for pattern in ${FILES[$pkg]}; do
    matched=0
    for file in "$tmp"/$pattern; do
      [[ -f $file ]] || continue
      (cd "$tmp" && cp --parents "${file#"$tmp"/}" "$dest/$pkg/")
      matched=1
    done
    [[ $matched == 1 ]] || missing+=" $pattern"
  done
  rm -rf "$tmp"
  if [[ -n $missing ]]; then
    unavailable "$pkg" "$(basename "$deb") does not ship:$missing"
    continue
  fi
  dpkg-deb -f "$deb" Version >"$dest/$pkg/VERSION"
  rm -f "$dest/debs/$pkg.log"
  echo "    $pkg $(cat "$dest/$pkg/VERSION")"
done
exit 0
