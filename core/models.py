"""What every public model shares: a draft/published status and the one visibility rule;
the words of the public text, for search suggestions; and the history's change sets."""

from django.conf import settings
from django.contrib.postgres.indexes import GistIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from pghistory.models import Context


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


# What visitors may see, as a condition: published() filters by it, and partial indexes
# of what visitors see are built on it, so the two cannot drift apart.
PUBLISHED = models.Q(status=Status.PUBLISHED)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see. Every public view, feed, sitemap and search starts here."""
        return self.filter(PUBLISHED)

    def drafts(self):
        return self.filter(status=Status.DRAFT)


class Publishable(models.Model):
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Only published records are shown to visitors."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


def require_in_one_language(instance, field_name):
    """Raise unless ``field_name`` is filled in at least one language: either serves both
    by fallback, so neither is required on its own."""
    names = [build_localized_fieldname(field_name, code) for code, _name in settings.LANGUAGES]
    if not any(getattr(instance, name) for name in names):
        raise ValidationError({names[0]: _("Write this in at least one language.")})


class Word(models.Model):
    """A word of the site's public text, for "did you mean" (core.vocabulary): folded
    (accents off, lower case) as searches compare it, and one spelling as written."""

    word = models.CharField(_("word"), max_length=100, primary_key=True)
    spelling = models.CharField(_("spelling"), max_length=100)

    class Meta:
        verbose_name = _("word")
        verbose_name_plural = _("words")
        indexes = [
            # Nearest words by trigram distance (``word <-> 'thein'``), from the index.
            GistIndex(OpClass("word", name="gist_trgm_ops"), name="core_word_trigrams"),
        ]

    def __str__(self):
        return self.spelling


class ChangeSet(Context):
    """What one request, command, import or undo changed, as the history's context row
    (django-pghistory's): shown as the recent changes (core.history.changes)."""

    class Meta:
        proxy = True
        verbose_name = _("change set")
        verbose_name_plural = _("recent changes")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S}"
