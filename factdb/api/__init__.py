"""REST API plumbing shared by the apps: errors, pagination, permissions, serializer checks."""
