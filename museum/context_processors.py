def museum(request):
    """``museum``: the museum's identity (museum.identity), on every page."""
    from museum.identity import identity

    return {"museum": identity()}
