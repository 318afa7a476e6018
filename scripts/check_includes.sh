#!/usr/bin/env bash
# Fails when a module includes another module's internal/ headers, or when a domain module
# includes api/ or cli/ (DESIGN.md §3: modules talk through their public headers only; a module's
# manifest, module.cc (src/app/), and its parts module_*.cc (route groups split out of it) may: they
# name the module's routes and commands for the app); and
# when code outside auth/ decides by comparing roles (==, !=, case or switch on a role) instead of
# asking auth::Caller's vocabulary (src/auth/README.md). Naming a role to make an identity (an
# account, a demo's or a test's caller) is allowed; tests may also compare roles, to state an
# expected table independently of auth/.
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
      done < <(grep -rnE --exclude='module*.cc' '#include "(api|cli)/' "$dir" || true)
      ;;
  esac
done
role_compare='([!=]=[[:space:]]*(auth::)?Role::k)|(Role::k[A-Za-z]+[[:space:]]*[!=]=)|(case[[:space:]]+(auth::)?Role::k)|(\brole[[:space:]]*[!=]=)|(switch[[:space:]]*\([^)]*\brole\))'
while IFS= read -r hit; do
  echo "check_includes: $hit (a role comparison outside auth/: ask auth::Caller, e.g. IsOfficial())"
  bad=1
done < <(grep -rnE "$role_compare" src --include='*.cc' --include='*.h' \
           | grep -vE '^src/auth/|_test\.cc:|_test_(env|fixture)\.h:|/testing/' || true)
exit $bad
