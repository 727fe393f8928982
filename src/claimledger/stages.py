"""The stage contract and the stage registry (spaCy's ``@Language.factory`` in small).

A stage is a class with a ``name``, the :class:`~claimledger.records.Record`
fields it ``requires`` and the ones it ``provides``, an ``order`` (its default
position) and a ``process(record)`` method (``process_batch`` for stages that
gain from batching, such as the spaCy stage). Most stages fill one field from
one function; :func:`function_stage` builds and registers such a stage in one
statement, so the class boilerplate exists only here.

This module imports no stage. Stage modules import it (never the runner in
``pipeline.py``), and the runner imports it (never a stage module), so there is
no import cycle. The built-in stages are found through the declared list
:data:`BUILTIN_STAGE_MODULES`, imported the first time the registry is read;
other packages add stages through the ``claimledger.stages`` entry-point group
(each entry point names a module that registers its stages on import). A module
that cannot be imported, or that registers nothing, is a :class:`PipelineError`,
never skipped in silence.
"""
from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import fields
from importlib.metadata import entry_points
from typing import Any, ClassVar, TypeVar

from claimledger.errors import PipelineError
from claimledger.records import Record
from claimledger.settings import Settings

#: modules that define the built-in stages, each registering its stage on import
BUILTIN_STAGE_MODULES: tuple[str, ...] = (
    "claimledger.segment.plaintext",
    "claimledger.nlp.model",
    "claimledger.extract.times.engine",
    "claimledger.extract.places",
    "claimledger.extract.claims",
    "claimledger.extract.quantities",
    "claimledger.extract.events",
)
#: entry-point group through which other packages add stages
ENTRY_POINT_GROUP = "claimledger.stages"
#: the Record fields a reader fills before any stage runs
INPUT_FIELDS: frozenset[str] = frozenset({"text", "source", "hints"})
#: the Record fields a stage may require or provide (the runner's own ``done`` excluded)
RECORD_FIELDS: frozenset[str] = frozenset(f.name for f in fields(Record)) - {"done"}


class Stage:
    """Base of every pipeline stage: what it needs, what it adds, and how it runs."""

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()
    #: default position: stages sort by this number when no order is given
    order: ClassVar[int] = 100

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def process(self, record: Record) -> Record:
        """Fill this stage's ``provides`` fields of ``record`` and return it."""
        raise NotImplementedError(f"stage {self.name!r} defines neither process nor process_batch")

    def process_batch(self, records: list[Record]) -> list[Record]:
        """Process several records; override where batching is faster."""
        return [self.process(r) for r in records]


_REGISTRY: dict[str, type[Stage]] = {}
_LOADED = False

S = TypeVar("S", bound=type[Stage])


def check_fields(stage: str, kind: str, names: tuple[str, ...]) -> None:
    """Raise :class:`PipelineError` unless every name in ``names`` is a Record field."""
    unknown = sorted(set(names) - RECORD_FIELDS)
    if unknown:
        raise PipelineError(
            f"stage {stage!r} {kind} {', '.join(unknown)}, which {'is' if len(unknown) == 1 else 'are'} "
            f"not Record field(s); known: {', '.join(sorted(RECORD_FIELDS))}")


def register_stage(cls: S) -> S:
    """Class decorator: check a stage's contract and make it available to the runner."""
    if not cls.name:
        raise PipelineError(f"stage {cls.__qualname__} has no name")
    check_fields(cls.name, "requires", cls.requires)
    check_fields(cls.name, "provides", cls.provides)
    if not cls.provides:
        raise PipelineError(f"stage {cls.name!r} provides nothing")
    other = _REGISTRY.get(cls.name)
    if other is not None and (other.__module__, other.__qualname__) != (cls.__module__, cls.__qualname__):
        raise PipelineError(f"two stages are named {cls.name!r}: {other.__module__}.{other.__qualname__} "
                            f"and {cls.__module__}.{cls.__qualname__}")
    _REGISTRY[cls.name] = cls
    return cls


def function_stage(function: Callable[[Record], Any], *, name: str, provides: str,
                   requires: tuple[str, ...] = (), order: int = 100) -> type[Stage]:
    """Build and register the stage that sets ``record.<provides> = function(record)``.

    The usual extractor (times, places, claims, ...) is one function from a
    record to one field's value; this is its stage, with the contract checked.
    A function with a ``settings`` parameter is given the pipeline's settings.
    """
    takes_settings = "settings" in inspect.signature(function).parameters
    call: Callable[..., Any] = function

    def process(self: Stage, record: Record) -> Record:
        value = call(record, settings=self.settings) if takes_settings else function(record)
        setattr(record, provides, value)
        return record

    process.__doc__ = f"Set ``record.{provides}`` from :func:`{function.__module__}.{function.__qualname__}`."
    namespace: dict[str, Any] = {
        "name": name, "requires": tuple(requires), "provides": (provides,), "order": order,
        "process": process, "__module__": function.__module__,
        "__doc__": f"Stage {name!r}: {_first_line(function.__doc__)}",
    }
    cls_name = "".join(part.capitalize() for part in name.split("_")) + "Stage"
    namespace["__qualname__"] = cls_name
    cls = type(cls_name, (Stage,), namespace)
    return register_stage(cls)


def _first_line(text: str | None) -> str:
    lines = (text or "").strip().splitlines()
    return lines[0] if lines else ""


def _import_stage_module(module: str, origin: str) -> None:
    try:
        importlib.import_module(module)
    except ImportError as exc:
        raise PipelineError(f"stage module {module} ({origin}) cannot be imported: {exc}") from exc
    # checked by the module that defines the stage, so a module imported earlier still counts
    if not any(c.__module__ == module for c in _REGISTRY.values()):
        raise PipelineError(f"stage module {module} ({origin}) registers no stage")


def load_stages() -> None:
    """Import the built-in stage modules and the entry-point ones (once per process)."""
    global _LOADED
    if _LOADED:
        return
    for module in BUILTIN_STAGE_MODULES:
        _import_stage_module(module, "built in")
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        _import_stage_module(ep.value.split(":")[0], f"entry point {ep.name!r}")
    _LOADED = True


def registered_stages() -> dict[str, type[Stage]]:
    """Every known stage by name, loading the built-in and entry-point modules first."""
    load_stages()
    return dict(_REGISTRY)
