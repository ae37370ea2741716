"""Widgets and helpers shared by more than one screen."""
