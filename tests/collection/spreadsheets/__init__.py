"""Tests of collection.spreadsheets, one file per module."""
