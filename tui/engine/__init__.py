"""The engine: plain data in, plain data out. It never imports Textual."""
