class TransitionRefused(Exception):
    """A state change that the workflow does not allow now; the message is for the user (API: 409)."""
