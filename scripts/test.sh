#!/bin/sh
# The whole test suite, as CI runs it: installs what the tests need (reference
# fonts from Debian packages for Unicode recovery), then format, lints, tests.
set -eu
cd "$(dirname "$0")/.."
sh tools/setup_fonts.sh
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace
