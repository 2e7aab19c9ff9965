#!/usr/bin/env bash
# Installs what building and testing CIBGraph needs beyond the Swift toolchain, and
# only what is missing: Graphviz's C libraries (for rendering), pkg-config,
# NetworkX (the tests check that exported GraphML and GEXF open in it), and
# Chromium (the tests load `cibgraph report`'s page in it, headless), and, where
# Java is installed, PySpark in .venv-spark (the tests check spark/'s jobs against
# cibgraph; without Java they are skipped, saying so).
#   --bench   also what `make bench` needs: GNU time, Python's venv module, and its own
#             virtual environment, bench-data/venv, with the pinned versions of
#             bench/requirements.txt (numpy, pyarrow and SciPy for the data and the
#             reference answers; DuckDB, polars and pandas as the anchors)
#   --schema  also jsonschema, for `make schema`
#
# Debian's or Ubuntu's packages, through apt-get, as root or with sudo. A Python
# module is Debian's package (python3-networkx) when the python3 on PATH is the
# system's; for any other Python (pyenv, conda, Homebrew) it goes into a virtual
# environment, .venv, which make puts first on PATH. pip never installs into a Python
# it did not create: the system's refuses it (PEP 668), and another's is not ours to
# change.
#
# Whatever it cannot install stops it with the reason, rather than a test failing later.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "setup: $*" >&2
  exit 1
}

bench=0
modules=(networkx)
for option in "$@"; do
  case "$option" in
    --bench) bench=1 ;;
    --schema) modules+=(jsonschema) ;;
    *)
      echo "usage: scripts/setup.sh [--bench] [--schema]" >&2
      exit 64
      ;;
  esac
done

command -v swift >/dev/null 2>&1 ||
  fail "no 'swift' on PATH; install a Swift 6 toolchain from https://swift.org/install"

venv_python=.venv/bin/python3
imports() { "$1" -c "import $2" >/dev/null 2>&1; }
system_python() {
  command -v python3 >/dev/null 2>&1 && [ "$(python3 -c 'import sys; print(sys.prefix)')" = /usr ]
}
debian_python=0
if command -v apt-get >/dev/null 2>&1 && { ! command -v python3 >/dev/null 2>&1 || system_python; }; then
  debian_python=1
fi

packages=()
command -v pkg-config >/dev/null 2>&1 || packages+=(pkg-config)
pkg-config --exists libgvc 2>/dev/null || packages+=(libgraphviz-dev)
# Debian's browser package; elsewhere, a missing browser only skips the page's tests, saying so.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 &&
  [ -z "${CIBGRAPH_CHROMIUM:-}" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    packages+=(chromium)
  else
    echo "setup: no Chromium on PATH, so the tests will not load the report page in a browser (install Chromium, or set CIBGRAPH_CHROMIUM to a Chromium or Chrome)" >&2
  fi
fi

# Each module that the Python make runs lacks: .venv's once it exists (make puts it
# first on PATH), else the python3 on PATH, through Debian's package where that is the
# system's. A new .venv gets every module, since it hides the python3 that had some.
from_debian=()
into_venv=()
for module in "${modules[@]}"; do
  if [ -x "$venv_python" ]; then
    imports "$venv_python" "$module" || into_venv+=("$module")
  elif ! imports python3 "$module"; then
    if [ "$debian_python" = 1 ]; then
      from_debian+=("$module")
      packages+=("python3-$module")
    else
      into_venv+=("$module")
    fi
  fi
done
if [ ${#into_venv[@]} -gt 0 ] && [ ! -x "$venv_python" ]; then
  into_venv=("${modules[@]}")
fi

# PySpark needs a Java runtime, which this does not install (Debian's is
# openjdk-17-jre-headless): without one, the Spark test says it is skipped.
spark_python=.venv-spark/bin/python3
spark=0
if command -v java >/dev/null 2>&1; then
  spark_modules=(pyspark numpy pyarrow)
  for module in "${spark_modules[@]}"; do
    imports "$spark_python" "$module" || spark=1
  done
else
  echo "setup: no java on PATH, so the tests will skip the Spark jobs of spark/ (install a Java 17 or 21 runtime, e.g. Debian's openjdk-17-jre-headless)" >&2
fi

if [ "$bench" = 1 ] || [ "$spark" = 1 ]; then
  [ "$bench" = 1 ] && { [ -x /usr/bin/time ] || packages+=(time); }
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
  for module in ${from_debian[@]+"${from_debian[@]}"}; do
    imports python3 "$module" ||
      fail "python3-$module is installed, but $(command -v python3) cannot import $module"
  done
fi

if [ ${#into_venv[@]} -gt 0 ]; then
  command -v python3 >/dev/null 2>&1 ||
    fail "no python3 on PATH, and the tests need one with NetworkX to check exported GraphML and GEXF"
  echo "setup: installing ${into_venv[*]} into .venv for $(command -v python3) (make puts .venv/bin first on PATH)" >&2
  [ -x "$venv_python" ] || python3 -m venv .venv ||
    fail "$(command -v python3) could not create the virtual environment .venv (its message is above)"
  "$venv_python" -m pip install --quiet "${into_venv[@]}" >&2 ||
    fail "pip could not install ${into_venv[*]} into .venv (its message is above)"
  for module in "${into_venv[@]}"; do
    imports "$venv_python" "$module" || fail "$module is installed in .venv, but its python3 cannot import it"
  done
fi

# A virtual environment of its own: pyspark is 400 MB and pins its own py4j, and
# .venv exists only for a Python that is not the system's.
if [ "$spark" = 1 ]; then
  echo "setup: installing $(grep -E '^[a-z]' spark/requirements.txt | tr '\n' ' ')into .venv-spark (about a minute)" >&2
  [ -x "$spark_python" ] || python3 -m venv .venv-spark ||
    fail "$(command -v python3) could not create the virtual environment .venv-spark (its message is above)"
  "$spark_python" -m pip install --quiet -r spark/requirements.txt >&2 ||
    fail "pip could not install spark/requirements.txt into .venv-spark (its message is above)"
  for module in "${spark_modules[@]}"; do
    imports "$spark_python" "$module" || fail "$module is installed in .venv-spark, but its python3 cannot import it"
  done
fi

# make bench's environment apart from the tests' .venv: the pinned numpy keeps the
# generated files byte for byte the ones measured, and the anchors are the versions
# measured. Only the pins that pip does not already list are installed.
if [ "$bench" = 1 ]; then
  bench_python=bench-data/venv/bin/python
  if [ ! -x "$bench_python" ]; then
    command -v python3 >/dev/null 2>&1 || fail "no python3 on PATH, and make bench runs its generator and anchors in Python"
    echo "setup: creating bench-data/venv for make bench" >&2
    python3 -m venv bench-data/venv ||
      fail "$(command -v python3) could not create the virtual environment bench-data/venv (its message is above)"
  fi
  installed=$("$bench_python" -m pip freeze 2>/dev/null | tr '[:upper:]' '[:lower:]')
  missing=()
  while read -r pin; do
    [ -n "$pin" ] && ! grep -qxF "$pin" <<<"$installed" && missing+=("$pin")
  done < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' bench/requirements.txt | tr '[:upper:]' '[:lower:]')
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]} into bench-data/venv (about 750 MB)" >&2
    "$bench_python" -m pip install --quiet "${missing[@]}" >&2 ||
      fail "pip could not install ${missing[*]} into bench-data/venv (its message is above)"
  fi
fi
