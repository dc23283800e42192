"""Turn pydantic validation into InvalidInput with a key the UI can translate."""

from __future__ import annotations

from typing import TypeVar

from pydantic import ValidationError
from sqlmodel import SQLModel

from kultur3.core.errors import InvalidInput

M = TypeVar("M", bound=SQLModel)


def build(model: type[M], **data: object) -> M:
    """Validate data against the model's Field limits; raise InvalidInput naming the field by
    its label's translation key (the Field's `title`, kultur3/models/inputs.py)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first.get("loc") else ""
        info = model.model_fields.get(name)
        field = (info.title if info is not None and info.title else name)
        kind = first.get("type", "")
        if kind == "string_too_long":
            raise InvalidInput(key="error.too_long", field=field,
                               limit=first.get("ctx", {}).get("max_length")) from exc
        if kind in ("string_too_short", "missing"):
            raise InvalidInput(key="error.empty", field=field) from exc
        if kind == "unknown_sector":  # kultur3/models/sectors.py: name the list to choose from
            raise InvalidInput(key="error.unknown_sector",
                               value=first.get("ctx", {}).get("value", "")) from exc
        raise InvalidInput(key="error.invalid_input", field=field) from exc


def clean_text(value: str | None) -> str:
    """Strip surrounding white space and NUL bytes; keep everything else exactly as typed."""
    return (value or "").replace("\x00", "").strip()
