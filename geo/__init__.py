"""Places: find every location mentioned in an article and put it on the map, offline by default."""
