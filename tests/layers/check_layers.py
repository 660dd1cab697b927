#!/usr/bin/env python3
"""check_layers.py -- keeps smcf's folders layered.

Reads src/LAYERS (folder: folders it may include), then every source file
under src/ and grammar/, and fails when a file includes "dir/..." of a
folder its own folder may not include, when a folder is missing from
LAYERS, or when the declared graph has a cycle.  Usage:
  check_layers.py SOURCE_DIR
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([A-Za-z0-9_]+)/')


def read_layers(path):
    allowed = {}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if ":" not in line:
            sys.exit(f"{path}:{n}: expected 'folder: deps...'")
        name, deps = line.split(":", 1)
        allowed[name.strip()] = set(deps.split())
    return allowed


def find_cycle(allowed):
    state = {}

    def visit(node, stack):
        state[node] = 1
        for dep in sorted(allowed.get(node, ())):
            if state.get(dep) == 1:
                return stack + [node, dep]
            if dep not in state:
                found = visit(dep, stack + [node])
                if found:
                    return found
        state[node] = 2
        return None

    for node in sorted(allowed):
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def folder_of(root, path):
    rel = os.path.relpath(path, root).split(os.sep)
    if rel[0] == "grammar":
        return "grammar"
    if rel[:3] == ["src", "api", "include"]:
        return "smcf"
    return rel[1]


def main():
    root = sys.argv[1]
    allowed = read_layers(os.path.join(root, "src", "LAYERS"))
    errors = []
    for name, deps in allowed.items():
        for dep in deps:
            if dep not in allowed:
                errors.append(f"src/LAYERS: {name} lists unknown folder {dep}")
    cycle = find_cycle(allowed)
    if cycle:
        errors.append("src/LAYERS: cycle " + " -> ".join(cycle))
    files = 0
    for top in ("src", "grammar"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for fname in sorted(names):
                if not fname.endswith((".cpp", ".hpp", ".h")):
                    continue
                path = os.path.join(dirpath, fname)
                own = folder_of(root, path)
                files += 1
                if own not in allowed:
                    errors.append(f"{os.path.relpath(path, root)}: folder {own} is not in src/LAYERS")
                    continue
                for n, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    dep = m.group(1)
                    if dep == own or dep not in allowed:
                        continue  # own folder, or a system/third-party path
                    if dep not in allowed[own]:
                        errors.append(f"{os.path.relpath(path, root)}:{n}: {own}/ may not include {dep}/ "
                                      f"(src/LAYERS: {own}: {' '.join(sorted(allowed[own]))})")
    for e in errors:
        print(e)
    print(f"check_layers: {files} files, {len(allowed)} folders, {len(errors)} violations")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
