#!/usr/bin/env python3
"""Module import graph + Tarjan SCCs for the `tessera` crate at a git commit.

Usage:  python3 tools/module_cycles.py <commit> [--repo PATH (default: this checkout)] [--dump PREFIX] [--no-reexports]

Reads files with `git show <commit>:<path>` (nothing is checked out or modified).

Nodes: every src/**/*.rs file as a module (src/lib.rs = crate, src/main.rs = main,
src/a/mod.rs = crate::a, src/a/b.rs = crate::a::b).
Edges: X -> Y when X's non-test code names an item of Y through
  * a `use` declaration (nested `{}` trees, `self`, globs, `pub use`), or
  * an inline path `crate::...`, `$crate::...`, `super::...`, `self::...`, `tessera::...`
    (in main.rs), a child-module name (`worker::run` in delivery/mod.rs), or a name
    brought in by a `use` (`use crate::db;` then `db::models::post::Post::find(`).
A path is resolved to the longest prefix that is a file module; if the next segment is a
name that module re-exports (`pub use` / `pub(crate) use`), the edge goes to the file that
defines it (re-exports are followed; the re-exporting file keeps its own edge). Macros
`crate::text_enum!` / `crate::db_run!` (#[macro_export]) go to their defining file.
Comments, string/char literals and `#[cfg(test)] mod NAME { ... }` blocks are removed first.
Layer of a file = first segment after crate (lib.rs -> "lib", main.rs -> "main").
"""
import os
import re
import subprocess
import sys
from collections import defaultdict

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
FOLLOW_REEXPORTS = True  # --no-reexports: stop at the file that names the item


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True,
                          capture_output=True, text=True).stdout


# ---------------------------------------------------------------- source cleaning
def strip_comments_and_literals(s):
    out = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if s.startswith("//", i):
            j = s.find("\n", i)
            j = n if j < 0 else j
            i = j
            continue
        if s.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if s.startswith("/*", i):
                    depth += 1; i += 2
                elif s.startswith("*/", i):
                    depth -= 1; i += 2
                else:
                    if s[i] == "\n":
                        out.append("\n")
                    i += 1
            continue
        m = re.match(r'b?r(#*)"', s[i:i + 40])
        if m and (i == 0 or not (s[i - 1].isalnum() or s[i - 1] == "_")):
            hashes = m.group(1)
            end = s.find('"' + hashes, i + m.end())
            end = n if end < 0 else end
            out.append('""' + "\n" * s.count("\n", i, end))
            i = end + 1 + len(hashes)
            continue
        if c == '"' or (c == "b" and s.startswith('b"', i)
                        and (i == 0 or not (s[i - 1].isalnum() or s[i - 1] == "_"))):
            j = i + (2 if c == "b" else 1)
            while j < n and s[j] != '"':
                j += 2 if s[j] == "\\" else 1
            out.append('""' + "\n" * s.count("\n", i, j))
            i = j + 1
            continue
        if c == "'":
            m = re.match(r"'(\\.[^']*|[^\\'])'", s[i:i + 12])
            if m:  # char literal (lifetimes like 'a are left alone)
                out.append("' '")
                i += m.end()
                continue
        out.append(c)
        i += 1
    return "".join(out)


def remove_test_modules(s):
    while True:
        m = re.search(r"#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+" + IDENT + r"\s*\{", s)
        if not m:
            return s
        depth, j = 0, m.end() - 1
        while j < len(s):
            if s[j] == "{":
                depth += 1
            elif s[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        s = s[:m.start()] + "\n" * s.count("\n", m.start(), j + 1) + s[j + 1:]


# ---------------------------------------------------------------- use trees
def split_top(s, sep=","):
    parts, depth, cur = [], 0, []
    for ch in s:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur)); cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def expand_use(tree, prefix=()):
    """yield (segments tuple, alias or None, is_glob)"""
    tree = re.sub(r"\s+", " ", tree).strip()
    if tree.startswith("::"):
        tree = tree[2:]
    # find a top-level '{'
    depth = 0
    for k, ch in enumerate(tree):
        if ch == "{" and depth == 0:
            head = tree[:k].rstrip().rstrip(":").strip()
            inner = tree[k + 1:tree.rindex("}")]
            hs = tuple(x.strip() for x in head.split("::") if x.strip()) if head else ()
            for part in split_top(inner):
                yield from expand_use(part, prefix + hs)
            return
    alias = None
    m = re.match(r"(.*?)\s+as\s+(" + IDENT + r")$", tree)
    if m:
        tree, alias = m.group(1), m.group(2)
    segs = tuple(x.strip() for x in tree.split("::") if x.strip())
    if segs and segs[-1] == "*":
        yield prefix + segs[:-1], None, True
        return
    if segs == ("self",):
        yield prefix, alias, False
        return
    yield prefix + segs, alias, False


