"""Bulk edits from the objects' change list: set a field (location, condition, credit
line, rights statement) or add a link (a subject, a place, a person with a role) on the
selected objects.

Each edit is an action, as Django's own delete is: the change list posts the selection,
a page asks for the value, a confirmation says how many objects will change and which
values they had, and "apply" writes it. The write is one transaction of a few bulk
statements, never a save per object; django-pghistory's triggers record it, row by row,
under the request's context, which the edit names (``describe_bulk_edit``): the recent
changes show it as one change set, and each object's History can revert it.
"""

from dataclasses import dataclass

import pghistory
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef
from django.forms import ChoiceField, ModelChoiceField
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from collection import bulk_edit_forms as forms
from collection.models import Creator, Item, ItemPlace
from core.history.context import describe_as

# Earlier values listed on the confirmation page, most frequent first.
SHOWN_VALUES = 10


@dataclass(frozen=True)
class Edit:
    """One bulk edit: its action's name and label, what it does (``summary``, for the
    page and the history), and the form of its value."""

    name: str
    description: str
    summary: str
    form_class: type

    @property
    def action_name(self):
        return f"bulk_{self.name}"

    def action(self, modeladmin, request, queryset):
        return modeladmin.bulk_edit(request, queryset, self)

    def value_text(self, form):
        """The chosen value as the confirmation page reads it."""
        parts = []
        for name, field in form.fields.items():
            value = form.cleaned_data[name]
            if isinstance(field, ChoiceField) and not isinstance(field, ModelChoiceField):
                value = dict(field.choices).get(value, value)
            parts.append(str(value))
        return " · ".join(parts)


@dataclass(frozen=True)
class SetField(Edit):
    """Set one field of the object to the same value on every selected object."""

    field: str = ""

    def changing(self, queryset, data):
        return queryset.exclude(**{self.field: data[self.field]})

    def earlier_values(self, changing):
        """(value as shown, objects) of the objects about to change, most frequent first."""
        field = Item._meta.get_field(self.field)
        # From the ids: a list searched through people may hold an object twice.
        rows = (
            Item.objects.filter(pk__in=changing.values("pk"))
            .values_list(self.field)
            .annotate(objects=Count("pk"))
            .order_by("-objects", self.field)[:SHOWN_VALUES]
        )
        choices = dict(field.flatchoices)
        return [(str(choices.get(value, value)) if value else "—", n) for value, n in rows]

    def write(self, pks, data, user):
        Item.objects.filter(pk__in=pks).update(
            **{self.field: data[self.field]}, updated_at=timezone.now(), updated_by=user
        )


@dataclass(frozen=True)
class AddLink(Edit):
    """Add a link (a row of ``through``) to every selected object that lacks it."""

    through: type = None
    target: str = ""  # the linked record's field, on the link and in the form
    extra: tuple = ()  # the link's other fields that make it this link (a role)

    def link_values(self, data):
        return {name: data[name] for name in (self.target, *self.extra)}

    def changing(self, queryset, data):
        links = self.through.objects.filter(item=OuterRef("pk"), **self.link_values(data))
        return queryset.filter(~Exists(links))

    def earlier_values(self, changing):
        return []

    def write(self, pks, data, user):
        values = self.link_values(data)
        rows = [self.through(item_id=pk, **values) for pk in pks]
        if self.through is Creator:
            # After the object's people as they are listed.
            last = dict(
                Creator.objects.filter(item_id__in=pks)
                .values_list("item_id")
                .annotate(last=Max("position"))
            )
            for row in rows:
                row.position = last[row.item_id] + 1 if row.item_id in last else 0
        self.through.objects.bulk_create(rows, batch_size=1000)
        Item.objects.filter(pk__in=pks).update(updated_at=timezone.now(), updated_by=user)


EDITS = [
    AddLink(
        "add_subject",
        gettext_lazy("Add a subject to the selected objects"),
        gettext_lazy("add a subject"),
        forms.SubjectForm,
        through=Item.subjects.through,
        target="subject",
    ),
    AddLink(
        "add_place",
        gettext_lazy("Add a place to the selected objects"),
        gettext_lazy("add a place"),
        forms.PlaceForm,
        through=ItemPlace,
        target="place",
        extra=("relation",),
    ),
    AddLink(
        "add_person",
        gettext_lazy("Add a person to the selected objects"),
        gettext_lazy("add a person"),
        forms.PersonForm,
        through=Creator,
        target="person",
        extra=("role",),
    ),
    SetField(
        "set_location",
        gettext_lazy("Set the location of the selected objects"),
        gettext_lazy("set the location"),
        forms.LocationForm,
        field="current_location",
    ),
    SetField(
        "set_condition",
        gettext_lazy("Set the condition of the selected objects"),
        gettext_lazy("set the condition"),
        forms.ConditionForm,
        field="condition",
    ),
    SetField(
        "set_credit_line",
        gettext_lazy("Set the credit line of the selected objects"),
        gettext_lazy("set the credit line"),
        forms.CreditLineForm,
        field="credit_line",
    ),
    SetField(
        "set_rights",
        gettext_lazy("Set the rights statement of the selected objects"),
        gettext_lazy("set the rights statement"),
        forms.RightsForm,
        field="rights",
    ),
]
EDITS_BY_NAME = {edit.name: edit for edit in EDITS}


