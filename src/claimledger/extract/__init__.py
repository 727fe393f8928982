"""Extract: one module per SPEC category, each registering its stage."""
import importlib

#: extractor modules; each registers its stage on import
EXTRACTORS = ("times", "places", "claims", "quantities", "events")
for _name in EXTRACTORS:
    try:
        importlib.import_module(f"claimledger.extract.{_name}")
    except ModuleNotFoundError as _exc:  # an extractor not written yet must not hide the others
        if _exc.name != f"claimledger.extract.{_name}":
            raise
