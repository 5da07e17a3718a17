"""The value of each bulk edit (collection.bulk_edit), as a form validated as the object
form would validate it: the model's own fields and choices, people, places and subjects
picked with the admin's autocomplete, never listed whole."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from collection.models import Creator, CreatorRole, Item, ItemPlace, PlaceRelation


class BulkEditForm(forms.Form):
    """Built with the admin site whose autocomplete views its pickers call."""

    def __init__(self, *args, admin_site, **kwargs):
        self.admin_site = admin_site
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.widget = AutocompleteSelect(field.source, admin_site)
                field.widget.choices = field.choices  # as the field gives its own widget

    def full_clean(self):
        super().full_clean()
        # A picker shows its value by looking it up: never one that is no record's id.
        refused = [
            name
            for name, field in self.fields.items()
            if isinstance(field, forms.ModelChoiceField) and name in self.errors
        ]
        if refused:
            self.data = self.data.copy()
            for name in refused:
                self.data.pop(name, None)


def item_field(name):
    """The object form's own field for ``name``, required: a bulk edit sets a value."""
    field = Item._meta.get_field(name)
    return field.formfield(required=True, label=capfirst(field.verbose_name))


def authority_field(source, label):
    """A person, place or subject, picked as on the object form; ``source`` is the
    object's (or its link's) field the admin's autocomplete searches through."""
    # As the autocomplete offers them: not a record merged into another.
    records = source.related_model.objects.filter(merged_into=None)
    field = forms.ModelChoiceField(records, label=label)
    field.source = source
    return field


class SubjectForm(BulkEditForm):
    subject = authority_field(Item._meta.get_field("subjects"), capfirst(_("subject")))


class PlaceForm(BulkEditForm):
    place = authority_field(ItemPlace._meta.get_field("place"), capfirst(_("place")))
    relation = forms.ChoiceField(
        label=capfirst(_("relation")), choices=PlaceRelation.choices, initial=PlaceRelation.DEPICTED
    )


class PersonForm(BulkEditForm):
    person = authority_field(Creator._meta.get_field("person"), capfirst(_("person")))
    role = forms.ChoiceField(
        label=capfirst(_("role")), choices=CreatorRole.choices, initial=CreatorRole.MAKER
    )


class LocationForm(BulkEditForm):
    current_location = item_field("current_location")


class ConditionForm(BulkEditForm):
    condition = item_field("condition")


class CreditLineForm(BulkEditForm):
    credit_line = item_field("credit_line")


class RightsForm(BulkEditForm):
    rights = item_field("rights")
