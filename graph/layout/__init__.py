"""How minutes are laid out: one module per part (header, attendance, items, speech, outcomes),
used by graph/parse.py."""
