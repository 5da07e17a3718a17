"""The museum's roles, as groups of permissions, kept in step with this table after every
``migrate`` (see ``MuseumConfig.ready``)."""

from django.apps import apps as global_apps

EDIT = ("add", "change", "delete", "view")
ADD_AND_CHANGE = ("add", "change", "view")

ROLES = {
    # Edits the collection, exhibitions and events, and may publish them.
    "Curator": {
        "collection": {
            "item": EDIT,
            "image": EDIT,
            "creator": EDIT,
            "itemplace": EDIT,
            "person": EDIT,
            "place": EDIT,
            "subject": EDIT,
            "importrecord": ("view",),
            "importjob": ("view",),
            # Undoing an import needs the import, change and delete permissions of
            # objects (collection.undo_admin); reading its undos needs only this.
            "importundo": ("view",),
        },
        "exhibitions": {"exhibition": EDIT, "section": EDIT, "exhibitionitem": EDIT},
        "events": {"event": EDIT},
        # The museum's name, address, hours and default credits.
        "museum": {"museum": ("change", "view")},
        "extra": [
            "collection.publish_item",
            "collection.import_item",
            "collection.export_item",
            "exhibitions.publish_exhibition",
            "events.publish_event",
        ],
    },
    # Adds and edits collection records and images, imports and exports; cannot
    # publish, delete objects, or change exhibitions and events.
    "Archivist": {
        "collection": {
            "item": ADD_AND_CHANGE,
            # Removing a wrong image or link is part of editing a record.
            "image": EDIT,
            "creator": EDIT,
            "itemplace": EDIT,
            "person": ADD_AND_CHANGE,
            "place": ADD_AND_CHANGE,
            "subject": ADD_AND_CHANGE,
            "importrecord": ("view",),
            "importjob": ("view",),
            "importundo": ("view",),
        },
        "exhibitions": {"exhibition": ("view",), "section": ("view",), "exhibitionitem": ("view",)},
        "events": {"event": ("view",)},
        "extra": ["collection.import_item", "collection.export_item"],
    },
}


def role_permissions(role):
    """The role's permissions as "app_label.codename" strings."""
    spec = ROLES[role]
    names = list(spec["extra"])
    for app_label, models in spec.items():
        if app_label == "extra":
            continue
        for model, actions in models.items():
            names += [f"{app_label}.{action}_{model}" for action in actions]
    return sorted(names)


def sync_roles(apps=None, using="default", **kwargs):
    """Give each role exactly its permissions, creating its group if need be.

    Connected to ``post_migrate`` for this app, which Django sends after every other
    app's (the site app is last in INSTALLED_APPS), so django.contrib.auth has created
    every model's permissions by then, as it does for its own.
    """
    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES:
        wanted = role_permissions(role)
        permissions = []
        for name in wanted:
            app_label, codename = name.split(".")
            permissions += Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename=codename
            )
        missing = set(wanted) - {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        if missing:
            raise RuntimeError(f"Role {role} names unknown permissions: {sorted(missing)}")
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set(permissions)