def is_object_id(value):
    return value.isascii() and value.isdecimal() and len(value) <= 18


class BulkEditAdminMixin:
    """For the objects' admin: the bulk edits as actions, for whoever may change objects
    (publishing is not involved: no edit touches the status)."""

    bulk_edit_template = "admin/collection/item/bulk_edit.html"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        if self.has_change_permission(request):
            for edit in EDITS:
                actions[edit.action_name] = (edit.action, edit.action_name, edit.description)
        return actions

    def response_action(self, request, queryset):
        # Django filters the list by the posted ids as they are; one that is not a
        # number would be a server error, for every action.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_object_id(pk) for pk in selected):
            self.message_user(
                request, _("Nothing was changed: the selection is not valid."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def bulk_edit(self, request, queryset, edit):
        """The action's page: the value, then the confirmation, then the write."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        select_across = request.POST.get("select_across") == "1"
        selected = list(dict.fromkeys(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)))
        count = queryset.count()
        if not select_across and count != len(selected):
            message = _("Nothing was changed: some of the selected objects do not exist.")
            self.message_user(request, message, messages.ERROR)
            return None
        submitted = "preview" in request.POST or "apply" in request.POST
        form = edit.form_class(request.POST if submitted else None, admin_site=self.admin_site)
        context = {"stage": "value"}
        if form.is_bound and form.is_valid():
            changing = edit.changing(queryset, form.cleaned_data)
            if "apply" in request.POST:
                self.apply_bulk_edit(request, edit, changing, form.cleaned_data, count)
                return None  # back to the change list, with the message
            changing_count = changing.count()
            context = {
                "stage": "confirm",
                "value": edit.value_text(form),
                "changing_count": changing_count,
                "unchanged_count": count - changing_count,
                "earlier_values": edit.earlier_values(changing) if changing_count else [],
            }
        return TemplateResponse(
            request,
            self.bulk_edit_template,
            {
                **self.admin_site.each_context(request),
                "title": _("Bulk edit: %(summary)s") % {"summary": edit.summary},
                "subtitle": None,
                "opts": self.opts,
                "edit": edit,
                "form": form,
                "media": self.media + form.media,
                "selected_count": count,
                "selected": selected,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "select_across": select_across,
                **context,
            },
        )

    def apply_bulk_edit(self, request, edit, changing, data, count):
        """Write the edit on the objects it changes, all of them or none, as one change
        set; then refresh what the public site derives from them."""
        try:
            with transaction.atomic():
                pks = list(changing.order_by("pk").values_list("pk", flat=True))
                if pks:
                    with pghistory.context(bulk_edit={"edit": edit.name, "count": len(pks)}):
                        edit.write(pks, data, request.user)
                        self.content_changed(list(Item.objects.filter(pk__in=pks)))
        except IntegrityError:
            # Another curator linked the same record to one of the objects meanwhile.
            message = _("Nothing was changed: the objects changed meanwhile. Try again.")
            self.message_user(request, message, messages.ERROR)
            return
        changed = ngettext(
            "%(summary)s: %(count)d object changed.",
            "%(summary)s: %(count)d objects changed.",
            len(pks),
        ) % {"summary": capfirst(edit.summary), "count": len(pks)}
        if count > len(pks):
            changed += " " + ngettext(
                "%(count)d already had it.", "%(count)d already had it.", count - len(pks)
            ) % {"count": count - len(pks)}
        self.message_user(request, changed, messages.SUCCESS)


def describe_bulk_edit(value, metadata):
    """How the history names a bulk edit's change set."""
    edit = EDITS_BY_NAME.get(value.get("edit")) if isinstance(value, dict) else None
    if edit is None:
        return _("a bulk edit")
    count = value.get("count", 0)
    return ngettext(
        "Bulk edit of %(count)d object: %(summary)s",
        "Bulk edit of %(count)d objects: %(summary)s",
        count,
    ) % {"count": count, "summary": edit.summary}


describe_as("bulk_edit", describe_bulk_edit)
