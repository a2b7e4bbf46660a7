"""What every co-design page needs: refusals shown to the user, the signed-in person."""

from mapping.refusals import person, refused

__all__ = ["person", "refused"]
