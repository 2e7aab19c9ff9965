#!/usr/bin/env bash
# Installs what building and testing CIBGraph needs beyond the Swift toolchain, and
# only what is missing: Graphviz's C libraries (for rendering), pkg-config, and
# NetworkX (the tests check that exported GraphML and GEXF open in it). With --bench,
# also what `make bench` needs around its own virtual environment: GNU time and
# Python's venv module.
#
# Debian's or Ubuntu's packages, through apt-get, as root or with sudo. NetworkX is
# python3-networkx when the python3 on PATH is the system's; for any other Python
# (pyenv, conda, Homebrew) it goes into a virtual environment, .venv, which `make test`
# puts first on PATH. pip never installs into a Python it did not create: the system's
# refuses it (PEP 668), and another's is not ours to change.
#
# Whatever it cannot install stops it with the reason, rather than a test failing later.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "setup: $*" >&2
  exit 1
}

bench=0
case "${1-}" in
  "") ;;
  --bench) bench=1 ;;
  *)
    echo "usage: scripts/setup.sh [--bench]" >&2
    exit 64
    ;;
esac

command -v swift >/dev/null 2>&1 ||
  fail "no 'swift' on PATH; install a Swift 6 toolchain from https://swift.org/install"

imports_networkx() { "$1" -c "import networkx" >/dev/null 2>&1; }
venv_python=.venv/bin/python3
system_python() {
  command -v python3 >/dev/null 2>&1 && [ "$(python3 -c 'import sys; print(sys.prefix)')" = /usr ]
}

packages=()
command -v pkg-config >/dev/null 2>&1 || packages+=(pkg-config)
pkg-config --exists libgvc 2>/dev/null || packages+=(libgraphviz-dev)

networkx=present
if ! imports_networkx python3 && ! { [ -x "$venv_python" ] && imports_networkx "$venv_python"; }; then
  if command -v apt-get >/dev/null 2>&1 && { ! command -v python3 >/dev/null 2>&1 || system_python; }; then
    networkx=debian
    packages+=(python3-networkx)
  else
    networkx=venv
  fi
fi

if [ "$bench" = 1 ]; then
  [ -x /usr/bin/time ] || packages+=(time)
  # Debian leaves ensurepip, without which `python3 -m venv` fails, to python3-venv.
  python3 -c "import ensurepip" >/dev/null 2>&1 || packages+=(python3-venv)
fi

if [ ${#packages[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 ||
    fail "missing ${packages[*]} (Debian's names) and there is no apt-get: install Graphviz's development files (libgvc), pkg-config and GNU time with this system's package manager (Homebrew: brew install graphviz pkg-config)"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "installing ${packages[*]} needs root: run this as root, or install sudo"
    sudo=sudo
  fi
  echo "setup: installing ${packages[*]}" >&2
  $sudo apt-get update -qq >&2 ||
    fail "apt-get update failed (its message is above), so ${packages[*]} could not be installed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${packages[@]}" >/dev/null ||
    fail "apt-get could not install ${packages[*]} (its message is above)"
  pkg-config --exists libgvc || fail "libgraphviz-dev is installed, but pkg-config does not find libgvc"
fi

case "$networkx" in
  debian)
    imports_networkx python3 ||
      fail "python3-networkx is installed, but $(command -v python3) cannot import networkx"
    ;;
  venv)
    command -v python3 >/dev/null 2>&1 ||
      fail "no python3 on PATH, and the tests need one with NetworkX to check exported GraphML and GEXF"
    echo "setup: installing networkx into .venv for $(command -v python3) (make test puts .venv/bin first on PATH)" >&2
    [ -x "$venv_python" ] || python3 -m venv .venv ||
      fail "$(command -v python3) could not create the virtual environment .venv (its message is above)"
    "$venv_python" -m pip install --quiet networkx >&2 ||
      fail "pip could not install networkx into .venv (its message is above)"
    imports_networkx "$venv_python" || fail "networkx is installed in .venv, but its python3 cannot import it"
    ;;
esac
