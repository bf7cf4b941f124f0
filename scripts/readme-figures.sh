#!/usr/bin/env bash
# Regenerates the README's measured figures and pasted output from the commands that produce them, and fails (exit 1,
# one line per figure) where the README no longer matches. `--write` rewrites the README in place instead.
# Covered: the "Real output" block, the quick start's printed line, the DeepSeek grid's configuration and feasible
# counts (sweep --stats), the in-sample tok_s_gpu median of the fidelity table (validate), the Fidelity section's tables
# (scripts/fidelity-tables.py, from the shipped profile's provenance), HardwareShootout's claim to
# cover every catalog accelerator, the Deployments section's DeepSeek-R1 `cheapest` block, the Traffic section's
# simulate table (with --write also docs/charts/traffic.png), and the Market section's pasted command outputs. Speeds
# (configs/s, seconds)
# depend on the machine and are printed for the record, not compared.
set -uo pipefail
cd "$(dirname "$0")/.."
write=false
[ "${1:-}" = "--write" ] && write=true
readme=README.md
bad=0

dotnet build src/TokenKernels.Cli -c Release -v q >/dev/null || { echo "readme-figures: build failed"; exit 1; }
cli=(dotnet src/TokenKernels.Cli/bin/Release/net10.0/TokenKernels.Cli.dll)

# expect NAME EXPECTED-TEXT-IN-README OLD-PATTERN(regex for --write)
expect() {
  local name="$1" text="$2" pattern="$3"
  if grep -qF -- "$text" "$readme"; then
    echo "ok: $name: $text"
  elif $write; then
    TEXT="$text" PATTERN="$pattern" python3 - "$readme" <<'PY'
import os, re, sys
p = sys.argv[1]; s = open(p).read()
s2, n = re.subn(os.environ["PATTERN"], lambda m: os.environ["TEXT"], s, count=1)
open(p, "w").write(s2)
print(("rewrote: " if n else "NOT FOUND, cannot rewrite: ") + os.environ["TEXT"])
PY
  else
    echo "DRIFT: $name: the README should say: $text"
    bad=$((bad + 1))
  fi
}

# 1. The "Real output" block: the README's main command, as written above the block.
command_line='evaluate --model llama-3.3-70b --hardware h200 --gpus 1 --batch 64 --isl 1000 --osl 1000'
actual="$("${cli[@]}" $command_line)"
block="$(python3 - "$readme" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
m = re.search(r"## Real output\n.*?```text\n(.*?)```", s, re.S)
print(m.group(1) if m else "", end="")
PY
)"
if [ "$actual" = "${block%$'\n'}" ]; then
  echo "ok: Real output block"
elif $write; then
  ACTUAL="$actual" python3 - "$readme" <<'PY'
import os, re, sys
p = sys.argv[1]; s = open(p).read()
s = re.sub(r"(## Real output\n.*?```text\n)(.*?)(```)", lambda m: m.group(1) + os.environ["ACTUAL"] + "\n" + m.group(3), s, count=1, flags=re.S)
open(p, "w").write(s)
print("rewrote: Real output block")
PY
else
  echo "DRIFT: Real output block differs from \`tokenkernels $command_line\`:"
  diff <(echo "${block%$'\n'}") <(echo "$actual") | head -20
  bad=$((bad + 1))
fi

# 2. The quick start's line.
quick="$(dotnet run samples/quickstart.cs 2>/dev/null | tail -1)"
expect "quick start line" "\`$quick\`" '`TPOT [^`]*per M output tokens`'

# 3. The DeepSeek-V3 grid of "Sweeps and frontiers": size and feasible count (exact integers, shown as 3 digits).
stats="$("${cli[@]}" sweep --model deepseek-v3 --hardware h100-sxm,h200,b200,mi300x,mi355x --gpus 8,16 --tp 1,8 --ep 8,16 \
  --weights fp8 --batch 1..4096 --isl 1024..4096 --osl 1024 --stats --backend cpu 2>/dev/null)"
read -r configs feasible seconds speed < <(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["configs_evaluated"], d["feasible_configs"], round(d["seconds"],1), "%.2g" % d["configs_per_second"])' <<<"$stats")
sci() { python3 -c "import sys; v=float(sys.argv[1]); e=len(str(int(v)))-1; print(f'{v/10**e:.2f}e{e}')" "$1"; }
expect "DeepSeek grid counts" "($(sci "$configs") configurations, $(sci "$feasible") feasible)" '\([0-9.]+e[0-9]+ configurations, [0-9.]+e[0-9]+ feasible\)'
echo "for the record (machine-dependent, not compared): DeepSeek grid in $seconds s = $speed configs/s on cpu"

# 4. Fidelity: the in-sample median of tok_s_gpu (validate with the shipped profile).
median="$("${cli[@]}" validate --data data/measurements-public.csv --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print("%.1f%%" % next(s["median_abs_pct_error"] for s in d["summary"] if s["metric"]=="tok_s_gpu"))')"
expect "in-sample tok_s_gpu median" "reaches $median in sample" 'reaches [0-9.]+% in sample'
# The Fidelity tables: written from the shipped profile's provenance (calibrate --cross-validate records them there).
fidelity_args=(src/TokenKernels/Calibration/default-profile.json "$readme")
$write && fidelity_args+=(--write)
python3 scripts/fidelity-tables.py "${fidelity_args[@]}" || bad=$((bad + 1))

