"""The engine's version, on its own so that reading a cached analysis need not import the
engine (the pipeline and what it imports cost ~0.15 s at start)."""

ENGINE_VERSION = "1"
