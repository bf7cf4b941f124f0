#!/usr/bin/env python3
"""Writes the README's Fidelity tables from a profile's provenance, as `calibrate --cross-validate` recorded it.

Usage: fidelity-tables.py PROFILE.json README.md [--write]

Each table sits between `<!-- fidelity:NAME -->` and `<!-- /fidelity:NAME -->` in the README. Without --write the script
prints one line per table that differs from what the profile gives and exits 1 if any does; with --write it rewrites
them. The profile is the shipped one (src/TokenKernels/Calibration/default-profile.json), so the README shows what the
fit that produced it measured, not figures pasted by hand.
"""
import json
import re
import sys

# A group whose median predicted / measured is beyond this either way is flagged (issue 11's goal).
FLAG_RATIO = 1.35


def pct(x):
    return f"{x:.1f}%"


def ratio(x):
    return f"{x:.2f}x"


def summary(metrics):
    return {m["metric"]: m for m in metrics}


def groups(entries):
    return {g["group"]: g for g in entries}


def flagged(r):
    return r > FLAG_RATIO or r < 1 / FLAG_RATIO


def metrics_table(d):
    """Per metric: held out by source (with the share beyond 2x), by engine, by vendor, and in sample."""
    source = summary(d["leave_one_source_out"])
    engine = summary(d.get("leave_one_engine_out", []))
    vendor = summary(d.get("leave_one_vendor_out", []))
    inside = summary(d["in_sample"])
    lines = ["| metric | rows | source out: median abs. error | > 2x off | engine out | vendor out | in sample |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, s in source.items():
        cell = lambda table: pct(table[name]["median_abs_pct_error"]) if name in table else "-"
        lines.append(f"| `{name}` | {s['rows']} | {pct(s['median_abs_pct_error'])} | {pct(100 * s['share_off_by_more_than_2x'])} "
                     f"| {cell(engine)} | {cell(vendor)} | {cell(inside)} |")
    return lines


def error_cell(g, rows=False):
    if g is None:
        return "-"
    extra = f", {g['rows']}" if rows else ""
    return f"{pct(g['median_abs_pct_error'])} ({ratio(g['median_ratio'])}{extra})"


def user_cell(g, rows=False):
    u = g.get("per_user")
    if u is None:
        return "-"
    extra = f", {u['rows']}" if rows else ""
    return f"{pct(u['median_abs_pct_error'])} ({ratio(u['median_rate_ratio'])}{extra})"


def kind_table(d):
    """Per benchmark kind: throughput held out three ways, the per-user rate held out by source."""
    engine = groups(d.get("leave_one_engine_out_by_kind", []))
    vendor = groups(d.get("leave_one_vendor_out_by_kind", []))
    lines = ["| kind | tok/s/GPU, source out (rows) | engine out | vendor out | tok/s/user and TPOT, source out |",
             "|---|---:|---:|---:|---:|"]
    for g in d["leave_one_source_out_by_kind"]:
        name = g["group"]
        lines.append(f"| {name} | {error_cell(g, True)} | {error_cell(engine.get(name), True)} | "
                     f"{error_cell(vendor.get(name), True)} | {user_cell(g, True)} |")
    return lines


def stack_table(d):
    """Per engine / model family / vendor, most rows first; groups beyond FLAG_RATIO held out by source in bold."""
    engine = groups(d.get("leave_one_engine_out_by_stack", []))
    vendor = groups(d.get("leave_one_vendor_out_by_stack", []))
    lines = ["| engine / family / vendor | rows | source out | engine out | vendor out | tok/s/user, source out |",
             "|---|---:|---:|---:|---:|---:|"]
    for g in sorted(d["leave_one_source_out_by_stack"], key=lambda g: (-g["rows"], g["group"])):
        name = g["group"]
        label = f"**{name}**" if flagged(g["median_ratio"]) else name
        lines.append(f"| {label} | {g['rows']} | {error_cell(g)} | {error_cell(engine.get(name))} | "
                     f"{error_cell(vendor.get(name))} | {user_cell(g)} |")
    return lines


def short_source(s):
    s = re.sub(r"^https?://", "", s)
    s = re.sub(r"@([0-9a-f]{7})[0-9a-f]+$", r"@\1", s)
    return s if len(s) <= 90 else s[:60] + "..." + s[-27:]


def plain_table(first, entries, sort_key):
    lines = [f"| {first} | rows | median abs. error | > 2x off | median pred/meas |", "|---|---:|---:|---:|---:|"]
    for g in sorted(entries, key=sort_key):
        lines.append(f"| {g['label']} | {g['rows']} | {pct(g['median_abs_pct_error'])} | "
                     f"{pct(100 * g['share_off_by_more_than_2x'])} | {ratio(g['median_ratio'])} |")
    return lines


def source_table(d):
    """Per source held out, most rows first."""
    entries = [dict(g, label=f"`{short_source(g['group'])}`") for g in d["leave_one_source_out_by_source"]]
    return plain_table("source", entries, lambda g: (-g["rows"], g["label"]))


def hardware_table(d):
    entries = [dict(g, label=g["group"]) for g in d["leave_one_source_out_by_hardware"]]
    return plain_table("hardware", entries, lambda g: g["label"])


def fitted_line(d):
    return [f"Fitted on {d['rows_fitted']} of {d['rows']} rows of `{d['data']}` on {d['date']} "
            f"({d['evaluations']} loss evaluations, loss {d['loss']}); {d['method']}."]


def headline(d):
    """The section's opening sentence: per-GPU throughput held out three ways, rows beyond 2x, tok/s/user held out."""
    source = summary(d["leave_one_source_out"])
    engine = summary(d.get("leave_one_engine_out", []))
    vendor = summary(d.get("leave_one_vendor_out", []))
    t = source["tok_s_gpu"]
    off = round(t["share_off_by_more_than_2x"] * t["rows"])
    sources = len(d["leave_one_source_out_by_source"])
    user = source.get("tok_s_user")
    line = (f"**Median error {pct(t['median_abs_pct_error'])} on data the model was not fitted to** (per-GPU throughput, "
            f"leave-one-source-out over the {sources} sources with a throughput row: each source predicted by a profile "
            f"fitted on all the others), {off} of {t['rows']} rows more than 2x off. Holding out a whole serving engine "
            f"gives {pct(engine['tok_s_gpu']['median_abs_pct_error'])}, a whole vendor {pct(vendor['tok_s_gpu']['median_abs_pct_error'])}")
    if user is not None:
        line += f"; tok/s/user is {pct(user['median_abs_pct_error'])} held out by source ({user['rows']} rows)"
    return [line + "."]


REASONS = "data/beyond-2x-reasons.csv"


def reasons():
    """Why each row beyond 2x is off, by row id, from REASONS (written by hand; the rows themselves come from the fit)."""
    import csv
    import os
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", REASONS)
    with open(path, newline="") as f:
        return {r["id"]: r["reason"] for r in csv.DictReader(f)}


def outliers_table(d):
    """Rows more than 2x off held out by source, most too fast first, with the reason REASONS gives (or says it has none)."""
    why = reasons()
    rows = d.get("leave_one_source_out_beyond_2x", [])
    lines = ["| row | source | held out pred/meas | why |", "|---|---|---:|---|"]
    for r in rows:
        lines.append(f"| `{r['id']}` | `{short_source(r['source'])}` | {ratio(r['ratio'])} | "
                     f"{why.get(r['id'], '**not explained yet**')} |")
    explained = sum(1 for r in rows if r["id"] in why)
    lines.append("")
    lines.append(f"{explained} of {len(rows)} rows beyond 2x have an explanation in `{REASONS}`.")
    return lines


TABLES = {
    "headline": headline,
    "fit": fitted_line,
    "metrics": metrics_table,
    "kinds": kind_table,
    "stacks": stack_table,
    "sources": source_table,
    "hardware": hardware_table,
    "outliers": outliers_table,
}


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    profile, readme, write = argv[1], argv[2], "--write" in argv[3:]
    detail = json.load(open(profile))["provenance_detail"]
    text = open(readme).read()
    bad = 0
    for name, make in TABLES.items():
        block = "\n".join(make(detail)) + "\n"
        pattern = re.compile(rf"(<!-- fidelity:{name} -->\n)(.*?)(<!-- /fidelity:{name} -->)", re.S)
        m = pattern.search(text)
        if m is None:
            print(f"fidelity-tables: README has no <!-- fidelity:{name} --> block")
            bad += 1
            continue
        if m.group(2) == block:
            print(f"ok: fidelity table {name}")
            continue
        if write:
            text = text[:m.start(2)] + block + text[m.end(2):]
            print(f"wrote: fidelity table {name}")
        else:
            print(f"DRIFT: fidelity table {name} differs from {profile} (run scripts/readme-figures.sh --write)")
            bad += 1
    if write:
        open(readme, "w").write(text)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
