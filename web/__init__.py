"""The boardgraph web site (Flask)."""
from web.app import create_app, get_store

__all__ = ["create_app", "get_store"]
