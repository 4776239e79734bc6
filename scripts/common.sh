# Shared settings for the scripts in this folder; sourced, not run.
# Everything lives under the repository so a fresh clone is self-contained.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${TOCSIN_TOOLS:-$ROOT/.tools}"        # git-ignored: downloaded binaries
RUNDIR="${TOCSIN_RUNDIR:-$ROOT/.run}"        # git-ignored: pid files, logs, broker data
BROKER_PORT="${TOCSIN_BROKER_PORT:-19092}"
S3_PORT="${TOCSIN_S3_PORT:-18333}"
BOOTSTRAP="127.0.0.1:$BROKER_PORT"

log() { printf '\033[1;34m[tocsin]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[tocsin] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Run as root, or through sudo when it exists; CI and these machines are root.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
