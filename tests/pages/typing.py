"""AppTest has no interaction for a components-v2 element: these helpers read the typing
field's data (what the browser is given) and send a draft as its JavaScript does, a
«save» trigger in the element's event widget (streamlit/components/v2/bidi_component)."""

from __future__ import annotations

import json

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

DRAFT = "0123456789abcdef0123456789abcdef"


def field(at: AppTest, key: str):
    """The typing field's element (an UnknownElement of type bidi_component)."""
    found = [e for e in at.get("bidi_component") if e.key == key]
    assert found, f"no typing field {key!r}; have {[e.key for e in at.get('bidi_component')]}"
    return found[0]


def data(at: AppTest, key: str) -> dict:
    """What the browser is given: label, text, version, ack, texts..."""
    return json.loads(field(at, key).proto.json)


def send(at: AppTest, key: str, text: str, *, base: int | None = None, draft: str = DRAFT,
         seq: int = 1) -> AppTest:
    """The browser's send of a draft (after a pause, on leaving the field, or again after a
    reconnect): from `base` (the version shown, unless given)."""
    element = field(at, key)
    if base is None:
        base = json.loads(element.proto.json)["version"]
    states = at._tree.get_widget_states()  # noqa: SLF001 - AppTest has no public hook
    if not any(w.id == element.proto.id for w in states.widgets):  # as the browser sends it
        states.widgets.append(WidgetState(id=element.proto.id, json_value="{}"))
    state = WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{element.proto.id}__events")
    state.json_trigger_value = json.dumps(
        [{"event": "save", "value": {"text": text, "base": base, "draft": draft, "seq": seq}}])
    states.widgets.append(state)
    return at._tree._runner._run(states, timeout=None)  # noqa: SLF001


def ack(at: AppTest, key: str) -> dict | None:
    return data(at, key).get("ack")
