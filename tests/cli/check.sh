# What the command-line tests (src/*/*_cli_test.sh) share; each sources it after setting $zq:
#   source "$(dirname "$0")/../../tests/cli/check.sh"
# It makes $dir, a temporary folder removed on exit, and gives:
#   check NAME EXPECTED_STATUS ACTUAL_STATUS [OUTPUT PATTERN]: "ok" or "FAIL" with what differed;
#   finish [LABEL]: the summary, and exit status 1 when any check failed.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
check() {
  if [[ "$2" != "$3" ]]; then
    echo "FAIL $1: exit status $3, expected $2"; echo "${4:-}" | head -5; failures=$((failures + 1)); return
  fi
  if [[ $# -ge 5 ]] && ! grep -qE -- "$5" <<<"$4"; then
    echo "FAIL $1: output lacks /$5/:"; echo "$4" | head -20; failures=$((failures + 1)); return
  fi
  echo "ok   $1"
}
finish() {
  if [[ $failures -gt 0 ]]; then
    echo "${1:+$1: }$failures failed"; exit 1
  fi
  echo "${1:+$1: }all passed"
}
