"""Live check of the external addresses in the data (opt-in: it needs the internet)."""
