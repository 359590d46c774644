"""The chat shows the name of the association that embeds it, as the server gives it
(content/association.yml, GET /webhooks/rest/association, asked by the chat's frame from its own
origin: the fake server answers no CORS); nothing when none is configured."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_web_widget import chat, launcher, open_widget

NAME = "Vereniging Hechting Thuis"


def owner(page):
    return chat(page).locator(".owner")


def test_the_widget_shows_the_associations_name_from_the_server(page, fake):
    fake.association = {"name": NAME, "website": "https://www.hechtingthuis.example"}
    open_widget(page, fake.demo_url())
    expect(owner(page)).to_have_text(f"Aangeboden door {NAME}")
    expect(owner(page)).to_be_visible()
    # closing and opening again on the same page asks no second time
    page.keyboard.press("Escape")
    launcher(page).click()
    expect(owner(page)).to_be_visible()
    assert fake.association_requests == 1


def test_a_name_with_markup_stays_text(page, fake):
    fake.association = {"name": '<img src=x onerror=alert("naam")>Vereniging'}
    open_widget(page, fake.demo_url())
    expect(owner(page)).to_have_text('Aangeboden door <img src=x onerror=alert("naam")>Vereniging')
    assert page.dialogs == []


def test_no_association_configured_nothing_is_shown(page, fake):
    open_widget(page, fake.demo_url())
    for _ in range(50):
        if fake.association_requests:
            break
        page.wait_for_timeout(100)
    assert fake.association_requests == 1
    expect(owner(page)).to_be_hidden()
    expect(chat(page).locator(".panel")).not_to_contain_text("Aangeboden door")
