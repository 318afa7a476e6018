# One line from `wrk --latency` output: requests/s, p50, p99, non-2xx responses and socket errors.
# awk -v label=LABEL -v c=CONNECTIONS -f bench/wrk_summary.awk (used by bench/run and
# bench/http_scenario).
$1 == "50%" { p50 = $2 }
$1 == "99%" { p99 = $2 }
$1 == "Requests/sec:" { rps = $2 }
/Non-2xx/ { bad = $NF }
/Socket errors/ { sock = $0; sub(/.*errors: /, "", sock) }
END {
  printf "%-34s %3d conns  %8.0f req/s  p50 %8s  p99 %8s  non-2xx %s%s\n", label, c, rps, p50, p99,
         bad ? bad : 0, sock ? "  socket errors: " sock : ""
}
