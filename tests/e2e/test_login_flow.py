"""Real logins, end to end: Chromium, ``streamlit run`` and a real OpenID provider (panva's
oidc-provider, tests/oidc), with nothing faked — no ``st.user`` set by hand, the provider's own
login form, its redirect, Streamlit's /oauth2callback and its cookie.

The app's settings are the README's generic-provider example (its ``toml`` block, read from
README.md) with the test provider's addresses and secrets filled in, plus a ``[auth.google]``
whose address does not answer: one button per provider that works, words for the one that does not.

Negative control (``test_without_authlib_the_login_test_fails``, run every time): the same login
walk against a server whose Python cannot import Authlib (a PYTHONPATH shim hides it, as a
requirements.txt without Authlib would) fails, and its failure names StreamlitMissingAuthlibError.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rebound.storage import seal
from tests.conftest import fresh_database, require_pg
from tests.e2e.helpers import (
    ROOT,
    assert_no_serious_a11y,
    choose,
    click_button,
    goto,
    launch_server,
    main_text,
    unique,
    wait_for_app,
)
from tests.e2e.oidc_provider import CLIENT, USERS, running_provider
from tests.pgcluster import BIN

ALEX, BLAIR = USERS["alex"], USERS["blair"]
BUTTON = "Log in with your workshop account"
DEAD = "http://127.0.0.1:9/.well-known/openid-configuration"  # nothing listens on the discard port
STORAGE_SECRET = "storage-secret-for-the-login-test-" + uuid.uuid4().hex


def readme_example() -> str:
    """The README's generic OpenID Connect example, exactly as a deployer copies it."""
    found = re.search(r"```toml\n(\[auth\]\n.*?\[auth\.workshop\].*?)```", (ROOT / "README.md").read_text(), re.S)
    assert found, "README.md lost its generic OpenID Connect example"
    return found.group(1)


def secrets_file(folder: Path, issuer: str) -> Path:
    toml = readme_example()
    values = {
        "redirect_uri": "http://127.0.0.1:{port}/oauth2callback",  # Streamlit fills in the server's port
        "cookie_secret": uuid.uuid4().hex + uuid.uuid4().hex,
        "client_id": CLIENT["client_id"],
        "client_secret": CLIENT["client_secret"],
        "server_metadata_url": issuer + "/.well-known/openid-configuration",
        "secret": STORAGE_SECRET,
    }
    for key, value in values.items():
        toml, n = re.subn(rf'^{key} = ".*"$', f"{key} = {json.dumps(value)}", toml, flags=re.M)
        assert n == 1, f"the README example has no single {key!r} line"
    toml += f'\n[auth.google]\nclient_id = "x"\nclient_secret = "y"\nserver_metadata_url = "{DEAD}"\n'
    path = folder / "secrets.toml"
    path.write_text(toml)
    return path


@pytest.fixture(scope="module")
def issuer(_playwright, tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("oidc") / "provider.log") as url:
        yield url


@pytest.fixture(scope="module")
def servers(issuer, tmp_path_factory):
    """Three servers on the README's settings, started side by side: files, PostgreSQL, and no Authlib."""
    shim = tmp_path_factory.mktemp("shim") / "authlib"
    shim.mkdir()
    shim.joinpath("__init__.py").write_text(
        'raise ModuleNotFoundError("No module named \'authlib\' (hidden by the login test)", name="authlib")\n'
    )
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(fresh_database(require_pg()))
        extra = {
            "files": {},
            "postgresql": {"REBOUND_DATABASE_URL": url},
            "no_authlib": {"PYTHONPATH": str(shim.parent)},
        }

        def start(name: str):
            folder = tmp_path_factory.mktemp(name)
            env = {"STREAMLIT_SECRETS_FILES": str(secrets_file(folder, issuer)), **extra[name]}
            return launch_server("shared", folder / "data", env)

        managers = {name: start(name) for name in extra}
        with ThreadPoolExecutor(len(managers)) as pool:
            futures = {name: pool.submit(cm.__enter__) for name, cm in managers.items()}
        for cm in managers.values():  # stopped at the end, also when one of them did not start
            stack.push(cm.__exit__)
        started = {name: f.result() for name, f in futures.items()}
        started["database_url"] = url
        yield started


# --- the walk ---------------------------------------------------------------------------------


def log_in(page, server, issuer: str, user: dict, wrong_password_first: bool = False) -> None:
    """Press the login button, sign in on the provider's own form, land back in Rebound."""
    goto_welcome(page, server)
    button = page.get_by_role("button", name=BUTTON, exact=True)
    if button.count() == 0:
        raise AssertionError(
            f"no {BUTTON!r} button. The page says:\n{main_text(page)}\n--- server log ---\n{server.output()}"
        )
    button.click()
    page.wait_for_url(re.compile("^" + re.escape(issuer) + "/interaction/"), timeout=30_000)
    if wrong_password_first:
        sign_in(page, user["login"], "not-" + user["password"])
        expect(page.get_by_role("alert")).to_have_text("Wrong username or password. Try again.")
        assert page.url.startswith(issuer)  # refused by the provider: still on its form
    sign_in(page, user["login"], user["password"])
    page.wait_for_url(re.compile("^" + re.escape(server.base_url) + "/"), timeout=30_000)
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Logged in as {user['name']}")
    assert f"Logged in as {user['name']} ({user['email']})" in visible(page.get_by_test_id("stSidebar").inner_text())


