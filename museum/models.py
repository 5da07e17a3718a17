"""The museum's identity: one record, edited in the admin, read by every page."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.identity import Identity
from core.models import require_in_one_language

# Translated in museum/translation.py; Identity takes each of them in both languages.
TRANSLATED = {
    "name": "names",
    "short_name": "short_names",
    "address": "addresses",
    "opening_hours": "opening_hours_texts",
    "rights": "rights_statements",
    "credit_line": "credit_lines",
}


class Museum(models.Model):
    """The museum this site belongs to. There is exactly one (primary key 1); its name
    heads every page, signs citations, structured data and calendar files, and titles
    the admin."""

    name = models.CharField(
        _("name"),
        max_length=255,
        blank=True,
        help_text=_("The museum's full name, as visitors should read it: Bảo tàng Hà Nội."),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("Used where the full name does not fit, such as browser tabs."),
    )
    address = models.TextField(_("address"), blank=True)
    opening_hours = models.TextField(
        _("opening hours"), blank=True, help_text=_("As visitors should read them, one line a day.")
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    website = models.URLField(
        _("website"), blank=True, help_text=_("The museum's main website, if this site is not it.")
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="museum/",
        blank=True,
        help_text=_("PNG, JPEG or WebP, shown beside the name at the top of every page."),
    )
    rights = models.CharField(
        _("default rights statement"),
        max_length=500,
        blank=True,
        help_text=_("Shown on objects whose own rights statement is empty."),
    )
    credit_line = models.CharField(
        _("default credit line"),
        max_length=500,
        blank=True,
        help_text=_("Shown on objects whose own credit line is empty."),
    )
    installation_id = models.UUIDField(
        _("installation id"),
        default=uuid.uuid4,
        editable=False,
        help_text=_("Keeps this site's calendar entries apart from any other museum's."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("museum")
        verbose_name_plural = _("museum")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="museum_museum_only_one"),
        ]

    def __str__(self):
        return self.name or gettext("The museum")

    def save(self, *args, **kwargs):
        from museum.identity import forget_identity

        self.pk = 1
        super().save(*args, **kwargs)
        forget_identity()

    def get_absolute_url(self):
        return reverse("museum:home")

    def clean(self):
        require_in_one_language(self, "name")

    @classmethod
    def load(cls):
        """The museum's record, created (unnamed) the first time it is asked for."""
        record, _created = cls.objects.get_or_create(pk=1)
        return record

    def identity(self):
        """What every page shows, as a plain value the cache can keep."""
        return Identity(
            **{
                plural: {code: getattr(self, f"{field}_{code}") or "" for code in ("vi", "en")}
                for field, plural in TRANSLATED.items()
            },
            email=self.email,
            phone=self.phone,
            website=self.website,
            logo_url=(
                f"{reverse('museum:logo')}?v={int(self.updated_at.timestamp())}"
                if self.logo
                else ""
            ),
            installation_id=str(self.installation_id),
        )
