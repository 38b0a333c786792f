#!/usr/bin/python3
"""An agent at the counter works one client through the desk console in
Debian's headless Chromium (tests/browser/cdp.py), with the page's
JavaScript off, since every essential action must work without it: sign
in, find the client, open a counter session, walk the steps, search the
catalogue in Thai, add two items, show the client's screen, confirm on
it, send the basket, close with a summary, print the summary page to PDF.
Then the same pages at phone and tablet widths: nothing scrolls sideways,
every button, field and menu link is at least 44 px high.  Used by
tests/e2e/test_desk.sh.

    /usr/bin/python3 desk_flow.py BASE_URL LOGIN PASSWORD CLIENT QUERY1 QUERY2 OUT_DIR

Writes OUT_DIR/session.png (the agent's page, desktop), client.png (the
client's screen), summary.pdf, phone-*.png and tablet-*.png; prints one
"key: value" line per thing it read; exits 1 naming each failed check.
"""
import base64
import os
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def loaded(page, action):
    """Runs action (a click) and waits for the page it leads to."""
    page.browser.drop_events("Page.loadEventFired")
    action()
    page.wait_event("Page.loadEventFired")


def press(page, selector):
    """Scrolls the element into view and clicks it like a mouse would;
    waits for the page the form or link leads to."""
    node = page.node(selector)
    page.send("DOM.scrollIntoViewIfNeeded", {"nodeId": node})
    box = page.box(page.node(selector))
    loaded(page, lambda: page.click(box))


def fill(page, selector, text):
    """Focuses a field and types text into it, as an input method does."""
    page.send("DOM.focus", {"nodeId": page.node(selector)})
    page.evaluate("document.querySelector(%r).value = ''" % selector)
    page.send("Input.insertText", {"text": text})


def url(page):
    return page.evaluate("location.pathname + location.search")


def flow(page, base, login, password, client, queries, out_dir):
    page.navigate(base + "/desk/today")
    print("first page: %s" % url(page))
    check(url(page) == "/desk/signin", "no page without signing in")
    fill(page, "#login", login)
    fill(page, "#password", password)
    press(page, "form button[type=submit]")
    print("signed in: %s" % url(page))
    check(url(page) == "/desk/today", "signing in leads to today's sessions")

    page.navigate(base + "/desk/clients")
    fill(page, "#q", client)
    press(page, "form[method=get] button")
    found = page.text("ul.list li b")
    print("client found: %s" % found)
    check(found == client, "the client is found by name")
    page.evaluate("document.querySelector('select[name=channel]').value"
                  " = 'counter'")
    press(page, "ul.list form button")
    session_path = url(page)
    print("session page: %s" % session_path)
    check(session_path.startswith("/desk/sessions/"),
          "opening a session leads to its page")

    # Every step, in the plugin's order: start, then done.
    pressed = 0
    while page.nodes("#steps form button") and pressed < 40:
        press(page, "#steps form button")
        pressed += 1
    times = page.evaluate("document.querySelectorAll('#steps li .timer')"
                          ".length")
    print("step buttons pressed: %d, steps: %s" % (pressed, times))
    check(pressed >= 2 and pressed == 2 * times,
          "each step was started and finished from its buttons")

    for query in queries:
        fill(page, "#q", query)
        press(page, "#kb form[method=get] button")
        results = page.evaluate(
            "[...document.querySelectorAll('#kb-results li b')]"
            ".map(b => b.innerText)")
        print("search %s: %s" % (query, results))
        check(results, "a search for part of a Thai word (%s) finds items"
              % query)
        if results:
            press(page, "#kb-results form button")
    items = page.evaluate("document.querySelectorAll('li.basket-item')"
                          ".length")
    print("basket items: %s" % items)
    check(items == 2, "two catalogue items are in the basket")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(os.path.join(out_dir, "session.png"), full_page=False)

    press(page, "#show-client")
    print("client screen: %s" % page.text("h1"))
    print("address: %s" % page.text("#address"))
    print("items shown: %s" % page.evaluate(
        "document.querySelectorAll('#items li').length"))
    check(page.text("#correct") == "ถูกต้อง / Correct",
          "the client's screen offers ถูกต้อง / Correct")
    check(page.text("#change") == "แก้ไข / Needs a change",
          "and แก้ไข / Needs a change")
    page.screenshot(os.path.join(out_dir, "client.png"), full_page=False)
    press(page, "#correct")
    print("after confirm: %s" % page.text("#thanks"))
    check(page.text("#thanks") is not None, "the confirmation shows")

    page.navigate(base + session_path)
    check(page.text("#confirmed") is not None,
          "the agent's page shows the basket confirmed")
    press(page, "#send-basket")
    print("after send: %s" % page.text("#notice"))
    fill(page, "#summary", "แนะนำการจดทะเบียนพาณิชย์อิเล็กทรอนิกส์")
    press(page, "#close")
    print("after close: %s" % url(page))
    check(page.nodes("#close") == [], "the session is closed")

    page.navigate(base + session_path + "/summary")
    pdf = page.send("Page.printToPDF", {
        "paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True,
        "preferCSSPageSize": True})["data"]
    with open(os.path.join(out_dir, "summary.pdf"), "wb") as f:
        f.write(base64.b64decode(pdf))
    print("session: %s" % session_path.rsplit("/", 1)[1])
    return session_path


def sizes(page, base, session_path, width, height, name, out_dir):
    """The pages at one width: no sideways scrolling, targets >= 44 px."""
    page.set_phone(width, height, scale=1)
    for path in ("/desk/today", session_path, session_path + "/screen",
                 "/desk/clients?q=" + urllib.parse.quote("สม")):
        page.navigate(base + path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        small = page.evaluate(
            "[...document.querySelectorAll('button, input:not([type=hidden]),"
            " select, textarea, nav a, a.button')]"
            ".filter(e => e.offsetParent !== null)"
            ".filter(e => e.getBoundingClientRect().height < 44)"
            ".map(e => e.outerHTML.slice(0, 60))")
        print("%s %s: width %s, small targets %s" % (name, path, scroll,
              len(small)))
        check(scroll <= width, "%s: %s does not scroll sideways at %d px"
              % (name, path, width))
        check(not small, "%s: %s has no target under 44 px (%s)"
              % (name, path, small[:2]))
    page.screenshot(os.path.join(out_dir, "%s-client.png" % name),
                    full_page=False)


def main():
    if len(sys.argv) != 8:
        print(__doc__, file=sys.stderr)
        return 2
    base, login, password, client, q1, q2, out_dir = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="cks-chromium-") as profile, \
            open(os.path.join(out_dir, "chromium.log"), "w") as log:
        with cdp.Browser(profile, log=log) as browser:
            page = browser.new_page()
            page.disable_javascript()
            page.send("Emulation.setDeviceMetricsOverride",
                {"width": 1280, "height": 900, "deviceScaleFactor": 1,
                 "mobile": False})
            try:
                session_path = flow(page, base, login, password, client,
                                    (q1, q2), out_dir)
                sizes(page, base, session_path, 360, 740, "phone", out_dir)
                sizes(page, base, session_path, 768, 1024, "tablet",
                      out_dir)
            except cdp.Error as e:
                failures.append(str(e))
    for what in failures:
        print("failed: %s" % what, file=sys.stderr)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