# ---------------------------------------------------------------- model
class Crate:
    def __init__(self, repo, commit):
        self.repo, self.commit = repo, commit
        files = [f for f in git(repo, "ls-tree", "-r", "--name-only", commit, "--", "src").split()
                 if f.endswith(".rs")]
        self.files = sorted(files)
        self.mod_of_file, self.file_of_mod = {}, {}
        for f in self.files:
            p = f[len("src/"):-len(".rs")].split("/")
            if p == ["lib"]:
                mod = ("crate",)
            elif p == ["main"]:
                mod = ("main",)
            elif p[-1] == "mod":
                mod = ("crate", *p[:-1])
            else:
                mod = ("crate", *p)
            self.mod_of_file[f] = mod
            self.file_of_mod[mod] = f
        self.code = {}
        self.raw_lines = {}
        for f in self.files:
            raw = git(repo, "show", f"{commit}:{f}")
            self.raw_lines[f] = raw.count("\n")
            self.code[f] = remove_test_modules(strip_comments_and_literals(raw))
        # macro_export macros live at the crate root
        self.macros = {}
        for f, c in self.code.items():
            for m in re.finditer(r"#\[macro_export\]\s*macro_rules!\s*(" + IDENT + ")", c):
                self.macros[m.group(1)] = self.mod_of_file[f]
        # use declarations per file
        self.uses = {}      # file -> list of (segs, alias, glob, is_pub, span)
        for f, c in self.code.items():
            lst = []
            for m in re.finditer(r"(\bpub(\s*\([^)]*\))?\s+)?\buse\s+([^;]+);", c):
                for segs, alias, glob in expand_use(m.group(3)):
                    lst.append((segs, alias, glob, bool(m.group(1)), m.span()))
            self.uses[f] = lst

    def children(self, mod):
        return {m[len(mod)] for m in self.file_of_mod if len(m) == len(mod) + 1 and m[:len(mod)] == mod}

    def absolutise(self, f, segs, depth=0):
        """turn a path written in file f into an absolute path (tuple starting with 'crate'),
        or None if it is external."""
        mod = self.mod_of_file[f]
        if not segs:
            return None
        s0 = segs[0]
        if s0 in ("crate", "$crate") or (s0 == "tessera" and mod == ("main",)):
            return ("crate",) + tuple(segs[1:])
        if s0 == "self":
            return mod + tuple(segs[1:])
        if s0 == "super":
            cur, rest = mod, list(segs)
            while rest and rest[0] == "super":
                cur, rest = cur[:-1], rest[1:]
            return cur + tuple(rest)
        if mod != ("main",) and s0 in self.children(mod):
            return mod + tuple(segs)
        # a name brought in by a `use` in this file
        if depth < 3:
            for usegs, alias, glob, _, _ in self.uses[f]:
                if glob or not usegs:
                    continue
                name = alias or usegs[-1]
                if name == s0 and usegs[0] != s0:
                    base = self.absolutise(f, usegs, depth + 1)
                    if base:
                        return base + tuple(segs[1:])
        return None

    def resolve(self, path, seen=None):
        """absolute path -> defining file module (following re-exports)."""
        seen = seen or set()
        best = None
        for k in range(len(path), 0, -1):
            if path[:k] in self.file_of_mod:
                best = path[:k]
                break
        if best is None:
            return None
        rest = path[len(best):]
        if rest and best == ("crate",) and rest[0] in self.macros:
            return self.macros[rest[0]]
        if rest and FOLLOW_REEXPORTS:
            name = rest[0]
            f = self.file_of_mod[best]
            for usegs, alias, glob, is_pub, _ in self.uses[f]:
                if not is_pub or glob or not usegs:
                    continue
                if (alias or usegs[-1]) == name and (f, name) not in seen:
                    target = self.absolutise(f, usegs)
                    if target:
                        seen.add((f, name))
                        r = self.resolve(target + tuple(rest[1:]), seen)
                        if r:
                            return r
        return best

    def edges(self):
        E = defaultdict(set)
        for f in self.files:
            me = self.mod_of_file[f]
            c = self.code[f]
            targets = set()
            for segs, alias, glob, is_pub, span in self.uses[f]:
                a = self.absolutise(f, segs)
                if a:
                    r = self.resolve(a)
                    if r:
                        targets.add(r)
            # inline paths outside use declarations
            blanked = list(c)
            for *_, (a0, a1) in self.uses[f]:
                for k in range(a0, a1):
                    if blanked[k] != "\n":
                        blanked[k] = " "
            body = "".join(blanked)
            for m in re.finditer(r"(?<![A-Za-z0-9_:])(\$?" + IDENT + r"(?:\s*::\s*" + IDENT + r")+)", body):
                segs = [x.strip() for x in m.group(1).split("::")]
                a = self.absolutise(f, segs)
                if a:
                    r = self.resolve(a)
                    if r:
                        targets.add(r)
            targets.discard(me)
            for t in targets:
                E[me].add(t)
        return E


