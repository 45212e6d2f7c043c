"""Property tests: restoring any JSON never crashes, and a refused restore never changes the file."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rebound import backup
from rebound.models import MODELS, REFERENCES
from rebound.storage import SCHEMA_VERSION, open_workspace
from tests.unit.test_models import GOOD

LINKS = {t: list(fields) for t, fields in REFERENCES.items()}  # link fields point at the seeded "a"

TODAY = dt.date(2026, 3, 31)
_keys = itertools.count()

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)

# Values that look like what records hold, so some documents pass and get applied.
plausible = (
    st.sampled_from(["2026-03-01", "2026-03-31", "2026-04-01", "2026-04-05", "31/03/2026", ""])
    | st.integers(min_value=-2, max_value=120)
    | st.sampled_from(["applied", "interview", "offer", "draft", "sent", "application", "rest", "lunch"])
    | st.text(max_size=20)
    | st.lists(st.text(max_size=8), max_size=4)
    | st.sampled_from(["a", "b", "c"])  # ids, so links sometimes resolve
    | st.booleans()
    | st.none()
)


def _id(rec):
    # mostly unique ids (duplicates are refused, and are tested elsewhere); unhashable ids compare by text
    return json.dumps(rec.get("id"), sort_keys=True)


@st.composite
def records(draw, table: str):
    fields = list(MODELS[table].model_fields) if table in MODELS else ["x", "y"]
    changes = draw(st.dictionaries(st.sampled_from(fields), plausible, max_size=3))
    if table in GOOD and draw(st.booleans()):  # often a good record with a few changes, so some pass
        rec = {**GOOD[table], **{k: "a" for k in LINKS.get(table, ())}}
        rec.update(changes if draw(st.booleans()) else {})
    else:
        rec = changes
    rec["id"] = draw(st.sampled_from(["a", "b", "c", "d"]) | st.sampled_from(["a", "e"]) | json_values)
    return rec


table_names = st.sampled_from(sorted(MODELS)) | st.sampled_from(sorted(MODELS)) | st.text(max_size=10)


@st.composite
def shaped_docs(draw):
    names = draw(st.lists(table_names, max_size=4, unique=True))
    tables = {
        name: draw(
            st.lists(records(name), max_size=4, unique_by=_id) | st.lists(records(name), max_size=3) | json_values
        )
        for name in names
    }
    version = draw(
        st.just(SCHEMA_VERSION)
        | st.just(SCHEMA_VERSION)
        | st.integers(min_value=-2, max_value=SCHEMA_VERSION + 2)
        | json_values.filter(lambda v: not isinstance(v, int) or isinstance(v, bool))
    )
    doc = {
        "format": draw(st.just("rebound") | st.just("rebound") | json_values),
        "version": version,
        "tables": draw(st.just(tables) | st.just(tables) | json_values),
    }
    if draw(st.booleans()):
        doc["exported_at"] = draw(json_values)
    return doc


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("props")


SEED = {}


def seeded(folder):
    """A journal holding just a rejection 'a' and its reflection, so links and counts are meaningful.

    Reused between examples while nothing was applied to it (a refusal must leave it as it was);
    a fresh one after an example changed it. Keeps the number of fsync'ed writes low.
    """
    ws = SEED.get(folder)
    if ws is not None:
        return ws
    ws = SEED[folder] = open_workspace(f"link:prop{next(_keys):030d}", folder)
    ws.import_data(
        {
            "format": "rebound",
            "version": SCHEMA_VERSION,
            "tables": {
                "rejections": [
                    {"id": "a", "company": "Acme", "role": "Analyst", "stage": "final", "rejected_on": "2026-03-02"}
                ],
                "reflections": [{"id": "r", "rejection_id": "a", "went_well": "x", "to_improve": "y"}],
            },
        },
        "replace",
    )
    return ws


def restore(ws, raw: bytes, mode: str) -> None:
    """The My data page's logic: read, plan, apply only if ok. Checks the invariants on the way."""
    before = ws._j.path.read_bytes()
    try:
        doc = backup.read_backup(raw)
    except backup.BackupError as exc:
        event("refused: not JSON")
        assert str(exc)
        assert ws._j.path.read_bytes() == before
        return
    plan = backup.plan_import(ws, doc, mode, TODAY)
    assert all(isinstance(p, str) and p for p in plan.problems)
    assert ws._j.path.read_bytes() == before  # planning never writes
    if not plan.ok:
        event("refused by the plan")
        assert len(plan.problems) <= backup.MAX_PROBLEMS
        with pytest.raises(ValueError):
            backup.apply_import(ws, plan)
        assert ws._j.path.read_bytes() == before
        return
    event("applied")
    SEED.clear()  # the next example starts from a fresh seeded journal
    backup.apply_import(ws, plan)
    for name, recs in plan.tables.items():
        for rec in recs:
            assert ws.get(name, rec["id"]) is not None
    if mode == "replace":
        assert sum(len(ws.all(t)) for t in ws.tables()) == plan.total


modes = st.sampled_from(["merge", "replace"])


@SETTINGS
@given(value=json_values, mode=modes)
def test_any_json_value_never_crashes(folder, value, mode):
    restore(seeded(folder), json.dumps(value).encode(), mode)


@SETTINGS
@given(doc=shaped_docs(), mode=modes)
def test_backup_shaped_documents_never_crash(folder, doc, mode):
    restore(seeded(folder), json.dumps(doc).encode(), mode)


@settings(max_examples=40, deadline=None)
@given(raw=st.binary(max_size=200), mode=modes)
def test_arbitrary_bytes_never_crash(folder, raw, mode):
    restore(seeded(folder), raw, mode)
