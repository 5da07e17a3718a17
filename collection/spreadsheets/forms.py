"""The admin's import form: a spreadsheet, and optionally a ZIP of the images it names."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def _check_size(file, limit):
    if file.size > limit:
        raise forms.ValidationError(
            _("This file is %(size)s; the largest accepted is %(limit)s."),
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


class ImportForm(forms.Form):
    spreadsheet = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file with the template's columns. Nothing is "
            "written until you have seen the preview and confirmed it."
        ),
    )
    images = forms.FileField(
        label=_("Images (ZIP)"),
        required=False,
        help_text=_(
            "Optional: a ZIP of the image files the spreadsheet's image column names. "
            "Folders inside the ZIP do not matter; file names do."
        ),
    )

    def clean_spreadsheet(self):
        file = self.cleaned_data["spreadsheet"]
        if not file.name.lower().endswith((".xlsx", ".csv", ".txt")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        _check_size(file, settings.IMPORT_MAX_BYTES)
        return file

    def clean_images(self):
        file = self.cleaned_data.get("images")
        if file:
            if not file.name.lower().endswith(".zip"):
                raise forms.ValidationError(_("Upload the images as one .zip file."))
            _check_size(file, settings.IMPORT_MAX_ZIP_BYTES)
        return file
