"""Image files go with their row: when an image is deleted, alone, from the admin's
inline, or with its object, its original, derivatives and deep-zoom tiles are removed
from storage once the deletion is committed. A rolled-back deletion keeps both row and
files.

``objects_importing`` is sent by an import, in its transaction, before it writes its
objects, with the date texts they have (``date_texts``): for the apps that keep their
own copy of the objects (opendata's oai_dc records) to prepare what Python must write.
"""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from collection.models import Image
from collection.tiles import remove_tiles

objects_importing = Signal()


@receiver(post_delete, sender=Image, dispatch_uid="collection.remove_image_files")
def remove_image_files(sender, instance, using, **kwargs):
    stored = [file for file in (instance.original, instance.thumbnail, instance.display) if file]
    image_id = instance.pk

    def remove():
        for file in stored:
            file.storage.delete(file.name)
        remove_tiles(image_id)

    transaction.on_commit(remove, using=using)
