"""Extract: one module per SPEC category, each registering its stage.

The runner finds them through ``claimledger.stages.BUILTIN_STAGE_MODULES``;
importing this package imports none of them.
"""
