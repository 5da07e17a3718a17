"""The museum's roles, as groups of permissions. Applied by migrations (``sync_roles``),
again whenever a later migration adds models the roles should cover."""

from django.contrib.auth.management import create_permissions

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
        },
        "exhibitions": {"exhibition": EDIT, "section": EDIT, "exhibitionitem": EDIT},
        "events": {"event": EDIT},
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


def sync_roles(apps, schema_editor):
    """Create the groups and give each exactly its role's permissions."""
    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        # Migration states have no models module, which create_permissions insists on.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES:
        # A model added by a later migration is not there yet; that migration syncs again.
        wanted = [name for name in role_permissions(role) if name not in _later(apps, role)]
        permissions = []
        for name in wanted:
            app_label, codename = name.split(".")
            permissions += Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        missing = set(wanted) - {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        if missing:
            raise RuntimeError(f"Role {role} names unknown permissions: {sorted(missing)}")
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions)


def _later(apps, role):
    """The role's permissions on models that the migration state does not have yet."""
    later = set()
    for app_label, models in ROLES[role].items():
        if app_label == "extra":
            continue
        for model, actions in models.items():
            try:
                apps.get_model(app_label, model)
            except LookupError:
                later |= {f"{app_label}.{action}_{model}" for action in actions}
    return later
