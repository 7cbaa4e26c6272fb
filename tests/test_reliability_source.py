"""Untrusted text is never interpolated into SQL or a shell, and nothing is unpickled or eval'd.

A static check over the package source (ast, not a regex, so strings and comments cannot
fool it). Interpolations into SQL that were reviewed and carry no article text are listed
in SAFE_SQL_INTERPOLATIONS with the reason; anything else fails."""

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "claimdiff"
SQL_METHODS = {"execute", "executemany", "executescript"}
# source of each {expression} allowed inside an f-string handed to execute(): never article text
SAFE_SQL_INTERPOLATIONS = {
    "n + 1": "PRAGMA user_version = <migration number>, an int from range()",
    "t": "table name from the constant tuple in Store.counts()",
    "','.join('?' * len(chunk))": "a list of ? placeholders; the values are bound parameters",
}


def _sources():
    return sorted(PKG.rglob("*.py"))


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _func_name(call):
    f = call.func
    if isinstance(f, ast.Attribute):
        base = f.value.id if isinstance(f.value, ast.Name) else None
        return base, f.attr
    if isinstance(f, ast.Name):
        return None, f.id
    return None, None


def _assigned(tree, name, before_line):
    """Expressions assigned to `name` anywhere in the module up to `before_line` (a query built first)."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and node.lineno <= before_line:
            if any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                out.append(node.value)
    return out


def _sql_problems(src, tree, path):
    problems = []
    for call in _calls(tree):
        _, attr = _func_name(call)
        if attr not in SQL_METHODS or not call.args:
            continue
        q = call.args[0]
        exprs = _assigned(tree, q.id, call.lineno) if isinstance(q, ast.Name) else [q]
        for e in exprs:
            where = f"{path.relative_to(PKG.parent)}:{call.lineno}"
            if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Mod, ast.Add)):
                problems.append(f"{where}: SQL built with % or + ({ast.get_source_segment(src, e)})")
            elif isinstance(e, ast.Call) and _func_name(e)[1] == "format":
                problems.append(f"{where}: SQL built with .format()")
            elif isinstance(e, ast.JoinedStr):
                for v in e.values:
                    if isinstance(v, ast.FormattedValue):
                        seg = ast.get_source_segment(src, v.value)
                        if seg not in SAFE_SQL_INTERPOLATIONS:
                            problems.append(f"{where}: f-string puts {{{seg}}} into SQL; bind it as a ? parameter")
    return problems


def _safe_loaders(tree) -> set[str]:
    """Classes of the module that subclass yaml's SafeLoader and register no constructor
    (a constructor is what can build arbitrary objects); changing resolvers is harmless."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any("SafeLoader" in ast.unparse(b) for b in node.bases):
            adds = [c for c in _calls(tree) if _func_name(c)[1] in {"add_constructor", "add_multi_constructor"}]
            if not adds:
                out.add(node.name)
    return out


def _shell_problems(tree, path):
    problems = []
    safe_loaders = _safe_loaders(tree)
    for call in _calls(tree):
        base, name = _func_name(call)
        where = f"{path.relative_to(PKG.parent)}:{call.lineno}"
        if any(k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
               for k in call.keywords):
            problems.append(f"{where}: shell=True")
        if (base, name) in {("os", "system"), ("os", "popen"), ("os", "execl"), ("os", "execlp"),
                            ("subprocess", "getoutput"), ("subprocess", "getstatusoutput")}:
            problems.append(f"{where}: {base}.{name}")
        if base is None and name in {"eval", "exec", "compile", "__import__"}:
            problems.append(f"{where}: {name}()")
        if (base, name) in {("pickle", "load"), ("pickle", "loads"), ("torch", "load"), ("joblib", "load"),
                            ("marshal", "loads"), ("np", "load"), ("numpy", "load")}:
            allow = any(k.arg == "allow_pickle" and isinstance(k.value, ast.Constant) and k.value.value is False
                        for k in call.keywords)
            if not (base in {"np", "numpy"} and allow):
                problems.append(f"{where}: {base}.{name} can run code from a file")
        if (base, name) == ("yaml", "load") and not any(
                k.arg == "Loader" and ("Safe" in ast.unparse(k.value) or ast.unparse(k.value) in safe_loaders)
                for k in call.keywords):
            problems.append(f"{where}: yaml.load without SafeLoader")
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            if any(n in {"pickle", "shelve", "dill", "cloudpickle"} for n in names if n):
                problems.append(f"{path.relative_to(PKG.parent)}:{node.lineno}: imports a pickle module")
    return problems


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PKG.parent)))
def test_no_untrusted_interpolation_shell_or_pickle(path):
    src = path.read_text(encoding="utf-8")
    tree = ast.parse(src)
    assert _sql_problems(src, tree, path) + _shell_problems(tree, path) == []


def test_the_checker_catches_what_it_claims_to():
    bad = '''
import os, subprocess, pickle
def f(db, title, ids):
    db.execute(f"SELECT * FROM articles WHERE title = '{title}'")
    db.execute("SELECT * FROM a WHERE t = '%s'" % title)
    db.execute("SELECT * FROM a WHERE t = '{}'".format(title))
    q = "DELETE FROM a WHERE id = " + title
    db.execute(q)
    subprocess.run("grep " + title, shell=True)
    os.system("echo " + title)
    pickle.load(open(title, "rb"))
'''
    tree = ast.parse(bad)
    fake = PKG / "x.py"
    sql = _sql_problems(bad, tree, fake)
    shell = _shell_problems(tree, fake)
    assert len(sql) == 4, sql
    assert len(shell) == 4, shell  # shell=True, os.system, pickle.load, import pickle


def test_yaml_loaders_safe_subclass_passes_unsafe_ones_do_not():
    fake = PKG / "x.py"
    ok = '''
import yaml
class L(yaml.SafeLoader):
    pass
L.yaml_implicit_resolvers = {}
yaml.load(text, Loader=L)
yaml.load(text, Loader=yaml.SafeLoader)
'''
    assert _shell_problems(ast.parse(ok), fake) == []
    bad = '''
import yaml
class L(yaml.SafeLoader):
    pass
L.add_constructor("!x", make)
class M(yaml.Loader):
    pass
yaml.load(text, Loader=L)
yaml.load(text, Loader=M)
yaml.load(text)
'''
    assert len(_shell_problems(ast.parse(bad), fake)) == 3
