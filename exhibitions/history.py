"""What the exhibitions' history keeps (core.history): exhibitions, their sections, and
the objects shown in each section with their labels. A section's History shows its
items and a revert puts them back; an exhibition's shows its sections' changes."""

from core.history.versions import track
from exhibitions.models import Exhibition, ExhibitionItem, Section

track(Exhibition)
# Not restored with the exhibition: a section taken away would take its items along.
track(Section, owner="exhibition", restored_with_owner=False)
track(ExhibitionItem, owner="section")
