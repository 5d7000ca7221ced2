"""Whether a SECRET_KEY is fit for the mode FactDB runs in (pure, no Django)."""

from __future__ import annotations

DEVELOPMENT_SECRET_KEY = "factdb-insecure-development-key-never-use-in-production"


def secret_key_problem(secret_key: str, *, debug: bool) -> str | None:
    """Why `secret_key` must not be used to serve, or None when it is fine."""
    if debug:
        return None
    if not secret_key:
        return (
            "SECRET_KEY is not set. Production mode (DEBUG off) needs a long random SECRET_KEY; "
            "for local development set DEBUG=1."
        )
    if secret_key == DEVELOPMENT_SECRET_KEY or len(secret_key) < 50 or len(set(secret_key)) < 5:
        return "SECRET_KEY is too weak for production: use 50 or more random characters."
    return None


class InsecureSecretKey(RuntimeError):
    """Raised when a serving process (web, worker, beat) starts with an unfit SECRET_KEY."""


def secret_key_require(secret_key: str, *, debug: bool) -> None:
    problem = secret_key_problem(secret_key, debug=debug)
    if problem:
        raise InsecureSecretKey(problem)
