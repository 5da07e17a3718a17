"""OAI-PMH 2.0 for harvesters (aggregators, national portals, library catalogues)."""
