"""Hostile inputs through the real CLI (see conftest.py). A package so that its conftest and test
modules get their own names next to tests/conftest.py, which the other tests import as `conftest`."""
