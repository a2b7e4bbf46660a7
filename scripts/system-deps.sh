#!/usr/bin/env bash
# Installs the Debian packages Birge needs, only those that are missing.
#   scripts/system-deps.sh run    PostgreSQL + PostGIS, GDAL/GEOS/PROJ, gettext, Node
#   scripts/system-deps.sh test   the same, plus Chromium for the browser tests
#   scripts/system-deps.sh bench  the test set, plus wrk and pgbench (bench/tiles)
# With DATABASE_URL set, the database server is someone else's: it is not installed.
set -euo pipefail
purpose=${1:-run}
missing=()

need() { # need PACKAGE TEST-COMMAND...
  local pkg=$1; shift
  "$@" >/dev/null 2>&1 || missing+=("$pkg")
}
has_lib() { ldconfig -p | grep -q "$1"; }

if [ -z "${DATABASE_URL:-}" ]; then
  need postgresql-15 test -x /usr/lib/postgresql/15/bin/postgres
  need postgresql-15-postgis-3 test -f /usr/share/postgresql/15/extension/postgis.control
fi
# Debian's python3 makes virtual environments only with python3-venv (ensurepip).
need python3-venv python3 -c 'import ensurepip, venv'
need libgdal32 has_lib 'libgdal\.so'
need libgeos-c1v5 has_lib 'libgeos_c\.so'
need libproj25 has_lib 'libproj\.so'
need proj-data test -f /usr/share/proj/proj.db
need gettext command -v msgfmt
need nodejs command -v node
need npm command -v npm
if [ "$purpose" = test ] || [ "$purpose" = bench ]; then
  need chromium test -x /usr/bin/chromium
  # ogrinfo: tests write GeoPackages with GDAL's own tool, as a GIS user would.
  need gdal-bin command -v ogrinfo
  # A font with Cyrillic and Kazakh letters for the pages the browser tests render.
  need fonts-noto-core test -d /usr/share/fonts/truetype/noto
fi
if [ "$purpose" = bench ]; then
  # The tile benchmark loads the servers with wrk and the bare SQL with pgbench.
  need wrk command -v wrk
  need postgresql-contrib pgbench --version
fi

[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "Birge needs these Debian packages; ask an administrator to run:" >&2
  echo "  apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
