#!/bin/sh
# Set up on a fresh machine and run the main job on the sample PDF shipped in
# the repository: prints its text in logical order.
set -eu
cd "$(dirname "$0")/.."
sh tools/setup_fonts.sh
cargo run --release --quiet --bin naskh -- extract tests/fixtures/pdf/sample.pdf
