#!/usr/bin/env bash
# install.sh: puts cpprustango on a Debian 12 machine.
#
# Installs the Debian packages it needs (only the missing ones), configures and
# builds it with CMake and Ninja, then installs it, runs its test suite (--test)
# or builds its .deb (--package). Safe to run again: packages already present are
# left alone and the build is incremental.
set -euo pipefail

readonly PROG=install.sh
SOURCE_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
readonly SOURCE_DIR

# Every Debian package cpprustango needs, to build, to test and to benchmark.
# A new dependency goes here, into the .deb's Depends (packaging/CMakeLists.txt)
# and into the README's dependency table.
readonly PACKAGES=(
  # Build tools: the compiler and CMake with Ninja; ccache and mold keep rebuilds
  # fast, and clang compiles projects' debug builds (with the precompiled
  # runtime header, a view file in a third of g++'s time: runserver's edit
  # loop); pkg-config finds libgit2; dpkg-dev and file let CPack compute the
  # .deb's library dependencies (dpkg-shlibdeps).
  cmake g++ ninja-build ccache mold clang pkg-config dpkg-dev file
  # Libraries (README "Dependencies"): CLI parsing, child processes and the HTTP
  # server, PostgreSQL and SQLite, JSON, TOML settings, git, logging, tests,
  # templates, password hashing, crypto, Markdown, micro-benchmarks.
  libcli11-dev libboost-dev libboost-filesystem-dev libpqxx-dev
  libsqlitecpp-dev libsqlite3-dev nlohmann-json3-dev libtoml11-dev libgit2-dev
  libspdlog-dev libgtest-dev libgmock-dev libkainjow-mustache-dev libargon2-dev
  libssl-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libbenchmark-dev
  # The REST plugin (plugins/rest) signs and checks its JSON Web Tokens with libjwt.
  libjwt-dev
  # Release builds of generated apps allocate with mimalloc (cmake/cpprustangoConfig.cmake.in).
  libmimalloc-dev
  # Tests: a real PostgreSQL server for integration tests; git, curl, procps and
  # tmux let end-to-end tests drive the CLI and the dev server as a user would;
  # chromium runs the admin's real-browser test and the generated pages' screenshots headless.
  postgresql git curl ca-certificates procps tmux chromium
  # The REST plugin's tests: PyJWT as an independent JWT implementation (npm,
  # for the OpenAPI validator, is checked in test_tools: Debian's npm package
  # conflicts with a NodeSource nodejs that already brings its own).
  python3-jwt
  # Benchmarks (bench/run): load generator, command timer, and Django 3.2 with
  # gunicorn as the peer measured in the same run (psycopg2: Django's inspectdb
  # on PostgreSQL).
  wrk hyperfine python3-django gunicorn python3-psycopg2
  # bench/http builds Drogon (the C++ peer) from source: its build needs these;
  # Django REST framework 3.14 is the peer of its ORM list and of the REST plugin.
  libjsoncpp-dev uuid-dev zlib1g-dev python3-djangorestframework
)

usage() {
  cat <<EOF
Usage: ./install.sh [OPTIONS]

Installs cpprustango's Debian dependencies, builds it and installs it.

Options:
  --prefix DIR      install under DIR (default: /usr/local)
  --deps-only       only install the missing Debian packages
  --no-deps         skip the Debian packages step
  --test            install deps, build, run the whole test suite (ctest);
                    does not install
  --package         install deps, build, then build the .deb with CPack
                    (written to BUILD_DIR/packages/)
  --build-dir DIR   build directory (default: ./build in the source tree)
  --jobs N          parallel build jobs (default: $(nproc 2>/dev/null || echo 2))
  -h, --help        show this help and exit

Examples:
  ./install.sh                       # deps, build, install to /usr/local
  ./install.sh --prefix ~/.local     # install for this user only
  ./install.sh --test                # build and run all tests
  ./install.sh --package             # build build/packages/cpprustango_*.deb
EOF
}

die() {
  echo "$PROG: error: $*" >&2
  exit 1
}

