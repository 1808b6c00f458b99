"""The overview pages, one module each: marks, explorer, compare, timeline, matrix, charts, world map,
promises and delivery (agreed, which also gives the partnership pages their instruments).

Each module turns the graph into what its template lays out; views.py keeps the entity pages' helpers.
"""

from . import agreed, charts, compare, explorer, marks, matrix, timeline, worldmap

__all__ = ["agreed", "charts", "compare", "explorer", "marks", "matrix", "timeline", "worldmap"]
