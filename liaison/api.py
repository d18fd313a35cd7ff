"""API resources of this app."""


def register(router) -> None:
    """Add this app's viewsets to the site-wide API router."""
