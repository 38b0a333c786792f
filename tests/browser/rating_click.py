#!/usr/bin/python3
"""A customer on a phone opens a one-click rating link from a survey
invitation, reads the page, and taps the confirm button: Debian's Chromium
driven over the DevTools protocol (tests/browser/cdp.py), with JavaScript
switched off in the page, since the page must work without it.  Used by
tests/e2e/test_rating_page.sh.

    /usr/bin/python3 rating_click.py URL OUT_DIR [COMMENT]

With COMMENT, the customer taps the comment box and types it (as an input
method inserts text) before confirming.  Writes OUT_DIR/confirm.png and OUT_DIR/thanks.png, prints one
"key: value" line per thing it read, and exits 1 (naming the check) when
the page is not what a customer should see.
"""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

PHONE_WIDTH, PHONE_HEIGHT = 360, 740
CONFIRM_BUTTON = 'form[method="post"] button[type="submit"]'
CONFIRM_LABEL = "ยืนยันคำตอบนี้"
COMMENT_LABEL = "ความคิดเห็นเพิ่มเติม (ไม่บังคับ)"
THANKS = "ขอบคุณที่ร่วมประเมิน"

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def header(response, name):
    """A response header's value (CDP keeps the server's spelling of the
    name), or None."""
    for key, value in response.get("headers", {}).items():
        if key.lower() == name:
            return value
    return None


def type_comment(page, comment):
    """Taps the comment box, checks its label, and types comment."""
    box_node = page.node('form[method="post"] textarea[name="comment"]')
    label = page.evaluate(
        "document.getElementById('comment').labels[0].innerText.trim()")
    box = page.box(box_node)
    print("comment box: %s, %dx%d" % (label, round(box["width"]),
          round(box["height"])))
    check(label == COMMENT_LABEL, "the comment box is labelled %s"
          % COMMENT_LABEL)
    check(box["height"] >= 44, "the comment box is at least 44 px high")
    page.tap(box)
    page.send("Input.insertText", {"text": comment})
    typed = page.evaluate("document.getElementById('comment').value")
    check(typed == comment, "the comment box holds what was typed")


def rate(page, url, out_dir, comment=None):
    response = page.navigate(url)
    print("status: %s" % response["status"])
    print("cache-control: %s" % header(response, "cache-control"))
    print("referrer-policy: %s" % header(response, "referrer-policy"))
    check(response["status"] == 200, "the link answers 200")
    check(header(response, "cache-control") == "no-store",
          "Cache-Control: no-store")
    check(header(response, "referrer-policy") == "no-referrer",
          "Referrer-Policy: no-referrer")

    question = page.text("h1")
    print("question: %s" % question)
    print("choice: %s" % page.text(".choice .label"))
    check(re.search("[\u0e00-\u0e7f]", question or ""),
          "the question is in Thai")

    confirm = page.node(CONFIRM_BUTTON)
    label = page.node_text(confirm)
    box = page.box(confirm)
    print("button: %s, %dx%d at y %d" % (label, round(box["width"]),
          round(box["height"]), round(box["y"])))
    check(label == CONFIRM_LABEL, "the button says %s" % CONFIRM_LABEL)
    check(box["height"] >= 44, "the confirm button is at least 44 px high")
    check(box["y"] + box["height"] <= PHONE_HEIGHT,
          "the confirm button is on the first screen")
    # Nothing wider than the phone: the page never scrolls sideways.
    main = page.box(page.node("main"))
    check(main["x"] >= 0 and main["x"] + main["width"] <= PHONE_WIDTH,
          "the page fits a %d px screen" % PHONE_WIDTH)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    print("page width: %s" % scroll_width)
    check(scroll_width <= PHONE_WIDTH, "nothing scrolls sideways")
    options = page.nodes("a.option")
    print("options: %d" % len(options))
    check(options, "the page offers the other answers")
    for node in options:
        b = page.box(node)
        check(b["height"] >= 44, 'the option link "%s" is at least 44 px high'
              % page.node_text(node))
    if comment is not None:
        type_comment(page, comment)
        # Node ids last until the next document query: look it up again.
        box = page.box(page.node(CONFIRM_BUTTON))
    page.screenshot(os.path.join(out_dir, "confirm.png"))

    # A real tap: the browser posts the form and shows what the server sent.
    page.browser.drop_events("Network.requestWillBeSent")
    page.browser.drop_events("Page.loadEventFired")
    page.tap(box)
    try:
        request = page.wait_event(
            "Network.requestWillBeSent",
            match=lambda p: p["request"]["method"] == "POST", timeout=10)
    except cdp.Error as e:
        failures.append("a tap on confirm posts the form (%s)" % e)
        return
    posted = page.wait_event(
        "Network.responseReceived",
        match=lambda p: p["requestId"] == request["requestId"])["response"]
    page.wait_event("Page.loadEventFired")
    print("post: %s %s" % (posted["status"],
          request["request"].get("postData")))
    # Where the form went: the link itself, whichever form of it was opened.
    print("post url: %s" % request["request"]["url"])
    check(posted["status"] == 200, "the POST answers 200")
    thanks = page.text("h1")
    print("after: %s" % thanks)
    print("recorded: %s" % page.text(".choice .label"))
    check(thanks == THANKS, "the thank-you page follows")
    page.screenshot(os.path.join(out_dir, "thanks.png"))


def main():
    if len(sys.argv) not in (3, 4):
        print("usage: rating_click.py URL OUT_DIR [COMMENT]", file=sys.stderr)
        return 2
    url, out_dir = sys.argv[1:3]
    comment = sys.argv[3] if len(sys.argv) == 4 else None
    with tempfile.TemporaryDirectory(prefix="cks-chromium-") as profile, \
            open(os.path.join(out_dir, "chromium.log"), "w") as log:
        with cdp.Browser(profile, log=log) as browser:
            page = browser.new_page()
            page.disable_javascript()
            page.set_phone(PHONE_WIDTH, PHONE_HEIGHT, scale=2,
                           locale="th-TH")
            try:
                rate(page, url, out_dir, comment)
            except cdp.Error as e:
                failures.append(str(e))
    for what in failures:
        print("failed: %s" % what, file=sys.stderr)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
