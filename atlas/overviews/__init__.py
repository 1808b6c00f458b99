"""The overview pages, one module each: marks, explorer, timeline, matrix, charts, world map.

Each module turns the graph into what its template lays out; views.py keeps the entity pages' helpers.
"""
from . import charts, explorer, marks, matrix, timeline, worldmap

__all__ = ["charts", "explorer", "marks", "matrix", "timeline", "worldmap"]
