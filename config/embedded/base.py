"""Django's PostgreSQL backend, pointed at the embedded server it starts on first use."""

from django.db.backends.postgresql import base

from config.database import embedded_server


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["host"] = embedded_server(self.settings_dict["EMBEDDED_DIR"])
        return params