usage_error() {
  echo "$PROG: $*" >&2
  echo "Try './install.sh --help'." >&2
  exit 2
}

step() {
  echo "==> $*"
}

# A command that fails outside a checked step still ends with one clear line.
set -o errtrace
trap 'echo "$PROG: error: unexpected failure at line $LINENO (please report it)" >&2' ERR

# Makes PATH absolute against the current directory (without requiring it to exist).
absolute() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$PWD/$1" ;;
  esac
}

# ---------------------------------------------------------------- options

prefix=/usr/local
build_dir=$SOURCE_DIR/build
jobs=$(nproc 2>/dev/null || echo 2)
want_deps=1
deps_only=0
run_tests=0
make_package=0

need_value() {
  [[ $# -ge 2 && -n $2 && $2 != --* ]] || usage_error "option '$1' needs a value"
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --prefix) need_value "$@"; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --build-dir) need_value "$@"; build_dir=$2; shift 2 ;;
    --build-dir=*) build_dir=${1#*=}; shift ;;
    --jobs | -j) need_value "$@"; jobs=$2; shift 2 ;;
    --jobs=*) jobs=${1#*=}; shift ;;
    --deps-only) deps_only=1; shift ;;
    --no-deps) want_deps=0; shift ;;
    --test) run_tests=1; shift ;;
    --package) make_package=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown option '$1'" ;;
  esac
done

[[ -n $prefix ]] || usage_error "--prefix needs a directory"
[[ -n $build_dir ]] || usage_error "--build-dir needs a directory"
[[ $jobs =~ ^[1-9][0-9]*$ ]] || usage_error "--jobs needs a positive number, got '$jobs'"
if [[ $deps_only == 1 && $want_deps == 0 ]]; then
  usage_error "--deps-only and --no-deps contradict each other"
fi
if [[ $deps_only == 1 && ($run_tests == 1 || $make_package == 1) ]]; then
  usage_error "--deps-only cannot be combined with --test or --package"
fi
prefix=$(absolute "$prefix")
build_dir=$(absolute "$build_dir")

# Root runs commands as is; anyone else goes through sudo when there is one.
as_root=()
if [[ $EUID -ne 0 ]] && command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
fi

# ---------------------------------------------------------------- steps

