#!/usr/bin/env python3
"""Score one scan, or compare two, against labels, without building again.

    python3 tools/accuracy/score.py LABELS.jsonl BEFORE.log BEFORE.json [AFTER.log AFTER.json]

A scan (scan.py) prints one line per server (its state) and writes its findings with --findings. A server counts as
analysed when it restored: the compiler ran the analyzers on it, also when the build then failed on a package the
registry here lacks. Labels are matched as scan.py does (same rule, same file, within 3 lines). Printed, per rule and
in total: flaws labelled, found (recall), safe look-alikes labelled, flagged (false-alarm rate), findings at unlabelled
sites; with two scans, before and after side by side. Only aggregates are printed: site-level results describe other
people's code and stay out of the repository.
"""
import collections
import json
import re
import sys

STATE = re.compile(r"^(?P<repo>[^@\s]+)@[0-9a-f]+: (?P<state>.*?)(?: in \d+ s)?; ")
NOT_ANALYSED = ("restore failed", "timed out", "source not available")


def analysed_servers(log):
    servers = set()
    with open(log, encoding="utf-8") as handle:
        for line in handle:
            match = STATE.match(line)
            if match and not match["state"].startswith(NOT_ANALYSED):
                servers.add(match["repo"])
    return servers


def score(labels, log, findings_file):
    servers = analysed_servers(log)
    with open(findings_file, encoding="utf-8") as handle:
        findings = [f for f in json.load(handle) if f["repo"] in servers]
    table = collections.defaultdict(collections.Counter)
    matched = set()
    for label in labels:
        if label["repo"] not in servers:
            continue
        hits = [f for f in findings if f["repo"] == label["repo"] and f["rule"] == label["rule"]
                and f["file"].endswith(label["file"].lstrip("/")) and abs(f["line"] - int(label["line"])) <= 3]
        matched.update((f["repo"], f["file"], f["line"], f["column"], f["rule"]) for f in hits)
        kind = "flaw" if label["verdict"] == "flaw" else "safe"
        table[label["rule"]][kind] += 1
        table[label["rule"]][kind + " flagged"] += 1 if hits else 0
    for f in findings:
        if (f["repo"], f["file"], f["line"], f["column"], f["rule"]) not in matched:
            table[f["rule"]]["unlabelled"] += 1
    return table, len(servers)


def cells(row):
    recall = f"{row['flaw flagged'] / row['flaw']:.0%}" if row["flaw"] else "-"
    alarms = f"{row['safe flagged'] / row['safe']:.0%}" if row["safe"] else "-"
    return f"{row['flaw']} | {row['flaw flagged']} ({recall}) | {row['safe']} | {row['safe flagged']} ({alarms}) | {row['unlabelled']}"


def main():
    if len(sys.argv) not in (4, 6):
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as handle:
        labels = [json.loads(line) for line in handle if line.strip()]
    scans = [score(labels, sys.argv[i], sys.argv[i + 1]) for i in range(2, len(sys.argv), 2)]
    print(" / ".join(f"{count} servers analysed" for _, count in scans))
    header = "flaws | found | safe look-alikes | flagged | unlabelled findings"
    if len(scans) == 1:
        print(f"| rule | {header} |")
        print("|---|---|---|---|---|---|")
    else:
        print(f"| rule | before: {header} | after: found | flagged | unlabelled findings |")
        print("|---|---|---|---|---|---|---|---|---|")
    rules = sorted(set().union(*(table.keys() for table, _ in scans)))
    sums = [collections.Counter() for _ in scans]
    for rule in rules + ["all"]:
        rows = []
        for index, (table, _) in enumerate(scans):
            row = sums[index] if rule == "all" else table[rule]
            if rule != "all":
                sums[index].update(row)
            rows.append(row)
        if len(rows) == 1:
            print(f"| {rule} | {cells(rows[0])} |")
        else:
            after = cells(rows[1]).split(" | ")
            print(f"| {rule} | {cells(rows[0])} | {after[1]} | {after[3]} | {after[4]} |")


if __name__ == "__main__":
    main()
