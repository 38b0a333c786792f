"""A tiny Chrome DevTools Protocol client for cksgate's browser tests
(standard library only; run it with /usr/bin/python3).

It starts Debian's headless Chromium with --remote-debugging-pipe: the
browser reads commands on its fd 3 and writes answers and events on its
fd 4, each message one JSON object followed by a NUL byte, so no websocket
and no npm package is needed.  Used by tests/browser/rating_click.py.

    with cdp.Browser(profile_dir) as browser:
        page = browser.new_page()
        page.set_phone(360, 740)
        page.navigate(url)
        page.tap(page.box(page.node("form button")))

The browser is killed by its PID when the with block ends, whatever
happened inside it.
"""
import base64
import fcntl
import json
import os
import select
import signal
import subprocess
import time

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class Error(Exception):
    """A CDP command answered with an error, the browser went away, or
    an awaited event did not come in time."""


class Browser:
    """One headless Chromium, its profile in profile_dir (which the caller
    creates and removes)."""

    def __init__(self, profile_dir, chromium=CHROMIUM, timeout=30,
                 log=None):
        self.timeout = timeout
        self.next_id = 0
        self.buffer = b""
        # Events not yet taken by wait_event, oldest first.
        self.events = []
        # The browser's ends of the two pipes become its fd 3 (commands in)
        # and fd 4 (answers out).  pass_fds keeps descriptors at the
        # numbers they have here, so they are moved in the child instead.
        command_read, self.command_write = os.pipe()
        self.answer_read, answer_write = os.pipe()

        def browser_fds():
            # Lift both above 4 first: either may already sit on 3 or 4.
            high_read = fcntl.fcntl(command_read, fcntl.F_DUPFD, 10)
            high_write = fcntl.fcntl(answer_write, fcntl.F_DUPFD, 10)
            os.dup2(high_read, 3)
            os.dup2(high_write, 4)
            os.close(high_read)
            os.close(high_write)

        try:
            self.process = subprocess.Popen(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--no-first-run",
                 "--hide-scrollbars", "--mute-audio",
                 "--user-data-dir=" + profile_dir,
                 "--remote-debugging-pipe", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=log if log is not None else subprocess.DEVNULL,
                # Descriptors Python opens are not inheritable (PEP 446):
                # of ours, only the dup2'd 3 and 4 reach the browser.
                close_fds=False, preexec_fn=browser_fds,
                start_new_session=True)
        except BaseException:
            os.close(self.command_write)
            os.close(self.answer_read)
            raise
        finally:
            os.close(command_read)
            os.close(answer_write)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        """Kills the browser (by PID, and its session's process group by
        that same id, which holds its renderers) and closes the pipes."""
        if self.process is None:
            return
        pid = self.process.pid
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.process = None
        os.close(self.command_write)
        os.close(self.answer_read)

    def _read_message(self, deadline, timeout):
        """Returns the next message from the browser, or raises Error at
        the deadline (timeout seconds after the wait began) or when the
        browser has closed its end."""
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Error("nothing from the browser in %g s" % timeout)
            ready, _, _ = select.select([self.answer_read], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.answer_read, 1 << 16)
            if not chunk:
                raise Error("the browser closed the pipe (exit status %s)"
                    % self.process.poll())
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None):
        """Sends one command and returns its result, keeping the events
        that arrive meanwhile for wait_event."""
        self.next_id += 1
        command = {"id": self.next_id, "method": method,
            "params": params or {}}
        if session is not None:
            command["sessionId"] = session
        data = json.dumps(command).encode() + b"\0"
        while data:
            data = data[os.write(self.command_write, data):]
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._read_message(deadline, self.timeout)
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise Error("%s: %s" % (method, message["error"]))
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_event(self, name, session=None, match=None, timeout=None):
        """Returns the params of the oldest event called name (from that
        session, if given, and for which match(params) holds, if given),
        waiting for it if none has come yet; the event is used up."""
        timeout = timeout or self.timeout
        deadline = time.monotonic() + timeout

        def wanted(message):
            return (message.get("method") == name and
                (session is None or message.get("sessionId") == session)
                and (match is None or match(message.get("params", {}))))

        while True:
            for i, message in enumerate(self.events):
                if wanted(message):
                    del self.events[i]
                    return message.get("params", {})
            try:
                message = self._read_message(deadline, timeout)
            except Error as e:
                raise Error("waiting for %s: %s" % (name, e)) from None
            if "method" in message:
                self.events.append(message)

    def drop_events(self, name):
        """Forgets the events called name received so far, so that the
        next wait_event(name) waits for a new one."""
        self.events = [m for m in self.events if m.get("method") != name]

    def new_page(self):
        """Opens a blank tab and returns a Page attached to it."""
        target = self.send("Target.createTarget", {"url": "about:blank"})
        session = self.send("Target.attachToTarget",
            {"targetId": target["targetId"], "flatten": True})["sessionId"]
        return Page(self, session)


