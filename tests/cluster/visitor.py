"""A person's browser, as far as the cluster tests need one: cookies kept, forms read from
the page and sent back as a browser sends them (their hidden CSRF token included, nothing
added), redirects left to the test, and the app server that answered each request noted."""

import http.client
import re
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def served_by(self) -> str:
        return self.headers.get("X-Served-By", "")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]]
    # Each select's options, value → label (to choose one by its label).
    options: dict[str, dict[str, str]] = field(default_factory=dict)

    def value(self, name: str) -> str:
        return next(value for key, value in self.fields if key == name)

    def with_values(self, **values: str) -> list[tuple[str, str]]:
        """The fields with `values` put in (replacing what the page had)."""
        kept = [(key, value) for key, value in self.fields if key not in values]
        return kept + list(values.items())


class Forms(HTMLParser):
    """Every form on a page, with the values a browser would send untouched: text and
    hidden inputs, ticked boxes (every box ticked, as the app offers form checks ticked),
    the selected option, textareas."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._textarea: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self._form = Form(attrs.get("action") or "", [])
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button"}:
            if attrs.get("type") in {"checkbox", "radio"}:
                if attrs.get("type") == "checkbox" or "checked" in attrs:
                    self._form.fields.append((name, attrs.get("value") or "on"))
            else:
                self._form.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
            self._form.options[name] = {}
        elif tag == "option" and self._select:
            self._option = attrs.get("value") or ""
            if "selected" in attrs:
                self._form.fields.append((self._select, self._option))
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.fields.append((name, ""))

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._select and self._option is not None:
            options = self._form.options[self._select]
            options[self._option] = options.get(self._option, "") + data.strip()

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None

    def aimed_at(self, pattern: str) -> Form:
        """The first form whose action matches `pattern`."""
        return next(form for form in self.forms if re.search(pattern, form.action))

    def holding(self, name: str) -> Form:
        """The first form with a field called `name`."""
        return next(form for form in self.forms if any(key == name for key, _ in form.fields))


@dataclass
class Visitor:
    """One person's browser pointed at nginx."""

    address: str  # http://127.0.0.1:PORT
    cookies: dict[str, str] = field(default_factory=dict)
    served_by: list[str] = field(default_factory=list)  # per request, in order

    def request(self, method: str, path: str, data: list | dict | None = None) -> Answer:
        where = urllib.parse.urlsplit(self.address)
        headers = {"Host": where.netloc}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.address
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        answer = Answer(response.status, response.headers, text)
        self.served_by.append(answer.served_by)
        return answer

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, data: list | dict) -> Answer:
        return self.request("POST", path, data)

    def log_in(self, email: str, password: str) -> Answer:
        """Through the login form, as a person does: its page, then its POST."""
        form = Forms(self.get("/accounts/login/").text).holding("password")
        return self.post("/accounts/login/", form.with_values(username=email, password=password))
