"""Default Jinja templates, installed as the package ``regent.templates``."""
