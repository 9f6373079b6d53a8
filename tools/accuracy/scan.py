#!/usr/bin/env python3
"""Scan public MCP servers with the McpAnalyzers package, as a user's build would, and score the findings.

    python3 tools/accuracy/scan.py SERVERS [--labels LABELS.jsonl] [--mirror-root DIR] [--work DIR] [--keep]
                                           [--only NAME,...] [--timeout SECONDS] [--findings OUT.json]
                                           [--repository DIR]

SERVERS lists one `owner/name@commit` per line (`#` starts a comment). Each server's source at that commit comes from a
bare mirror under --mirror-root (a folder `owner+name` holding a git directory) or else from a clone of
https://github.com/owner/name. The package is packed from this repository into a local feed and added to every project
of the server without editing its files: a targets file passed as CustomAfterMicrosoftCommonTargets adds the
PackageReference (VersionOverride under central package management), and the feed is an additional restore source.
Each server is then built once (each project that references ModelContextProtocol, else its solution) with warnings
not as errors, and the MCPSEC/MCPA warnings are collected (one per file, line, column and rule).

Printed: per server, whether it restored and built, and its findings per rule; in total, the findings per rule. With
--labels (one JSON object per line: repo, file, line, rule, verdict "flaw" or "safe"), each label is matched to a
finding of its rule in the same file within 3 lines, and the table gives per rule: flaws labelled, found, recall; safe
look-alikes labelled, flagged, false-alarm rate; and findings at unlabelled sites. Labels of servers that did not build
are counted apart. --findings writes every finding (server, file, line, column, rule, message) as JSON for triage; a
build that runs longer than --timeout seconds (default 900) is stopped and counted as not built. Site-level results
describe other people's code: keep them out of the repository. --repository packs the package from another checkout
(a worktree of an older commit, for a before/after comparison).
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FINDING = re.compile(r"^(?P<file>[^(\n]+)\((?P<line>\d+),(?P<col>\d+)(?:,\d+,\d+)?\): warning (?P<rule>MCP(?:SEC|A)\d{3}): (?P<message>.*?)(?: \[[^\]]+\])?$")
ERROR = re.compile(r": error [A-Z]+\d+:")
MISSING = re.compile(r"error NU110[12]: Unable to find package (?:version \S+ of )?'?(?P<id>[A-Za-z0-9_.\-]+)")
TARGETS = """<Project>
  <!-- a partial registry resolves some versions to the nearest one: not the scan's concern -->
  <PropertyGroup>
    <NoWarn>$(NoWarn);NU1601;NU1603;NU1605;NU1608;NU1701;NU1900;NU1901;NU1902;NU1903;NU1904</NoWarn>
    <NuGetAudit>false</NuGetAudit>
  </PropertyGroup>
  <ItemGroup Condition="'$(MSBuildProjectExtension)' == '.csproj'">
    <PackageReference Include="McpAnalyzers" Version="{version}" PrivateAssets="all" Condition="'$(ManagePackageVersionsCentrally)' != 'true'" />
    <PackageReference Include="McpAnalyzers" VersionOverride="{version}" PrivateAssets="all" Condition="'$(ManagePackageVersionsCentrally)' == 'true'" />
  </ItemGroup>
