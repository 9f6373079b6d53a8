#!/usr/bin/env python3
"""Score one scan, or compare two, against labels, without building again.

    python3 tools/accuracy/score.py [--clean] LABELS.jsonl BEFORE.log BEFORE.json [AFTER.log AFTER.json]

--clean counts only the servers that built without errors (no package missing, no compiler error).

A scan (scan.py) prints one line per server (its state) and writes its findings with --findings. A server counts as
analysed when it restored: the compiler ran the analyzers on it, also when the build then failed on a package the
registry here lacks. Labels are matched as scan.py does (same rule, same file, within 3 lines); a label of a rule that
judges a whole server (030, 040, 061, 062, 063, 071: the label sits where the spec says, say the AllowedHosts line of
appsettings.json, and the rule may report at another line of the same setup) is matched by any finding of its rule in
the same folder of the same server. Printed, per
rule: flaws labelled, found (recall), safe look-alikes labelled, flagged (false-alarm rate), findings at unlabelled
sites; with two scans, before and after side by side. The total counts the rules the package ships at Warning
(AnalyzerReleases.*.md): labels of rules not built yet or at Info (not shown by a build) are listed apart. Only
aggregates are printed: site-level results describe other people's code and stay out of the repository.
"""
import os
import collections
import json
import re
import sys

SERVER_LEVEL = {"MCPSEC030", "MCPSEC040", "MCPSEC061", "MCPSEC062", "MCPSEC063", "MCPSEC071"}
RELEASES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "src", "Analyzers")


def shipped_warnings():
    rules = set()
    for name in ("AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md"):
        with open(os.path.join(RELEASES, name), encoding="utf-8") as handle:
            for line in handle:
                cells = [cell.strip() for cell in line.split("|")]
                if len(cells) >= 3 and cells[0].startswith("MCP") and cells[2] == "Warning":
                    rules.add(cells[0])
    return rules


def same_folder(finding_file, label_file):
    return os.path.dirname(finding_file).endswith(os.path.dirname(label_file.lstrip("/")))


STATE = re.compile(r"^(?P<repo>[^@\s]+)@[0-9a-f]+: (?P<state>.*?)(?: in \d+ s)?; ")
NOT_ANALYSED = ("restore failed", "timed out", "source not available")


CLEAN = False


def analysed_servers(log):
    servers = set()
    with open(log, encoding="utf-8") as handle:
        for line in handle:
            match = STATE.match(line)
            if not match or match["state"].startswith(NOT_ANALYSED):
                continue
            if CLEAN and (match["state"] != "built"):
                continue
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
                and ((label["rule"] in SERVER_LEVEL and same_folder(f["file"], label["file"]))
                     or (f["file"].endswith(label["file"].lstrip("/")) and abs(f["line"] - int(label["line"])) <= 3))]
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
    global CLEAN
    if len(sys.argv) > 1 and sys.argv[1] == "--clean":
        CLEAN = True
        del sys.argv[1]
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
    warnings = shipped_warnings()
    rules = sorted(set().union(*(table.keys() for table, _ in scans)))
    counted = [rule for rule in rules if rule in warnings]
    apart = [rule for rule in rules if rule not in warnings]
    sums = [collections.Counter() for _ in scans]
    for rule in counted + ["all"] + apart:
        rows = []
        for index, (table, _) in enumerate(scans):
            row = sums[index] if rule == "all" else table[rule]
            if rule in warnings:
                sums[index].update(row)
            rows.append(row)
        if rule in apart:
            rule = rule + " (not counted: not built yet, or Info)"
        if len(rows) == 1:
            print(f"| {rule} | {cells(rows[0])} |")
        else:
            after = cells(rows[1]).split(" | ")
            print(f"| {rule} | {cells(rows[0])} | {after[1]} | {after[3]} | {after[4]} |")


if __name__ == "__main__":
    main()
