#!/usr/bin/env bash
# Fails when a module includes another module's internal/ headers, or when a domain module
# includes api/ or cli/ (DESIGN.md §3: modules talk through their public headers only). A module's
# manifest, module.cc (src/app/), may: it names the module's routes and commands for the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
for dir in src/*/; do
  module=$(basename "$dir")
  while IFS= read -r hit; do
    echo "check_includes: $hit (another module's internal header)"; bad=1
  done < <(grep -rnE '#include "[a-z_]+/internal/' "$dir" | grep -vE "#include \"$module/internal/" || true)
  case "$module" in
    api|cli|demo) ;;
    *)
      while IFS= read -r hit; do
        echo "check_includes: $hit (a domain module may not include api/ or cli/)"; bad=1
      done < <(grep -rnE --exclude=module.cc '#include "(api|cli)/' "$dir" || true)
      ;;
  esac
done
exit $bad