</Project>
"""


def run(arguments, cwd=None, timeout=1800):
    environment = dict(os.environ, MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_USE_MSBUILD_SERVER="0")
    try:
        process = subprocess.run(arguments, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=environment)
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout or ""
        output = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
        return None, output
    return process.returncode, process.stdout + process.stderr


def read_servers(path):
    servers = []
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.split("#", 1)[0].strip()
            if line:
                name, _, commit = line.partition("@")
                servers.append((name, commit))
    return servers


def pack(work, repository):
    feed = os.path.join(work, "feed")
    # a new version per scan: the NuGet cache keeps a package by id and version, and would serve an older build
    version = "0.0.0-scan." + time.strftime("%Y%m%d%H%M%S")
    code, output = run(["dotnet", "pack", os.path.join(repository, "src", "Package"), "-c", "Release", "-o", feed,
                        "-p:Version=" + version, "-nologo", "-v:q"])
    if code != 0:
        sys.exit("packing McpAnalyzers failed:\n" + output[-3000:])
    return feed, version


def checkout(name, commit, mirror_root, destination):
    if os.path.isdir(destination):
        shutil.rmtree(destination)
    os.makedirs(destination)
    mirror = os.path.join(mirror_root, name.replace("/", "+")) if mirror_root else None
    if mirror and os.path.isdir(mirror):
        git_dirs = [os.path.join(mirror, d) for d in sorted(os.listdir(mirror))
                    if os.path.isfile(os.path.join(mirror, d, "HEAD"))]
        if os.path.isfile(os.path.join(mirror, "HEAD")):
            git_dirs.insert(0, mirror)
        for git_dir in git_dirs:
            archive = subprocess.run(["git", "--git-dir=" + git_dir, "archive", commit], capture_output=True)
            if archive.returncode == 0:
                subprocess.run(["tar", "-x", "-C", destination], input=archive.stdout, check=True)
                return True
    code, _ = run(["git", "clone", "-q", "https://github.com/" + name, destination])
    return code == 0 and run(["git", "checkout", "-q", commit], cwd=destination)[0] == 0


def unpin_sdk(source):
    """A global.json that pins an SDK this machine lacks stops the build: let it roll forward to the installed one.
    Lock files pin versions a partial registry may lack: restore resolves again."""
    for root, directories, files in os.walk(source):
        directories[:] = [d for d in directories if d not in (".git", "bin", "obj", "node_modules")]
        if "packages.lock.json" in files:
            os.remove(os.path.join(root, "packages.lock.json"))
        if "global.json" in files:
            path = os.path.join(root, "global.json")
            try:
                with open(path, encoding="utf-8-sig") as handle:
                    settings = json.load(handle)
            except ValueError:
                settings = {}
            sdk = settings.get("sdk") or {}
            sdk.update({"rollForward": "latestMajor", "allowPrerelease": True})
            settings["sdk"] = sdk
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(settings, handle)


def entry_points(source):
    solutions, projects = [], []
    for root, directories, files in os.walk(source):
        directories[:] = [d for d in directories if d not in (".git", "bin", "obj", "node_modules")]
        for file in files:
            path = os.path.join(root, file)
            if file.endswith((".sln", ".slnx")) and root == source:
                solutions.append(path)
            elif file.endswith(".csproj"):
                with open(path, encoding="utf-8", errors="replace") as handle:
                    if "ModelContextProtocol" in handle.read():
                        projects.append(path)
    # the server projects themselves: a solution also restores test projects whose packages a partial feed may lack
    return sorted(projects) if projects else solutions[:1]


def build(entry, targets, feed, source, timeout):
    def attempt(targets_file):
        return run(["dotnet", "build", entry, "-nologo", "-v:q", "-clp:NoSummary", "-nodeReuse:false",
                    "-p:TreatWarningsAsErrors=false", "-p:WarningsAsErrors=", "-p:MSBuildTreatWarningsAsErrors=false",
                    "-p:CustomAfterMicrosoftCommonTargets=" + targets_file, "-p:RestoreAdditionalProjectSources=" + feed,
                    # the server's own NuGet.config may clear nuget.org, add feeds this machine cannot reach or map
                    # packages to sources (leaving ours out); lock files pin versions a partial registry lacks
                    "-p:RestoreConfigFile=" + os.path.join(os.path.dirname(feed), "NuGet.scan.config"),
                    "-p:RestoreLockedMode=false"],
                   cwd=source, timeout=timeout)

    code, output = attempt(targets)
    missing = sorted({m["id"].rstrip(".") for m in MISSING.finditer(output)} - {"McpAnalyzers"})
    partial = False
    if code is not None and missing:
        # A package the registry here lacks: build without it. The compiler reports errors where its types are used,
        # and still runs the analyzers on everything else (counted as "built without ...").
        reduced = os.path.join(source, "obj.scan-reduced.targets")
        with open(targets, encoding="utf-8") as handle:
            text = handle.read()
        removals = "".join(f'    <PackageReference Remove="{package}" />\n' for package in missing)
        with open(reduced, "w", encoding="utf-8") as handle:
            handle.write(text.replace("</Project>", "  <ItemGroup>\n" + removals + "  </ItemGroup>\n</Project>"))
        code, output = attempt(reduced)
        partial = True
    findings, messages = set(), {}
    for line in output.splitlines():
        match = FINDING.match(line.strip())
        if match:
            file = os.path.relpath(os.path.realpath(match["file"]), os.path.realpath(source)).replace(os.sep, "/")
            finding = (file, int(match["line"]), int(match["col"]), match["rule"])
            findings.add(finding)
            messages[finding] = match["message"]
    restored = "error NU1" not in output
    errors = sum(1 for line in output.splitlines() if ERROR.search(line))
    # restored: the compiler ran the analyzers, also when the build then failed where a missing package's types are used
    analysed = code is not None and restored
    return analysed, code is None, restored, errors, findings, messages, missing if partial else []


def score(labels, findings_by_server, built):
    table = collections.defaultdict(lambda: collections.Counter())
    matched = set()
    for label in labels:
        rule, server = label["rule"], label["repo"]
        if server not in built:
            table[rule]["not built"] += 1
            continue
        hits = [f for f in findings_by_server.get(server, ()) if f[3] == rule and f[0].endswith(label["file"].lstrip("/"))
                and abs(f[1] - int(label["line"])) <= 3]
        matched.update((server,) + f for f in hits)
        kind = "flaw" if label["verdict"] == "flaw" else "safe"
        table[rule][kind] += 1
        table[rule][kind + " flagged"] += 1 if hits else 0
    for server, findings in findings_by_server.items():
        for finding in findings:
            if (server,) + finding not in matched:
                table[finding[3]]["unlabelled"] += 1
    return table


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("servers")
    parser.add_argument("--labels")
    parser.add_argument("--mirror-root")
    parser.add_argument("--work")
    parser.add_argument("--keep", action="store_true", help="keep the checked-out sources")
    parser.add_argument("--only", help="scan only these servers (comma-separated owner/name)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per build before it is stopped")
    parser.add_argument("--findings", help="write every finding to this JSON file")
    parser.add_argument("--repository", default=REPOSITORY, help="the McpAnalyzers checkout to pack (default: this one)")
    options = parser.parse_args()
    only = set(options.only.split(",")) if options.only else None

    work = options.work or tempfile.mkdtemp(prefix="mcpanalyzers-scan-")
    os.makedirs(work, exist_ok=True)
    feed, version = pack(work, options.repository)
    with open(os.path.join(work, "NuGet.scan.config"), "w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <clear />\n'
                     '    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />\n'
                     f'    <add key="scan" value="{feed}" />\n  </packageSources>\n</configuration>\n')
    targets = os.path.join(work, "McpAnalyzers.Scan.targets")
    with open(targets, "w", encoding="utf-8") as handle:
        handle.write(TARGETS.format(version=version))

    findings_by_server, built, totals = {}, set(), collections.Counter()
    attempted, records = set(), []
    for name, commit in read_servers(options.servers):
        if only is not None and name not in only:
            continue
        attempted.add(name)
        source = os.path.join(work, "src", name.replace("/", "+"))
        if not checkout(name, commit, options.mirror_root, source):
            print(f"{name}@{commit[:10]}: source not available", flush=True)
            continue
        unpin_sdk(source)
        entries = entry_points(source)
        findings, all_built, all_restored, errors, timed_out, lacking = set(), bool(entries), True, 0, False, set()
        started = time.monotonic()
        for entry in entries:
            ok, stopped, restored, entry_errors, entry_findings, messages, missing = build(entry, targets, feed, source, options.timeout)
            lacking.update(missing)
            all_built &= ok
            all_restored &= restored
            timed_out |= stopped
            errors += entry_errors
            findings |= entry_findings
            records.extend({"repo": name, "commit": commit, "file": f[0], "line": f[1], "column": f[2], "rule": f[3],
                            "message": messages[f]} for f in sorted(entry_findings))
        findings_by_server[name] = findings
        if all_built:
            built.add(name)
        per_rule = collections.Counter(f[3] for f in findings)
        totals.update(per_rule)
        state = ("built" + (f" without {', '.join(sorted(lacking))}" if lacking else "") + (f" ({errors} errors)" if errors else "") if all_built
                 else "timed out" if timed_out else "restore failed" if not all_restored else f"build failed ({errors} errors)")
        print(f"{name}@{commit[:10]}: {state} in {time.monotonic() - started:.0f} s; "
              + (", ".join(f"{r} {n}" for r, n in sorted(per_rule.items())) or "no finding"), flush=True)
        if not options.keep:
            shutil.rmtree(source, ignore_errors=True)

    if options.findings:
        with open(options.findings, "w", encoding="utf-8") as handle:
            json.dump(records, handle, indent=1)

    print()
    print("| rule | findings |")
    print("|---|---|")
    for rule, count in sorted(totals.items()):
        print(f"| {rule} | {count} |")

    if options.labels:
        with open(options.labels, encoding="utf-8") as handle:
            labels = [json.loads(line) for line in handle if line.strip()]
        labels = [label for label in labels if label["repo"] in findings_by_server or label["repo"] in attempted]
        table = score(labels, findings_by_server, built)
        print()
        print("| rule | flaws | found | recall | safe look-alikes | flagged | false alarms | unlabelled findings | labels on unbuilt servers |")
        print("|---|---|---|---|---|---|---|---|---|")
        sums = collections.Counter()
        for rule in sorted(table):
            row = table[rule]
            sums.update(row)
            recall = f"{row['flaw flagged'] / row['flaw']:.0%}" if row["flaw"] else "-"
            alarms = f"{row['safe flagged'] / row['safe']:.0%}" if row["safe"] else "-"
            print(f"| {rule} | {row['flaw']} | {row['flaw flagged']} | {recall} | {row['safe']} | {row['safe flagged']} | {alarms} | {row['unlabelled']} | {row['not built']} |")
        recall = f"{sums['flaw flagged'] / sums['flaw']:.0%}" if sums["flaw"] else "-"
        alarms = f"{sums['safe flagged'] / sums['safe']:.0%}" if sums["safe"] else "-"
        print(f"| all | {sums['flaw']} | {sums['flaw flagged']} | {recall} | {sums['safe']} | {sums['safe flagged']} | {alarms} | {sums['unlabelled']} | {sums['not built']} |")


if __name__ == "__main__":
    main()