install_deps() {
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    die "checking Debian packages failed (dpkg-query/apt-get not found: install.sh needs Debian 12; install the packages listed in README.md yourself and rerun with --no-deps)"
  fi

  local missing=() pkg status
  for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ $status == installed ]] || missing+=("$pkg")
  done

  if [[ ${#missing[@]} -eq 0 ]]; then
    step "Debian packages: all ${#PACKAGES[@]} present, nothing to install"
    return
  fi

  step "Installing Debian packages (${#missing[@]} missing)"
  echo "    ${missing[*]}"
  if [[ $EUID -ne 0 && ${#as_root[@]} -eq 0 ]]; then
    die "installing Debian packages failed (not root and no sudo: as root run 'apt-get install ${missing[*]}', then rerun)"
  fi
  if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q; then
    die "apt-get update failed (check the network and /etc/apt/sources.list)"
  fi
  if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    die "installing Debian packages failed (see apt-get's output above; packages: ${missing[*]})"
  fi
}

configure() {
  step "Configuring ($build_dir)"
  local cache=$build_dir/CMakeCache.txt generator
  if [[ -f $cache ]]; then
    generator=$(sed -n 's/^CMAKE_GENERATOR:INTERNAL=//p' "$cache")
    if [[ -n $generator && $generator != Ninja ]]; then
      die "configure failed ($build_dir was configured with '$generator', not Ninja: remove it or pass --build-dir)"
    fi
  fi
  local tests=OFF
  [[ $run_tests == 1 ]] && tests=ON
  if ! cmake -S "$SOURCE_DIR" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_INSTALL_PREFIX=$prefix" \
    "-DCPPRUSTANGO_BUILD_TESTS=$tests" \
    -DCPPRUSTANGO_BUILD_PACKAGE=ON; then
    die "configure failed (see CMake's output above; a missing library means: ./install.sh --deps-only)"
  fi
}

build() {
  step "Building ($jobs jobs)"
  if ! cmake --build "$build_dir" --parallel "$jobs"; then
    die "build failed (see the compiler output above)"
  fi
}

# Test-only tools from the npm registry, kept in the build tree (never in the
# runtime or in generated projects): the OpenAPI validator the REST plugin's
# tests run on /api/openapi.json.
test_tools() {
  local tools=$build_dir/test-tools
  if [[ -d $tools/node_modules/@apidevtools/swagger-parser ]]; then
    return
  fi
  step "Installing the OpenAPI validator into $tools (npm)"
  if ! command -v npm >/dev/null 2>&1; then
    die "installing the OpenAPI validator failed (npm not found: apt-get install npm, then rerun)"
  fi
  mkdir -p "$tools"
  if ! npm install --prefix "$tools" --no-audit --no-fund @apidevtools/swagger-parser@10; then
    die "npm install failed (the REST plugin's OpenAPI test needs it; check the network, or rerun without --test)"
  fi
}

run_test_suite() {
  # The introspect corpus tests adopt schemas that Debian packages ship; fetch
  # them once into the build tree (apt-get download, schema files only). Each
  # test fetches its own package if this did not, and skips naming it when
  # the package cannot be had, so a failure here is not fatal.
  step "Fetching the schema corpus (SQL schemas of Debian packages)"
  bash "$SOURCE_DIR/tests/integration/introspect/fetch_corpus.sh" "$build_dir/tests/integration/introspect/corpus" || true
  test_tools
  step "Running tests"
  # A hung test fails after 10 minutes instead of stalling the run; tests that
  # need longer set their own TIMEOUT property, which takes precedence.
  if ! (cd "$build_dir" && ctest --output-on-failure --timeout 600 --parallel "$jobs"); then
    die "tests failed (see the output above; rerun one with: cd $build_dir && ctest --output-on-failure -R NAME)"
  fi
}

build_package() {
  step "Packaging (.deb)"
  if ! (cd "$build_dir" && cpack -G DEB --config CPackConfig.cmake); then
    die "packaging failed (see CPack's output above)"
  fi
  local deb newest=""
  for deb in "$build_dir"/packages/cpprustango_*.deb; do
    [[ -e $deb && ( -z $newest || $deb -nt $newest ) ]] && newest=$deb
  done
  [[ -n $newest ]] || die "packaging failed (CPack wrote no .deb to $build_dir/packages)"
  echo "    $newest"
  echo "    install it with: apt install $newest"
}

# True when the current user can create or write PATH (or its nearest existing parent).
writable() {
  local dir=$1
  while [[ ! -e $dir ]]; do dir=$(dirname -- "$dir"); done
  [[ -w $dir ]]
}

install_to_prefix() {
  step "Installing to $prefix"
  local runner=()
  if ! writable "$prefix"; then
    [[ ${#as_root[@]} -gt 0 ]] ||
      die "installing failed (no write access to $prefix: run as root, or pass --prefix ~/.local)"
    runner=("${as_root[@]}")
  fi
  if ! "${runner[@]}" cmake --install "$build_dir"; then
    die "installing failed (see CMake's output above)"
  fi

  local bin=$prefix/bin/cpprustango
  echo
  echo "cpprustango installed: $bin"
  case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on your PATH; add it with: export PATH=\"$prefix/bin:\$PATH\"" ;;
  esac
  echo "next: cpprustango new mysite && cd mysite && cpprustango runserver"
}

# ---------------------------------------------------------------- main

if [[ $want_deps == 1 ]]; then
  install_deps
fi
if [[ $deps_only == 1 ]]; then
  exit 0
fi

configure
build
if [[ $run_tests == 1 ]]; then
  run_test_suite
fi
if [[ $make_package == 1 ]]; then
  build_package
fi
if [[ $run_tests == 0 && $make_package == 0 ]]; then
  install_to_prefix
fi
