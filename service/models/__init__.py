"""Trained models shipped as package data (each a spaCy pipeline directory), and their folder."""

from pathlib import Path

DIR = Path(__file__).resolve().parent
