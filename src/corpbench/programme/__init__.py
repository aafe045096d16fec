"""Programme tools (programme methods §1–3): readiness, resource plan, benefits under SPC.

Pure functions over plain values; it may use ``plan`` (a business case's planned benefit),
``bench`` and ``standard``, and nothing stored.
"""