# 5. "HardwareShootout: DeepSeek-R1 on every catalog accelerator": every catalog hardware id has a row.
shootout="$(dotnet run --project samples/HardwareShootout 2>/dev/null)"
for id in $("${cli[@]}" catalog --json | python3 -c 'import json,sys; print(" ".join(h["id"] for h in json.load(sys.stdin)["hardware"]))'); do
  if ! grep -q "^$id " <<<"$shootout"; then
    echo "DRIFT: HardwareShootout has no row for catalog accelerator $id, though the README says it covers every one"
    bad=$((bad + 1))
  fi
done
echo "ok: HardwareShootout rows checked against the catalog"

# pasted NAME PREFIX ACTUAL [FILTER]: the README text from the end of the regex PREFIX's first match up to the next ```
# must equal ACTUAL, both passed through FILTER (a command or function; default cat); --write puts ACTUAL there.
pasted() {
  local name="$1" prefix="$2" actual="$3" filter="${4:-cat}" block
  block="$(python3 - "$readme" "$prefix" <<'PY'
import re, sys
m = re.search("(?P<pre>" + sys.argv[2] + ")(?P<body>.*?)```", open(sys.argv[1]).read(), re.S)
print(m.group("body") if m else "", end="")
PY
)"
  if [ -n "$actual" ] && [ -n "$block" ] && [ "$("$filter" <<<"$actual")" = "$("$filter" <<<"${block%$'\n'}")" ]; then
    echo "ok: $name"
  elif $write && [ -n "$actual" ]; then
    ACTUAL="$actual" python3 - "$readme" "$prefix" <<'PY'
import os, re, sys
p = sys.argv[1]; s = open(p).read()
s = re.sub("(?P<pre>" + sys.argv[2] + ")(?P<body>.*?)```", lambda m: m.group("pre") + os.environ["ACTUAL"] + "\n```", s, count=1, flags=re.S)
open(p, "w").write(s)
PY
    echo "rewrote: $name"
  else
    echo "DRIFT: $name differs from its command's output:"
    diff <("$filter" <<<"${block%$'\n'}") <("$filter" <<<"$actual") | head -20
    bad=$((bad + 1))
  fi
}

# 6. Deployments: the disaggregated DeepSeek-R1 `cheapest` (length mix, 64K cap, TTFT at load), run as the README writes
#    it; every line of its output must match but the last one's timing (its configuration counts must).
deploy_prefix="under DeepSeek's own 64K window.*?\`\`\`bash\n.*?\`\`\`\n\n\`\`\`text\n"
deploy_command="$(python3 - "$readme" "$deploy_prefix" <<'PY'
import re, sys
m = re.search(sys.argv[2] + "", open(sys.argv[1]).read(), re.S)
m = re.search(r"```bash\n(.*?)```", m.group(0), re.S) if m else None
print(m.group(1).replace("\\\n", " ").split("--project src/TokenKernels.Cli -- ", 1)[1].strip() if m else "")
PY
)"
strip_timing() { sed -E 's/ in [0-9.]+ s = .*$//'; }
pasted "Deployments cheapest block" "$deploy_prefix" "$([ -n "$deploy_command" ] && "${cli[@]}" $deploy_command)" strip_timing

# 7. Traffic: the simulate command's table (the block under "Output of that command") and docs/charts/traffic.png.
sim_line='simulate --model llama-3.3-70b --hardware h100-sxm --gpus 8 --batch 64 --lengths lognormal:in=2000,out=300,sigma=0.8 --context 16384 --rate 1..6:x1.25 --max-ttft-s 1 --max-rate-meeting-sla'
if $write; then sim_plot=(--plot docs/charts/traffic.png); else sim_plot=(); fi
pasted "Traffic output block" "## Traffic\n.*?Output of that command[^\n]*\n\n\`\`\`\n" "$("${cli[@]}" $sim_line "${sim_plot[@]}" 2>/dev/null)"

# 8. The Market section: each ```bash block running `dotnet run --project src/TokenKernels.Cli -- ARGS` followed by a
# ```text block is that command's output. A line with a speed (configs/s) depends on the machine and is not compared.
market="$(CLI="${cli[*]}" WRITE="$write" python3 - "$readme" <<'PY'
import os, re, shlex, subprocess, sys
p = sys.argv[1]; s = open(p).read()
start = s.index("\n## Market\n"); end = s.index("\n## ", start + 1)
section = s[start:end]
pattern = re.compile(r"```bash\n(dotnet run --project src/TokenKernels.Cli -- (?:[^\n]*\\\n)*[^\n]*)\n```\n\n```text\n(.*?)```", re.S)
steady = lambda text: [l for l in text.rstrip("\n").split("\n") if "configs/s" not in l]
bad = 0
def check(m):
    global bad
    args = shlex.split(m.group(1).replace("\\\n", " "))[5:]
    actual = subprocess.run(shlex.split(os.environ["CLI"]) + args, capture_output=True, text=True).stdout
    name = " ".join(args[:1])
    if steady(actual) == steady(m.group(2)):
        print(f"ok: Market block `{name}`")
        return m.group(0)
    if os.environ["WRITE"] == "true":
        print(f"rewrote: Market block `{name}`")
        return m.group(0).replace(m.group(2), actual if actual.endswith("\n") else actual + "\n")
    print(f"DRIFT: Market block `{' '.join(args)}` differs from its output")
    bad += 1
    return m.group(0)
section2 = pattern.sub(check, section)
if section2 != section:
    open(p, "w").write(s[:start] + section2 + s[end:])
print(f"market-drift {bad}")
PY
)"
echo "$market" | grep -v '^market-drift'
bad=$((bad + $(echo "$market" | sed -n 's/^market-drift //p')))

if [ "$bad" -gt 0 ]; then
  echo "readme-figures: $bad figure(s) drifted; run scripts/readme-figures.sh --write and review the diff"
  exit 1
fi
echo "readme-figures: every checked figure matches"
