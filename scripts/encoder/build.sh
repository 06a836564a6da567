#!/usr/bin/env bash
# Maintainer step: rebuild model/encoder/ and test/fixtures/encoder-reference.json from the pinned teacher and
# training text in sources.json (needs Python 3.11, pip, apt-get and dpkg-deb; ~1-2 h on 2 cores).
# `npm ci` and `npm test` never run this. Extra arguments go to build.py, e.g. --corpus ../shared/corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=.encoder-build
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet -r scripts/encoder/requirements.txt
HF_HUB_OFFLINE=1 "$work/venv/bin/python" scripts/encoder/build.py --work "$work" "$@"
