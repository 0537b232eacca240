"""`coverage-tui serve`: the reader for other people, over SSH (asyncssh) or in a browser
(textual-serve), one reader process per connection, behind logins and limits.

Nothing here imports Textual: each reader runs in its own process.
"""
