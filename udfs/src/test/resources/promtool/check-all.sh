#!/usr/bin/env bash
# Runs `promtool test rules` on every case directory next to this script
# (each holds rules.yml + test.yml). Exits 1 and names the failing cases if
# any case fails. PROMTOOL can point at another promtool binary.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
promtool="${PROMTOOL:-promtool}"
if ! command -v "$promtool" >/dev/null 2>&1; then
  echo "promtool not found (set PROMTOOL)" >&2
  exit 2
fi
failed=()
count=0
for dir in "$here"/*/; do
  case_name="$(basename "$dir")"
  [ -f "$dir/test.yml" ] || continue
  count=$((count + 1))
  if ! output="$(cd "$dir" && "$promtool" test rules test.yml 2>&1)"; then
    failed+=("$case_name")
    echo "FAIL $case_name"
    echo "$output" | sed 's/^/    /'
  else
    echo "ok   $case_name"
  fi
done
if [ "$count" -eq 0 ]; then
  echo "no cases found under $here" >&2
  exit 2
fi
if [ "${#failed[@]}" -gt 0 ]; then
  echo
  echo "${#failed[@]} of $count cases failed:"
  printf '  %s\n' "${failed[@]}"
  exit 1
fi
echo
echo "all $count cases passed"
