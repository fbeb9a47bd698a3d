#!/bin/bash
# The second sitting's two apps: the first sitting's script (../sitting/apps.sh: the same roles,
# apps, settings and 300 cards) on a fresh database `sitting2`, the apps' logs in this directory.
#   apps.sh start JARS_DIR | apps.sh stop
HERE=$(cd "$(dirname "$0")" && pwd)
DB=${DB:-sitting2} LOGS=$HERE exec "$HERE/../sitting/apps.sh" "$@"
