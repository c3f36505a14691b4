# Sourced by the scripts that drive a local endpoint binary (scf-emulator,
# tencentcloud-mock) from a client outside cargo.
#
#   start_listener NAME COMMAND...   runs COMMAND in the background, its output in
#                                    $listener_log, and waits for its line
#                                    "NAME listening on http://HOST:PORT": sets $endpoint
#                                    (HOST:PORT) and $listener (its pid). The EXIT trap
#                                    stops it and removes the log. A binary that exits or
#                                    never says so fails the script, its output shown.
#   stop_listener SIGNAL             stops it with SIGNAL and shows its output.

start_listener() {
  local name=$1
  shift
  listener_log=$(mktemp)
  "$@" >"$listener_log" 2>&1 &
  listener=$!
  trap 'kill $listener 2>/dev/null || true; rm -f "$listener_log"' EXIT
  for _ in $(seq 100); do
    grep -q "^$name listening on " "$listener_log" && break
    kill -0 $listener 2>/dev/null || { cat "$listener_log"; exit 1; }
    sleep 0.1
  done
  endpoint=$(sed -n "s|^$name listening on http://||p" "$listener_log")
  [ -n "$endpoint" ] || { echo "$name did not start:"; cat "$listener_log"; exit 1; }
}

stop_listener() {
  kill "-$1" $listener
  wait $listener || true
  echo "-- its output:"
  cat "$listener_log"
}
