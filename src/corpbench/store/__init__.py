"""The store: a versioned database of register entries and returns that loses nothing.

``Store.open(url)`` opens (and migrates) an SQLite or PostgreSQL database; ``load`` adds a
validated bundle in one transaction; ``current`` reads back the latest version of everything.
"""

from corpbench.store.records import LoadInfo, LoadResult, StoreError, VersionInfo, VersionRef
from corpbench.store.store import Store

__all__ = ["LoadInfo", "LoadResult", "Store", "StoreError", "VersionInfo", "VersionRef"]
