"""Workshop mode in AppTest: joining (stored in the journal), links that never switch journals silently,
Home's confirmation, and the Workshop page behind its key (threshold, presenter view, room tools)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from components import settings
from rebound import access, clock, content, journal, room_privacy, workshop
from rebound.storage import open_workspace
from tests.apptest.conftest import button, open_page, texts

JOIN = "spring-cohort-7f3a"
KEY = "facilitator-Secret-91"
NAME = "Spring cohort"
MY_DATA = "pages/9_My_data.py"
FACILITATOR = "pages/10_Workshop.py"
DAY = dt.date(2026, 5, 4)


@pytest.fixture
def shared_workshop(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "shared")
    monkeypatch.setenv("REBOUND_WORKSHOP_NAME", NAME)
    monkeypatch.setenv("REBOUND_WORKSHOP_JOIN_CODE", JOIN)
    monkeypatch.setenv("REBOUND_WORKSHOP_FACILITATOR_KEY", KEY)
    monkeypatch.setenv("REBOUND_EPHEMERAL", "false")
    monkeypatch.delenv("REBOUND_PUBLIC_URL", raising=False)
    monkeypatch.delenv("REBOUND_CONTENT_DIR", raising=False)
    return data_dir


def headers(at) -> list[str]:
    return [h.value for h in at.header]


def token_of(at) -> str:
    token = at.query_params["w"]
    return token[0] if isinstance(token, list) else token


def journal_of(at, data_dir):
    return open_workspace(access.link_key(token_of(at)), data_dir)


def warnings(at) -> str:
    return "\n".join([w.value for w in at.warning] + [i.value for i in at.info])


def toggles(at, key="workshop_share"):
    return [t for t in at.toggle if t.key == key]


def page_links(at) -> list[str]:
    return [el.proto.label for el in at.get("page_link")]


# --- joining -------------------------------------------------------------------------------------


def test_join_link_shows_the_workshop_section_on_my_data(shared_workshop):
    at = open_page(join=JOIN)
    assert "join" not in at.query_params  # the code does not linger in the address
    assert at.query_params["w"]  # a private journal of their own
    assert not at.warning
    at.switch_page(MY_DATA).run()
    assert not at.exception
    assert f"Your workshop: {NAME}" in headers(at)
    toggle = toggles(at)
    assert len(toggle) == 1 and toggle[0].value is False  # nothing is shared until they choose to
    assert f"at least {workshop.MINIMUM_ROOM} people" in texts(at)


def test_joining_is_stored_in_the_journal_and_survives_a_new_session_finding_5(shared_workshop):
    at = open_page(join=JOIN)
    token = token_of(at)
    assert workshop.membership(journal.profile(journal_of(at, shared_workshop)))[0] == JOIN
    # a reload, a new tab, a restart: a new session with only the private link
    again = open_page(w=token)
    assert not again.exception
    assert f"You are part of {NAME}" in texts(again)
    again.switch_page(MY_DATA).run()
    assert f"Your workshop: {NAME}" in headers(again) and toggles(again)
    room = open_workspace(workshop.workshop_key(JOIN), shared_workshop)
    assert workshop.room_counts(room) == (1, {})  # joined, not sharing
    again.query_params["join"] = JOIN  # the same journal, in the same tab, opens the join link again
    again.run()
    assert not again.exception and token_of(again) == token
    assert workshop.joined_count(room) == 1


def test_home_confirms_the_join_with_the_privacy_line_and_the_share_choice(shared_workshop):
    at = open_page(join=JOIN)
    page = texts(at)
    assert f"You have joined {NAME}" in page
    assert "Your journal stays private" in page and "Nothing is shared unless you choose to" in page
    (toggle,) = toggles(at, "workshop_share_home")
    toggle.set_value(True).run()
    assert not at.exception
    room = open_workspace(workshop.workshop_key(JOIN), shared_workshop)
    assert workshop.room_counts(room)[1] == {"sharing": 1}
    profile = journal.profile(journal_of(at, shared_workshop))
    assert profile["workshop_opt_in"] is True and profile["workshop_contributed"] == {"sharing": 1}
    at.switch_page(MY_DATA).run()
    assert toggles(at)[0].value is True  # one choice, shown in both places


def test_home_without_joining_says_nothing_about_a_workshop(shared_workshop):
    at = open_page()
    assert "You have joined" not in texts(at) and not toggles(at, "workshop_share_home")


def test_wrong_join_code_warns_and_shows_no_workshop_section(shared_workshop):
    at = open_page(join="not-the-code")
    assert any("does not match" in w.value for w in at.warning)
    at.switch_page(MY_DATA).run()
    assert not at.exception
    assert not any(h.startswith("Your workshop") for h in headers(at))
    assert not toggles(at)


def test_without_a_join_link_there_is_no_workshop_section(shared_workshop):
    at = open_page(MY_DATA)
    assert not any(h.startswith("Your workshop") for h in headers(at))
    assert not toggles(at)


@pytest.mark.parametrize("code", ["frühling-2027", "café·ünïcode-ключ"])
def test_non_ascii_join_codes_and_keys_work_finding_2(data_dir, monkeypatch, code):
    monkeypatch.setenv("REBOUND_MODE", "shared")
    monkeypatch.setenv("REBOUND_WORKSHOP_JOIN_CODE", code)
    monkeypatch.setenv("REBOUND_WORKSHOP_FACILITATOR_KEY", "schlüssel-" + code)
    at = open_page(join=code)
    assert "You have joined" in texts(at)
    wrong = open_page(join=code + "x")
    assert any("does not match" in w.value for w in wrong.warning)
    at = facilitator("schlüssel-" + code)
    assert "Invite the room" in headers(at)


def test_a_doctored_join_link_never_opens_someone_elses_journal_finding_4(shared_workshop):
    attacker_token = access.new_token()
    attacker = open_workspace(access.link_key(attacker_token), shared_workshop)
    journal.save_profile(attacker, {"long_term_goal": "attacker"}, DAY)
    at = open_page(join=JOIN, w=attacker_token)
    assert "join link only ever opens your own journal" in warnings(at)
    assert "You have joined" not in texts(at)  # nothing opens until the person chooses
    button(at, "Start my own journal").click().run()
    assert token_of(at) != attacker_token
    assert "You have joined" in texts(at)  # joined, in a journal of their own
    assert workshop.membership(journal.profile(attacker)) is None  # the attacker's journal was not touched
    assert journal.profile(journal_of(at, shared_workshop)).get("long_term_goal") is None


def test_a_join_link_with_ones_own_link_offers_to_join_with_that_journal(shared_workshop):
    mine = access.new_token()
    ws = open_workspace(access.link_key(mine), shared_workshop)
    journal.save_profile(ws, {"long_term_goal": "mine"}, DAY)
    at = open_page(join=JOIN, w=mine)
    button(at, "Switch to this one").click().run()
    assert token_of(at) == mine
    assert "Join Spring cohort with your journal?" in texts(at)  # a journal with entries joins only when asked
    assert workshop.membership(journal.profile(ws)) is None
    button(at, "Join with my journal").click().run()
    assert "You have joined" in texts(at)
    assert workshop.membership(journal.profile(ws))[0] == JOIN
    assert journal.profile(ws)["long_term_goal"] == "mine"


def test_a_join_link_keeps_this_tabs_own_journal(shared_workshop):
    at = open_page()
    mine = token_of(at)
    at.query_params["join"] = JOIN
    at.run()
    assert token_of(at) == mine and "You have joined" in texts(at)
    assert "different journal" not in warnings(at)


# --- links that open a different journal ---------------------------------------------------------


def test_a_link_to_another_journal_says_so_and_offers_the_way_back(shared_workshop):
    at = open_page()
    mine = token_of(at)
    journal.save_profile(journal_of(at, shared_workshop), {"name": "Me"}, DAY)
    other = access.new_token()
    journal.save_profile(open_workspace(access.link_key(other), shared_workshop), {"name": "Other"}, DAY)
    at.query_params["w"] = other
    at.run()
    assert "goes to a different journal from the one you had open" in warnings(at)
    assert [t.value for t in at.title] == ["This is not your journal"]  # nothing of either journal shows
    button(at, "Go back to my journal").click().run()
    assert not at.exception
    assert token_of(at) == mine
    assert "different journal" not in warnings(at)
    at.query_params["w"] = other
    at.run()
    button(at, "Switch to this one").click().run()
    assert token_of(at) == other
    assert "different journal" not in warnings(at) and "no journal at this link" not in warnings(at)


def test_pasting_a_private_link_on_my_data_says_so_with_the_way_back(shared_workshop):
    at = open_page(MY_DATA)
    mine = token_of(at)
    other = access.new_token()
    at.text_input(key="paste_link").input(f"https://x.example/?w={other}")
    button(at, "Open this journal").click().run()
    assert "goes to a different journal" in warnings(at)
    button(at, "Switch to this one").click().run()
    assert token_of(at) == other
    assert "There is no journal at this link yet" in warnings(at)
    at.text_input(key="paste_link").input(mine)
    button(at, "Open this journal").click().run()
    button(at, "Go back to my journal").click().run()
    assert token_of(at) == other  # "my journal" is the one this tab has open now


def test_a_link_to_a_journal_that_does_not_exist_says_so_finding_6(shared_workshop):
    truncated = access.new_token()[:-4]  # still 28 valid characters
    at = open_page(w=truncated)
    assert "There is no journal at this link yet: check that the link is complete" in warnings(at)
    existing = access.new_token()
    journal.save_profile(open_workspace(access.link_key(existing), shared_workshop), {"name": "A"}, DAY)
    at = open_page(w=existing)
    assert "no journal at this link" not in warnings(at)


# --- a broken profile never locks a journal ---------------------------------------------------------

BROKEN_BACKUP = {"format": "rebound", "version": 1, "tables": {"profile": [{"id": "pX", "workshop": JOIN}]}}


def test_the_170_byte_backup_restores_and_every_page_still_opens_finding_1(shared_workshop):
    at = open_page(join=JOIN)
    at.switch_page(MY_DATA).run()
    doc = json.loads(json.dumps(BROKEN_BACKUP))
    doc["tables"]["profile"][0]["workshop_opt_in"] = True
    raw = json.dumps(doc, separators=(",", ":")).encode()
    assert len(raw) <= 170
    at.file_uploader[0].set_value(("b.json", raw, "application/json"))
    at.run()
    button(at, "Restore now").click().run()
    assert not at.exception, at.exception
    for page in ("app.py", MY_DATA, "pages/8_Progress.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
    profiles = journal_of(at, shared_workshop).all("profile")
    assert len(profiles) == 1 and profiles[0]["workshop_opt_in"] is False  # a file cannot opt anyone in


def test_a_broken_profile_never_stops_my_data_from_offering_restore_and_delete(shared_workshop):
    at = open_page()
    ws = journal_of(at, shared_workshop)
    ws.import_data(
        {
            "format": "rebound",
            "version": 1,
            "tables": {"profile": [{"id": "p", "workshop": JOIN, "workshop_opt_in": True, "weekly_goals": "x"}]},
        },
        "replace",
    )
    at.run()
    assert not at.exception, at.exception
    at.query_params["join"] = JOIN  # joining cannot be saved into it, and says so
    at.run()
    button(at, "Join with my journal").click().run()
    assert not at.exception and "could not be saved" in warnings(at)
    at.switch_page(MY_DATA).run()
    assert not at.exception, at.exception
    assert at.file_uploader and at.text_input(key="delete_confirm")
    at.text_input(key="delete_confirm").input("DELETE").run()
    button(at, "Delete my journal for good").click().run()
    assert not at.exception and not ws.exists


# --- the Workshop page ---------------------------------------------------------------------------------


def facilitator(key: str | None, **query):
    at = open_page(FACILITATOR, **query)
    if key is not None:
        at.text_input(key="facilitator_key_input").input(key)
        button(at, "Open the facilitator view").click().run()
        assert not at.exception, at.exception
    return at


def numbers(i: int = 0, **fields) -> dict:
    base = {
        "activities": {"application": 3, "materials": 1},
        "rejections": 2,
        "reflections": 1,
        "reframes": 1,
        "themes": {content.theme_ids()[0]: 2},
        "mood_change": float(i),
        "confidence_change": 1.0,
        "reframe_shift": 20.0,
    }
    return {**base, **fields}


def room_with(data_dir, n: int, code: str = JOIN, **fields) -> None:
    """A room whose counts are n people's contributions (what their journals' syncs would add)."""
    room = open_workspace(workshop.workshop_key(code), data_dir)
    for i in range(n):
        c = room_privacy.contribution(numbers(i, **fields), workshop.SHARED_KINDS, content.theme_ids())
        workshop.apply_delta(room, c, joined=1)


def released(data_dir, figures: dict, code: str = JOIN, number: int = 1) -> None:
    """A release as the page would store it, with figures chosen by the test (the noise has its own tests)."""
    names = room_privacy.layout(workshop.SHARED_KINDS, content.theme_ids())
    room = open_workspace(workshop.workshop_key(code), data_dir)
    full = {n: figures.get(n, 0) for n in names}
    room.add("releases", {"number": number, "figures": full, "epsilon": 2.0, "taken_on": "2026-05-04"})


def assert_nothing_shown(at) -> None:
    assert "The room, in numbers" not in headers(at)
    assert "Invite the room" not in headers(at)
    assert JOIN not in texts(at)
    assert not at.metric
    assert not at.get("image")  # no QR code


@pytest.mark.parametrize("key", [None, "wrong", KEY.lower(), KEY + " ", KEY[:-1]])
def test_facilitator_page_without_the_right_key_shows_nothing(shared_workshop, key):
    room_with(shared_workshop, 6)
    at = facilitator(key)
    assert_nothing_shown(at)
    if key:
        assert "does not match" in texts(at)


def test_the_page_and_its_link_have_one_name_and_only_in_workshop_mode(shared_workshop, monkeypatch):
    at = open_page()
    assert "Workshop" in page_links(at) and "Facilitator" not in page_links(at)
    at.switch_page(FACILITATOR).run()
    assert [t.value for t in at.title] == ["Workshop"]
    monkeypatch.delenv("REBOUND_WORKSHOP_JOIN_CODE")
    assert "Workshop" not in page_links(open_page())


def test_the_facilitator_page_keeps_the_private_link_out_of_the_address_bar_finding_10(shared_workshop):
    at = open_page()
    mine = token_of(at)
    at.switch_page(FACILITATOR).run()
    assert "w" not in at.query_params
    assert not [el for el in at.get("page_link") if "w=" in str(el.proto)]  # nor in the sidebar's links
    at.switch_page("app.py").run()
    assert token_of(at) == mine  # the session still knows its own journal
    at = facilitator(KEY)
    assert "w" not in at.query_params and "?w=" not in texts(at)


def test_wrong_keys_are_slowed_down_and_the_box_is_cleared(shared_workshop):
    at = facilitator("wrong")
    assert "does not match" in texts(at) and "try again in 1 second." in texts(at)
    at.text_input(key="facilitator_key_input").input(KEY)
    button(at, "Open the facilitator view").click().run()
    assert "Please wait a moment" in texts(at)  # too soon, even with the right key
    assert "Invite the room" not in headers(at)
    assert KEY_HELP_WORDS in texts(at)


KEY_HELP_WORDS = "Choose a long passphrase"


def test_content_problems_show_only_on_the_workshop_page_finding_8(shared_workshop, tmp_path, monkeypatch):
    folder = tmp_path / "content"
    folder.mkdir()
    traps = json.loads((content.CONTENT_DIR / "traps.json").read_text(encoding="utf-8"))
    traps["traps"][0]["label"] = 42
    (folder / "traps.json").write_text(json.dumps(traps), encoding="utf-8")
    monkeypatch.setenv("REBOUND_CONTENT_DIR", str(folder))
    for page in (None, "pages/4_Reframe.py", MY_DATA):
        at = open_page(page)
        assert not at.error and "traps.json" not in texts(at), page
    at = facilitator(KEY)
    assert "Some of your content files could not be used" in warnings(at)
    assert "'label' should be text, not a whole number" in texts(at)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_right_key_with_fewer_than_five_shows_the_budget_and_refuses_a_release(shared_workshop):
    room_with(shared_workshop, 4)
    at = facilitator(KEY)
    assert "Invite the room" in headers(at)
    assert any(f"/?join={JOIN}" in c.value for c in at.code)
    assert "The room, in numbers" in headers(at)
    assert metrics(at) == {"Privacy budget (ε)": "4", "Budget left (ε)": "4", "Releases left": "2"}
    assert "No release yet" in warnings(at)
    assert "**4** joined." in texts(at) and "sharing" not in metrics(at)  # no live sharing count
    button(at, "Release the room's figures now (spends ε = 2)").click().run()
    assert f"Fewer than {workshop.MINIMUM_ROOM} people have joined yet" in warnings(at)
    assert metrics(at)["Releases left"] == "2"  # nothing spent


def test_a_release_shows_counts_of_people_with_attendees_labels(shared_workshop):
    room_with(shared_workshop, 30, activities={"materials": 4, "application": 1})
    at = facilitator(KEY)
    button(at, "Release the room's figures now (spends ε = 2)").click().run()
    assert not at.exception
    assert "Release 1 is ready below." in texts(at)
    shown = metrics(at)
    assert shown["Budget left (ε)"] == "2" and shown["Releases left"] == "1"
    assert shown["Mood better"].startswith("about ")  # 29 people, give or take the noise
    assert 10 <= int(shown["Mood better"].split()[1]) <= 48  # the noise is beyond ±19 about once in 10 000
    page = texts(at)
    assert "Résumé & portfolio about" in page and "materials" not in page
    themes = at.dataframe[0].value
    # First: 30 people have it. (Noise alone puts another theme here about once in 25 releases.)
    assert list(themes["Theme"])[0] == content.theme_labels()[content.theme_ids()[0]]
    (csv_button,) = at.get("download_button")
    assert not csv_button.proto.disabled


def test_one_real_attendee_and_four_empty_journals_leave_every_figure_to_the_noise_finding_3(shared_workshop):
    room = open_workspace(workshop.workshop_key(JOIN), shared_workshop)
    real = numbers(7, mood_change=7.0, activities={}, themes={})
    for summary in [real] + [workshop.summarise({}, content.theme_ids())] * 4:
        workshop.apply_delta(room, room_privacy.contribution(summary, workshop.SHARED_KINDS, content.theme_ids()))
    assert workshop.room_counts(room)[1] == {"sharing": 5, "mood:better": 1}  # nothing else to add


def test_empty_figures_are_real_empty_states(shared_workshop):
    room_with(shared_workshop, 6)
    released(shared_workshop, {"sharing": 6})
    at = facilitator(KEY)
    page = texts(at)
    assert "About **6** people share numbers." in page
    assert "No kind of effort is the main one for enough people to show yet." in page
    assert "No listed theme is the main one for enough people to show yet." in page
    assert set(metrics(at).values()) >= {"—"}
    assert not at.get("arrow_vega_lite_chart") and not at.dataframe


def test_between_releases_nothing_moves_and_a_spent_budget_freezes_the_figures(shared_workshop):
    room_with(shared_workshop, 8)
    released(shared_workshop, {"sharing": 9, "mood:better": 7})
    at = facilitator(KEY)
    assert metrics(at)["Mood better"] == "about 7"
    room = open_workspace(workshop.workshop_key(JOIN), shared_workshop)
    workshop.apply_delta(room, {"mood:better": -1, "mood:lower": 1})  # one person's mood drops
    at.run()
    assert metrics(at)["Mood better"] == "about 7" and "changed since" not in texts(at)
    released(shared_workshop, {"sharing": 9, "mood:better": 8}, number=2)
    at.run()
    assert metrics(at)["Releases left"] == "0" and metrics(at)["Budget left (ε)"] == "0"
    assert "The privacy budget is spent" in warnings(at) and "figures are frozen" in warnings(at)
    assert not [b for b in at.button if b.label.startswith("Release the room")]
    assert metrics(at)["Mood better"] == "about 8"


def test_joins_beyond_twice_the_expected_size_are_refused(shared_workshop):
    at = facilitator(KEY)
    at.number_input(key="expected_size").set_value(1).run()
    assert not at.exception
    assert "the link admits up to 2" in texts(at)
    for _ in range(2):
        assert "You have joined" in texts(open_page(join=JOIN))
    late = open_page(join=JOIN)
    assert "This workshop is full" in warnings(late) and "You have joined" not in texts(late)
    assert workshop.membership(journal.profile(journal_of(late, shared_workshop))) is None
    assert workshop.joined_count(open_workspace(workshop.workshop_key(JOIN), shared_workshop)) == 2


def test_presenter_view_shows_the_qr_the_link_and_counts_only(shared_workshop):
    room_with(shared_workshop, 5)
    at = open_page()
    mine = token_of(at)
    at.switch_page(FACILITATOR).run()
    at.text_input(key="facilitator_key_input").input(KEY)
    button(at, "Open the facilitator view").click().run()
    button(at, "Presenter view").click().run()
    assert not at.exception
    (qr,) = at.get("image")
    page = texts(at)
    assert f"/?join={JOIN}".replace("-", "\\-").replace("=", "\\=") in page or f"join={JOIN}" in page
    assert {m.label: m.value for m in at.metric} == {"Joined": "5"}
    assert mine not in page and KEY not in page and "?w=" not in page
    assert not at.dataframe and not at.code and "Average mood" not in page
    button(at, "Leave the presenter view").click().run()
    assert "The room, in numbers" in headers(at)


def test_public_url_is_the_base_of_the_join_link(shared_workshop, monkeypatch):
    monkeypatch.setenv("REBOUND_PUBLIC_URL", "https://room.example.org/")
    at = facilitator(KEY)
    assert [c.value for c in at.code] == [f"https://room.example.org/?join={JOIN}"]
    assert "phones in the room cannot reach" not in warnings(at)


def test_join_links_honour_server_base_url_path_finding_7(shared_workshop, monkeypatch):
    from streamlit import config

    before = config.get_option("server.baseUrlPath")
    config.set_option("server.baseUrlPath", "rebound")
    try:
        monkeypatch.setenv("REBOUND_PUBLIC_URL", "https://room.example.org")
        at = facilitator(KEY)
        assert [c.value for c in at.code] == [f"https://room.example.org/rebound/?join={JOIN}"]
        at = open_page(MY_DATA)
        assert at.code[0].value == f"https://room.example.org/rebound/?w={token_of(at)}"  # private links too
    finally:
        config.set_option("server.baseUrlPath", before)


def test_ending_a_workshop_keeps_the_figures_and_attendees_see_it_ended(shared_workshop):
    attendee = open_page(join=JOIN)
    room_with(shared_workshop, 5)
    released(shared_workshop, {"sharing": 6})
    at = facilitator(KEY)
    button(at, "End this workshop").click().run()
    button(at, "Yes, end it").click().run()
    assert "This workshop has ended" in warnings(at)
    assert "About **6** people share numbers." in texts(at)  # the figures stay
    assert not [b for b in at.button if b.label.startswith("Release the room")]
    assert not at.code  # no join link any more
    attendee.run()
    assert f"{NAME}** has ended" in texts(attendee) or f"{NAME} has ended" in texts(attendee)
    assert not toggles(attendee, "workshop_share_home")
    late = open_page(join=JOIN)
    assert "That workshop has ended" in warnings(late) and "You have joined" not in texts(late)


def test_a_new_workshop_gets_a_new_code_and_an_empty_room(shared_workshop):
    room_with(shared_workshop, 5)
    at = facilitator(KEY)
    at.number_input(key="expected_size").set_value(12).run()
    button(at, "Start a new workshop (new code)").click().run()
    button(at, "Yes, start a new one").click().run()
    (link,) = [c.value for c in at.code]
    new_code = link.split("join=")[1]
    assert new_code != JOIN
    assert "**0** joined." in texts(at) and "No release yet" in warnings(at)
    assert at.number_input(key="expected_size").value == workshop.DEFAULT_EXPECTED
    assert "That workshop has ended" in warnings(open_page(join=JOIN))
    assert "You have joined" in texts(open_page(join=new_code))


def test_an_expired_join_link_admits_nobody(shared_workshop):
    at = facilitator(KEY)
    at.date_input(key="join_expiry").set_value(clock.today()).run()
    control = open_workspace(workshop.control_key(JOIN), shared_workshop)
    assert workshop.current_session(control, JOIN)["expires_on"] == clock.today().isoformat()
    workshop.set_expiry(control, JOIN, clock.today() - dt.timedelta(days=1))
    late = open_page(join=JOIN)
    assert "That join link has expired" in warnings(late) and "You have joined" not in texts(late)
    at = facilitator(KEY)
    assert "The join link has expired" in warnings(at)
    at.date_input(key="join_expiry").set_value(None).run()  # no end date: the link works again
    assert not at.exception and "You have joined" in texts(open_page(join=JOIN))


def test_facilitator_page_without_workshop_setup(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "shared")
    for var in ("NAME", "JOIN_CODE", "FACILITATOR_KEY"):
        monkeypatch.delenv("REBOUND_WORKSHOP_" + var, raising=False)
    at = open_page(FACILITATOR)
    assert any("Workshop mode is not set up" in i.value for i in at.info)
    assert not [t for t in at.text_input if t.key == "facilitator_key_input"]


# --- Save your link (issue 16) -----------------------------------------------------------------------


def test_after_joining_save_your_link_stays_until_confirmed(shared_workshop):
    at = open_page(join=JOIN)
    token = token_of(at)
    assert "Save your link" in [s.value for s in at.subheader][0]
    assert any(c.value.endswith(f"/?w={token}") for c in at.code)  # the box with its copy button
    (mail,) = [b for b in at.get("link_button") if "Email it to myself" in str(b.proto)]
    assert f"w%3D{token}" in mail.proto.url and mail.proto.url.startswith("mailto:?subject=")
    at.switch_page(MY_DATA).run()  # on every page until confirmed
    assert any("Save your link" in s.value for s in at.subheader)
    button(at, "I have saved my link").click().run()
    assert not any("Save your link" in s.value for s in at.subheader)
    assert journal.profile(journal_of(at, shared_workshop))["link_saved"] is True
    again = open_page(w=token)  # a new session on the same journal: still confirmed
    assert not any("Save your link" in s.value for s in again.subheader)


def test_without_a_workshop_there_is_no_save_your_link_step(shared_workshop):
    at = open_page()
    assert not any("Save your link" in s.value for s in at.subheader)


def test_a_joined_journal_opened_from_a_link_is_not_offered_as_ones_own(shared_workshop):
    at = open_page(join=JOIN)
    token = token_of(at)
    assert any("Save your link" in s.value for s in at.subheader)
    other = open_page(w=token)  # e.g. a forged poster's link: no join in this session
    assert not any("Save your link" in s.value for s in other.subheader)


def test_a_facilitator_key_shorter_than_12_characters_keeps_workshop_mode_off_saying_why(
    shared_workshop, monkeypatch, caplog
):
    monkeypatch.setenv("REBOUND_WORKSHOP_FACILITATOR_KEY", "short-key1")  # 10 characters
    monkeypatch.setattr(settings, "_told", set())  # said once per process: this test sees it said
    with caplog.at_level("ERROR", logger="rebound.workshop"):
        at = open_page(FACILITATOR)
    assert any("too short (10 characters; at least 12" in e.value for e in at.error)
    assert not [t for t in at.text_input if t.key == "facilitator_key_input"]  # no way in with it
    assert "facilitator key is too short" in caplog.text and "short-key1" not in caplog.text  # said, never the key
    joined = open_page(join=JOIN)
    assert "You have joined" not in texts(joined)  # workshop mode is off: nothing to join
