"""The journalist's desk: marks, notes and alignment corrections a user keeps about a story.

Kept in SQLite in the user's data dir (`store`), anchored to passage text and source content
so they outlive a moved folder or a new analysis (`anchors`), and applied to the engine's
result to make the claims the reader and the reports use (`corrections`, `session`).
Nothing here imports Textual.
"""
