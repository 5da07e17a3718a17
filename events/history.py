"""What the events' history keeps (core.history): every event."""

from core.history.versions import track
from events.models import Event

track(Event)