def visible(text: str) -> str:
    return text.replace("\u2060", "")  # the word joiner that keeps an e-mail address from becoming a link


def goto_welcome(page, server) -> None:
    page.goto(server.url("/"), wait_until="domcontentloaded")
    wait_for_app(page, sidebar=False)
    expect(page.get_by_text("Welcome to Rebound")).to_be_visible()


def sign_in(page, login: str, password: str) -> None:
    page.get_by_label("Username").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def log_out(page, server, issuer: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile("^" + re.escape(issuer) + "/session/end"), timeout=30_000)
    page.get_by_role("button", name="Yes, sign me out").click()  # the provider's own logout page
    page.wait_for_url(re.compile("^" + re.escape(server.base_url) + "/"), timeout=30_000)
    wait_for_app(page, sidebar=False)
    expect(page.get_by_text("Welcome to Rebound")).to_be_visible()
    assert "Logged in as" not in page.content()
    assert [c["name"] for c in page.context.cookies() if c["name"].startswith("_streamlit_user")] == []


def log_rejection(page, server, company: str) -> None:
    goto(page, server.url("/Understand"))
    page.get_by_label("Company", exact=True).fill(company)
    page.get_by_label("Role", exact=True).fill("Analyst")
    choose(page, "How far did you get?", "Interview")
    click_button(page, "Save rejection")
    expect(page.get_by_text("Saved. That took courage.")).to_be_visible()


def home_text(page, server) -> str:
    goto(page, server.url("/"))
    return main_text(page)


def files_holding(folder: Path, *words: str) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            hits += [f"{path.name}: {w}" for w in words if w.encode() in raw]
    return hits


# --- the tests --------------------------------------------------------------------------------


def test_log_in_write_log_out_and_each_login_sees_only_its_own_journal(page, servers, issuer):
    login_server = servers["files"]
    # Before logging in: one button per provider that answers, words for the one that does not.
    goto_welcome(page, login_server)
    expect(page.get_by_text("Logging in with Google is not available right now")).to_be_visible()
    assert page.get_by_role("button", name="Log in with Google").count() == 0
    assert "Traceback" not in page.content()
    assert_no_serious_a11y(page, "on the login page")

    company = unique("Quokka Analytics")
    log_in(page, login_server, issuer, ALEX, wrong_password_first=True)
    log_rejection(page, login_server, company)
    assert company in home_text(page, login_server)
    assert_no_serious_a11y(page, "on Home, logged in")
    goto(page, login_server.url("/My_data"))
    assert f"You are logged in as {ALEX['name']} ({ALEX['email']})" in visible(main_text(page))
    log_out(page, login_server, issuer)
    assert company not in main_text(page)

    log_in(page, login_server, issuer, BLAIR)
    assert company not in home_text(page, login_server)  # Blair's journal: empty of Alex's words
    goto(page, login_server.url("/", w="A" * 32))  # a private link never switches a login's journal
    expect(page.get_by_text("The private link in the address was not opened", exact=False)).to_be_visible()
    assert "w=" not in page.url
    log_out(page, login_server, issuer)

    log_in(page, login_server, issuer, ALEX)
    assert company in home_text(page, login_server)  # back as Alex: the record is there

    data = login_server.data_dir
    assert files_holding(data, company, ALEX["name"], ALEX["email"], ALEX["sub"]) == []
    journals = [p for p in data.glob("*.json") if re.fullmatch(r"[0-9a-f]{64}\.json", p.name)]
    assert len(journals) == 1  # Alex's (Blair only looked: nothing written)
    assert seal.version_of(journals[0].read_bytes()) == seal.KDF_V2_LOGIN  # sealed with the storage secret


def test_a_login_journal_in_postgresql_holds_none_of_its_words(page, servers, issuer):
    server, url = servers["postgresql"], servers["database_url"]
    company = unique("Wombat Labs")
    log_in(page, server, issuer, ALEX)
    log_rejection(page, server, company)
    assert company in home_text(page, server)
    dump = subprocess.run([str(BIN / "pg_dump"), "--no-owner", url], check=True, capture_output=True, timeout=60).stdout
    assert b"rebound_records" in dump  # the dump does hold the journal's rows
    for word in (company, ALEX["name"], ALEX["email"], ALEX["sub"]):
        assert word.encode() not in dump and word.encode().hex().encode() not in dump.lower(), word
    assert files_holding(server.data_dir, company) == []


def test_without_authlib_the_login_test_fails(page, servers, issuer):
    """The negative control: Authlib hidden from the server's Python, the same walk must fail, by name."""
    server = servers["no_authlib"]
    with pytest.raises(AssertionError, match="StreamlitMissingAuthlibError"):
        log_in(page, server, issuer, ALEX)
    expect(page.get_by_text("Logging in is not available on this Rebound yet")).to_be_visible()
    assert "Traceback" not in page.content()


def test_the_test_provider_is_pinned():
    lock = json.loads((ROOT / "tests" / "oidc" / "package-lock.json").read_text())
    package = json.loads((ROOT / "tests" / "oidc" / "package.json").read_text())
    pinned = package["dependencies"]["oidc-provider"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)  # an exact version, no range
    assert lock["packages"]["node_modules/oidc-provider"]["version"] == pinned