def layer(mod):
    if mod == ("main",):
        return "main"
    if mod == ("crate",):
        return "lib"
    return mod[1]


def name(mod):
    return "::".join(mod)


# ---------------------------------------------------------------- Tarjan
def tarjan(nodes, E):
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(E.get(root, ()))))]
        index[root] = low[root] = counter[0]; counter[0] += 1
        stack.append(root); on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]; counter[0] += 1
                    stack.append(w); on.add(w)
                    work.append((w, iter(sorted(E.get(w, ())))))
                    advanced = True
                    break
                elif w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop(); on.discard(w); comp.append(w)
                    if w == v:
                        break
                out.append(comp)
    return out


def main():
    args = sys.argv[1:]
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dump = None
    if "--repo" in args:
        k = args.index("--repo"); repo = args[k + 1]; del args[k:k + 2]
    if "--dump" in args:
        k = args.index("--dump"); dump = args[k + 1]; del args[k:k + 2]
    if "--no-reexports" in args:
        global FOLLOW_REEXPORTS
        FOLLOW_REEXPORTS = False
        args.remove("--no-reexports")
    commit = args[0]
    cr = Crate(repo, commit)
    E = cr.edges()
    nodes = sorted(cr.file_of_mod)
    print(f"commit {commit}: {len(nodes)} .rs files, {sum(cr.raw_lines.values())} lines, "
          f"{sum(len(v) for v in E.values())} file-level edges")

    # layer graph
    LE = defaultdict(lambda: defaultdict(int))
    for a, ts in E.items():
        for b in ts:
            if layer(a) != layer(b):
                LE[layer(a)][layer(b)] += 1
    layers = sorted({layer(m) for m in nodes})
    print("\n== layer graph (A -> B: number of file-level edges) ==")
    for a in layers:
        if LE[a]:
            print(f"  {a:11s} -> " + ", ".join(f"{b}({n})" for b, n in sorted(LE[a].items())))
    lsccs = sorted(tarjan(layers, {a: set(b) for a, b in LE.items()}), key=len, reverse=True)
    if len(lsccs[0]) == 1:
        print("\nlargest layer SCC: size 1 (no cycle between layers: the layer graph is a DAG)")
    else:
        print(f"\nlargest layer SCC: size {len(lsccs[0])}: {sorted(lsccs[0])}")
    for s in lsccs[1:]:
        if len(s) > 1:
            print(f"  other layer SCC: {sorted(s)}")
    big = set(lsccs[0]) if len(lsccs[0]) > 1 else set()
    if big:
        print("  layer edges inside it:")
    for a in sorted(big):
        for b, n in sorted(LE[a].items()):
            if b in big:
                print(f"    {a} -> {b} ({n})")

    fsccs = sorted(tarjan(nodes, E), key=len, reverse=True)
    print(f"\nlargest file SCC: size {len(fsccs[0])}")
    bylayer = defaultdict(list)
    for m in sorted(fsccs[0]):
        bylayer[layer(m)].append(name(m))
    for l in sorted(bylayer):
        print(f"  [{l}] ({len(bylayer[l])}) " + ", ".join(bylayer[l]))
    others = [len(s) for s in fsccs[1:] if len(s) > 1]
    print(f"other non-trivial file SCCs (sizes): {others}")
    for s in fsccs[1:]:
        if len(s) > 1:
            print("   ", sorted(name(m) for m in s))

    if dump:
        with open(dump + "_file_edges.tsv", "w") as fh:
            for a in sorted(E):
                for b in sorted(E[a]):
                    fh.write(f"{name(a)}\t{name(b)}\n")
        with open(dump + "_layer_edges.tsv", "w") as fh:
            for a in sorted(LE):
                for b, n in sorted(LE[a].items()):
                    fh.write(f"{a}\t{b}\t{n}\n")
        with open(dump + "_file_scc.txt", "w") as fh:
            for m in sorted(fsccs[0]):
                fh.write(name(m) + "\n")
        print(f"\nwrote {dump}_file_edges.tsv, {dump}_layer_edges.tsv, {dump}_file_scc.txt")


if __name__ == "__main__":
    main()
