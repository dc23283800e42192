"""Input models (kultur3/models/inputs.py) and the one validation path (kultur3/core/validation.py):
every limit refused with InvalidInput naming the field by its label, in the reader's language."""

import pytest
from annotated_types import MaxLen, MinLen

from kultur3.core.errors import InvalidInput
from kultur3.core.i18n import KEYS, t
from kultur3.core.validation import build
from kultur3.models import User
from kultur3.models.inputs import INPUT_MODELS, ActionCreate, ActionUpdate, MemberIn

TEXT_FIELDS = [(model, name, info) for model in INPUT_MODELS
               for name, info in model.model_fields.items()
               if any(isinstance(m, MaxLen) for m in info.metadata)]
TYPED_BY_PEOPLE = [(User, n, User.model_fields[n]) for n in ("username", "display_name")]
# Text fields whose value must be one of a list (kultur3/models/sectors.py): the limit still
# guards the column, but no typed value at the limit is valid.
CHOSEN_FROM_A_LIST = {"sector"}


def _limit(info, kind):
    return next(getattr(m, kind) for m in info.metadata
                if isinstance(m, MaxLen if kind == "max_length" else MinLen))


def _valid(model) -> dict:
    """The smallest valid values for the model's required fields."""
    return {n: "x" * max(3, _min(i)) for n, i in model.model_fields.items()
            if i.is_required()}


def _min(info) -> int:
    return next((m.min_length for m in info.metadata if isinstance(m, MinLen)), 0)


def test_every_limited_field_names_its_label_by_a_translation_key():
    assert TEXT_FIELDS  # the sweep below sees the fields
    missing = [f"{m.__name__}.{n}" for m, n, info in [*TEXT_FIELDS, *TYPED_BY_PEOPLE]
               if info.title not in KEYS]
    assert missing == []


@pytest.mark.parametrize(("model", "name", "info"), TEXT_FIELDS,
                         ids=[f"{m.__name__}.{n}" for m, n, _ in TEXT_FIELDS])
def test_too_long_is_refused_with_the_label_and_the_limit(model, name, info):
    limit = _limit(info, "max_length")
    with pytest.raises(InvalidInput) as refused:
        build(model, **{**_valid(model), name: "x" * (limit + 1)})
    assert refused.value.key == "error.too_long"
    assert refused.value.params == {"field": info.title, "limit": limit}
    english = t(refused.value.key, "en", **refused.value.params)
    assert t(info.title, "en") in english and str(limit) in english
    if name not in CHOSEN_FROM_A_LIST:
        assert build(model, **{**_valid(model), name: "x" * limit})  # the limit itself is fine


def test_empty_required_text_is_refused_even_when_it_is_only_white_space():
    with pytest.raises(InvalidInput) as refused:
        build(ActionCreate, title=" \t\x00 ")
    assert (refused.value.key, refused.value.params) == ("error.empty", {"field": "actions.title"})
    assert t("error.empty", "en", **refused.value.params) == "“Action” cannot be empty."
    assert t("error.empty", "nb", **refused.value.params) == "«Tiltak» kan ikke være tomt."


def test_text_is_cleaned_before_the_limits_and_kept_otherwise_as_typed():
    data = build(MemberIn, name="  Kari <b>Nordmann</b>\x00 ", group_role=" rektor ")
    assert (data.name, data.group_role, data.sector, data.email) == (
        "Kari <b>Nordmann</b>", "rektor", "", None)
    assert build(ActionUpdate).title is None  # nothing given: nothing changes


def test_a_number_out_of_range_is_refused_by_name():
    with pytest.raises(InvalidInput) as refused:
        build(ActionCreate, title="Tiltak", priority=4)
    assert (refused.value.key, refused.value.params) == (
        "error.invalid_input", {"field": "actions.priority"})


def test_no_input_model_lets_through_more_than_its_table_column_holds():
    """An input limit above the column's would pass validation and then fail in the database
    (PostgreSQL's varchar) with an error no one translates: each limit is at most the
    column's."""
    from kultur3.models import (
        Action,
        Anchoring,
        Gathering,
        LogEntry,
        Member,
        Participation,
        Programme,
        Setting,
    )
    from kultur3.models.inputs import (
        AnchoringIn,
        ControllerIn,
        FocusIn,
        GatheringCreate,
        GatheringEdit,
        LogEntryIn,
        MemberUpdate,
        ProgrammeIn,
        ProjectIn,
    )
    stored_in = {ActionCreate: Action, ActionUpdate: Action, LogEntryIn: LogEntry,
                 GatheringCreate: Gathering, GatheringEdit: Gathering, MemberIn: Member, MemberUpdate: Member,
                 ProjectIn: Participation, ProgrammeIn: Programme, AnchoringIn: Anchoring,
                 ControllerIn: Setting}
    compared, too_wide = 0, []
    for model, table in stored_in.items():
        for name, info in model.model_fields.items():
            if name in table.model_fields and any(isinstance(m, MaxLen) for m in info.metadata):
                compared += 1
                if _limit(info, "max_length") > _limit(table.model_fields[name], "max_length"):
                    too_wide.append(f"{model.__name__}.{name}")
    assert _limit(FocusIn.model_fields["focus_text"], "max_length") <= _limit(
        Participation.model_fields["focus_area_text"], "max_length")
    assert compared >= 20 and too_wide == []
