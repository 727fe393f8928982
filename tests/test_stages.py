"""The stage contract: no import cycle, a declared registry, checked field names."""
import ast
import subprocess
import sys

import pytest

from claimledger import stages
from claimledger.errors import PipelineError
from claimledger.pipeline import Pipeline
from claimledger.records import Record
from claimledger.settings import Settings
from claimledger.stages import BUILTIN_STAGE_MODULES, Stage, function_stage, register_stage, registered_stages
from tests.conftest import ROOT

STAGE_PACKAGES = sorted({m.rsplit(".", 1)[0] for m in BUILTIN_STAGE_MODULES})


def test_stages_importing_the_runner_imports_no_stage_module():
    code = ("import sys, claimledger.pipeline\n"
            f"print('\\n'.join(m for m in sys.modules if m.startswith({tuple(STAGE_PACKAGES)!r})))")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
    assert res.stdout.split() == []


def test_stages_importing_a_stage_module_leaves_the_runner_out():
    code = ("import sys, importlib\n"
            f"for m in {BUILTIN_STAGE_MODULES!r}: importlib.import_module(m)\n"
            "print('claimledger.pipeline' in sys.modules)")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
    assert res.stdout.strip() == "False"


@pytest.mark.parametrize("module", BUILTIN_STAGE_MODULES)
def test_stages_no_stage_module_imports_the_runner(module):
    path = ROOT / "src" / (module.replace(".", "/") + ".py")
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
    assert "claimledger.pipeline" not in imported


def test_stages_every_builtin_module_registers_a_stage():
    by_module = {cls.__module__ for cls in registered_stages().values()}
    assert set(BUILTIN_STAGE_MODULES) <= by_module


def test_stages_a_missing_module_is_an_error_not_skipped(monkeypatch):
    monkeypatch.setattr(stages, "_LOADED", False)
    monkeypatch.setattr(stages, "BUILTIN_STAGE_MODULES", BUILTIN_STAGE_MODULES + ("claimledger.extract.nosuch",))
    with pytest.raises(PipelineError, match=r"claimledger\.extract\.nosuch .*cannot be imported"):
        registered_stages()


def test_stages_a_module_registering_nothing_is_an_error(monkeypatch):
    monkeypatch.setattr(stages, "_LOADED", False)
    monkeypatch.setattr(stages, "BUILTIN_STAGE_MODULES", ("claimledger.dates",))
    with pytest.raises(PipelineError, match="registers no stage"):
        registered_stages()


@pytest.mark.parametrize("requires, provides, bad", [
    (("doc",), ("metadata",), "metadata"),
    (("segmnts",), ("claims",), "segmnts"),
    ((), (), "provides nothing"),
])
def test_stages_unknown_record_fields_are_refused(requires, provides, bad):
    class Odd(Stage):
        name = "odd"

    Odd.requires, Odd.provides = requires, provides
    with pytest.raises(PipelineError, match=bad):
        register_stage(Odd)
    assert "odd" not in registered_stages()


def test_stages_runner_checks_fields_of_unregistered_stages():
    class Loose(Stage):
        name = "loose"
        provides = ("summary",)

    with pytest.raises(PipelineError, match="summary"):
        Pipeline([Loose(Settings())])


def test_stages_function_stage_sets_its_field(monkeypatch):
    monkeypatch.setattr(stages, "_REGISTRY", dict(stages._REGISTRY))

    def shout(record: Record) -> list:
        """Every record gets one empty event list."""
        return [record.text.upper()]

    cls = function_stage(shout, name="shout_test", requires=("text",), provides="events", order=5)
    assert (cls.__name__, cls.provides, registered_stages()["shout_test"]) == ("ShoutTestStage", ("events",), cls)
    out = Pipeline([cls(Settings())]).run([Record(text="calm")])
    assert out[0].record.events == ["CALM"] and out[0].record.done == ["shout_test"]


def test_stages_two_stages_with_one_name_are_refused(monkeypatch):
    monkeypatch.setattr(stages, "_REGISTRY", dict(stages._REGISTRY))
    with pytest.raises(PipelineError, match="two stages are named 'claims'"):
        function_stage(lambda r: [], name="claims", provides="claims")
