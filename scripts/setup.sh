#!/usr/bin/env bash
# Installs what building and testing CIBGraph needs beyond the Swift toolchain,
# and only what is missing: Graphviz's C libraries (for rendering), pkg-config,
# and NetworkX (to check exported files in the tests). Debian or Ubuntu, as
# root or with sudo.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: no 'swift' on PATH; install a Swift 6 toolchain from https://swift.org/install" >&2
  exit 1
fi

# NetworkX checks that the GraphML and GEXF files open as they should (tests only).
if command -v python3 >/dev/null 2>&1 && ! python3 -c "import networkx" >/dev/null 2>&1; then
  echo "setup: installing networkx for the exchange-format tests" >&2
  python3 -m pip install --quiet networkx >&2 || echo "setup: could not install networkx" >&2
fi

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! pkg-config --exists libgvc 2>/dev/null; then missing+=(libgraphviz-dev); fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: missing ${missing[*]}; install Graphviz's development files (e.g. 'brew install graphviz')" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
