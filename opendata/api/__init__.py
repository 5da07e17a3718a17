"""The read-only JSON API, /api/v1/, for developers and the museum's other sites."""
