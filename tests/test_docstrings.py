"""Every public function and method of the library has a docstring (STYLE.md)."""
import ast

import pytest

from tests.conftest import ROOT

LIBRARY = ROOT / "src" / "claimledger"
MODULES = sorted(p for p in LIBRARY.rglob("*.py") if "migrations" not in p.parts)


def public_functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Module-level functions and methods of public classes whose names do not start with "_"."""
    out = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            out.append(node)
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            out += [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and not n.name.startswith("_")]
    return out


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(LIBRARY)))
def test_docstrings_every_public_function_has_one(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    missing = [f"{f.name} (line {f.lineno})" for f in public_functions(tree) if not ast.get_docstring(f)]
    assert missing == [], f"{path.relative_to(LIBRARY)}: no docstring on {', '.join(missing)}"


def test_docstrings_the_check_sees_functions():
    """The walk finds the public API (so an empty result above is not a blind check)."""
    names = {f.name for p in MODULES for f in public_functions(ast.parse(p.read_text(encoding="utf-8")))}
    assert {"tag_times", "extract_claims", "default_pipeline", "function_stage", "parse_number_words"} <= names
