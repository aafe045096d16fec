"""Checks run on data that passed validation: anomalies an analyst should query."""
