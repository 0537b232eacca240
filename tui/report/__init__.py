"""Renderers of an Analysis: text (Rich), JSON (coverage-tui/report@1) and Markdown."""