class Page:
    """One tab, driven through its flat session."""

    def __init__(self, browser, session):
        self.browser = browser
        self.session = session
        self.send("Page.enable")
        self.send("DOM.enable")
        self.send("Runtime.enable")
        self.send("Network.enable")

    def send(self, method, params=None):
        return self.browser.send(method, params, self.session)

    def wait_event(self, name, match=None, timeout=None):
        return self.browser.wait_event(name, self.session, match, timeout)

    def disable_javascript(self):
        """The page's own scripts stop running; the Runtime.evaluate calls
        of this client (the test reading the page) still work."""
        self.send("Emulation.setScriptExecutionDisabled", {"value": True})

    def set_phone(self, width, height, scale=2, locale=None):
        """A phone: a width x height CSS px viewport, touch, mobile
        layout (the page's meta viewport applies)."""
        self.send("Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": scale,
             "mobile": True})
        self.send("Emulation.setTouchEmulationEnabled",
            {"enabled": True, "maxTouchPoints": 5})
        if locale:
            self.send("Emulation.setLocaleOverride", {"locale": locale})
            agent = self.browser.send("Browser.getVersion")["userAgent"]
            self.send("Emulation.setUserAgentOverride",
                {"userAgent": agent, "acceptLanguage": locale})

    def navigate(self, url):
        """Opens url and waits for its load event; returns the document's
        Network.responseReceived response (status, headers)."""
        self.browser.drop_events("Page.loadEventFired")
        self.browser.drop_events("Network.responseReceived")
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise Error("navigating to %s: %s" % (url, result["errorText"]))
        response = self.wait_event("Network.responseReceived",
            match=lambda p: p.get("loaderId") == result.get("loaderId")
            and p.get("type") == "Document")["response"]
        self.wait_event("Page.loadEventFired")
        return response

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page (for reading
        it: the page's own script stays off)."""
        result = self.send("Runtime.evaluate",
            {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise Error("evaluating %s: %s"
                % (expression, result["exceptionDetails"].get("text")))
        return result["result"].get("value")

    def text(self, selector):
        """The innerText of the first element matching selector, trimmed,
        or None without one."""
        return self.evaluate(
            "(e => e && e.innerText.trim())(document.querySelector(%s))"
            % json.dumps(selector))

    def nodes(self, selector):
        """The DOM node ids of the elements matching selector."""
        root = self.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        return self.send("DOM.querySelectorAll",
            {"nodeId": root, "selector": selector})["nodeIds"]

    def node(self, selector):
        """The node id of the first element matching selector; Error
        without one."""
        root = self.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = self.send("DOM.querySelector",
            {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            raise Error("nothing on the page matches %s" % selector)
        return node

    def box(self, node):
        """The border box of a node (an id from node/nodes) in CSS px of
        the viewport: {"x", "y", "width", "height"}."""
        quad = self.send("DOM.getBoxModel",
            {"nodeId": node})["model"]["border"]
        xs, ys = quad[0::2], quad[1::2]
        return {"x": min(xs), "y": min(ys), "width": max(xs) - min(xs),
            "height": max(ys) - min(ys)}

    def node_text(self, node):
        """The innerText of a node (an id from node/nodes), trimmed."""
        object_id = self.send("DOM.resolveNode",
            {"nodeId": node})["object"]["objectId"]
        result = self.send("Runtime.callFunctionOn",
            {"objectId": object_id, "returnByValue": True,
             "functionDeclaration": "function () { return this.innerText; }"})
        return (result["result"].get("value") or "").strip()

    def tap(self, box):
        """A finger on the centre of box and off again, as a phone's touch
        screen reports it: the browser turns it into a click."""
        point = {"x": box["x"] + box["width"] / 2,
            "y": box["y"] + box["height"] / 2}
        self.send("Input.dispatchTouchEvent",
            {"type": "touchStart", "touchPoints": [point]})
        self.send("Input.dispatchTouchEvent",
            {"type": "touchEnd", "touchPoints": []})

    def click(self, box):
        """A left mouse click on the centre of box."""
        x = box["x"] + box["width"] / 2
        y = box["y"] + box["height"] / 2
        self.send("Input.dispatchMouseEvent",
            {"type": "mouseMoved", "x": x, "y": y})
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left",
                 "clickCount": 1})

    def screenshot(self, path, full_page=True):
        """Writes a PNG of the viewport, or of the whole page."""
        params = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params["captureBeyondViewport"] = True
            params["clip"] = {"x": 0, "y": 0, "width": size["width"],
                "height": size["height"], "scale": 1}
        data = self.send("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
