"""A person proves their IIN with EDS in Chromium, through the real page and the vendored
ncalayer-js-client, then signs a petition.

NCALayer is stood in for by a small websocket server on loopback that speaks NCALayer's
protocol as the client uses it (the greeting with a version, the `kz.gov.pki.knca.basics`
sign call) and signs with the test PKI's key. The page reaches it through the
EDS_NCALAYER_URL setting: the live server's pages are plain http on loopback, so the
stand-in listens on ws:// and no certificate has to be trusted by the browser.
"""

import base64
import json
import threading

import pytest
from playwright.sync_api import expect
from websockets.sync.server import serve

from petitions.models import Signature
from tests.e2e.test_petition_journey import person_page
from tests.eds_pki import PERSON_IIN, sign_cms
from tests.factories import UserFactory, make_petition

pytestmark = pytest.mark.browser


class NCALayerStandIn:
    """Answers as NCALayer does; `key` is the test certificate it signs with."""

    def __init__(self, pki):
        self.pki, self.key, self.requests = pki, pki.person, []
        self.server = serve(self.handle, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def handle(self, websocket):
        websocket.send(json.dumps({"result": {"version": "1.4"}}))
        for message in websocket:
            request = json.loads(message)
            self.requests.append(request)
            if request.get("module") != "kz.gov.pki.knca.basics":
                # Not KAZTOKEN: NCALayer answers an unknown module with an error code.
                websocket.send(json.dumps({"code": "500", "message": "unknown module"}))
                continue
            data = base64.b64decode(request["args"]["data"])
            cms = sign_cms(data, self.key, chain=[self.pki.intermediate])
            websocket.send(json.dumps({"status": True, "body": {"result": [cms]}}))


@pytest.fixture
def ncalayer(eds_provider, settings):
    stand_in = NCALayerStandIn(eds_provider)
    settings.EDS_NCALAYER_URL = stand_in.url
    yield stand_in
    stand_in.server.shutdown()


def test_a_person_proves_the_iin_with_eds_and_signs(
    browser, live_server, ncalayer, settings, check_accessibility
):
    settings.PETITION_INITIAL_SUPPORT = 3
    petition = make_petition("open")
    person = UserFactory(email="person@example.kz")
    page = person_page(browser, live_server, person)

    page.get_by_role("link", name="Prove my IIN with EDS").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prove your IIN with EDS")
    check_accessibility(page)
    page.get_by_role("button", name="Sign with EDS").click()

    expect(page.get_by_text("Your IIN is proven with your digital signature.")).to_be_visible()
    check_accessibility(page)
    [sign] = [request for request in ncalayer.requests if request["method"] == "sign"]
    assert sign["args"]["signingParams"] == {"decode": True, "encapsulate": False,
                                             "digested": False}  # fmt: skip
    person.refresh_from_db()
    assert person.iin_proven
    assert person.iin_hash and PERSON_IIN not in str(person.__dict__)

    page.goto(f"{live_server.url}{petition.get_absolute_url()}")
    page.get_by_role("button", name="Sign this petition").click()
    expect(page.get_by_text("Your receipt code is")).to_be_visible()
    assert Signature.objects.filter(petition=petition, user=person).exists()


def test_a_legal_entitys_key_is_refused_on_the_page(
    browser, live_server, ncalayer, check_accessibility
):
    ncalayer.key = ncalayer.pki.legal_entity
    person = UserFactory(email="employee@example.kz")
    page = person_page(browser, live_server, person)
    page.goto(f"{live_server.url}/profile/eds/")

    page.get_by_role("button", name="Sign with EDS").click()

    expect(page.get_by_role("alert")).to_contain_text("sign with your personal certificate")
    check_accessibility(page)
    person.refresh_from_db()
    assert not person.iin_proven
