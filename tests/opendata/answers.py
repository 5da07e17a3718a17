"""Asking the OAI-PMH endpoint through Django's test client, and reading its answers."""

import re
from urllib.parse import urlencode

from tests.opendata.schema import validated

REPOSITORY = "museum.example.org"


def configure(settings):
    """A repository identifier and contact of the tests' own: the defaults come from the
    request's host (testserver, which is no domain name) and the museum's record."""
    settings.OAI_REPOSITORY_IDENTIFIER = REPOSITORY
    settings.OAI_ADMIN_EMAIL = "collection@museum.example.org"


def oai_identifier(item):
    return f"oai:{REPOSITORY}:{item.pk}"


class Answer:
    """An OAI-PMH response, checked as every one must be: HTTP 200, XML, valid against
    the protocol's schemas; ``find``/``findall``/``text`` read it by oai: paths."""

    NAMESPACES = {
        "oai": "http://www.openarchives.org/OAI/2.0/",
        "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
        "dc": "http://purl.org/dc/elements/1.1/",
        "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
    }

    def __init__(self, response):
        assert response.status_code == 200, response.content[:500]
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        self.response = response
        self.document = validated(response.content)

    def findall(self, path):
        return self.document.findall(path, self.NAMESPACES)

    def find(self, path):
        return self.document.find(path, self.NAMESPACES)

    def texts(self, path):
        return [element.text for element in self.findall(path)]

    @property
    def error(self):
        error = self.find("oai:error")
        return error.get("code") if error is not None else None

    @property
    def request(self):
        return dict(self.find("oai:request").attrib)

    @property
    def token(self):
        return self.find(".//oai:resumptionToken")

    def identifiers(self):
        return self.texts(".//oai:header/oai:identifier")

    def deleted(self):
        return [
            header.findtext("oai:identifier", namespaces=self.NAMESPACES)
            for header in self.findall(".//oai:header[@status='deleted']")
        ]


def oai(client, method="get", **arguments):
    """Ask the endpoint, by GET (the query string) or POST (a form), and check the answer."""
    if method == "post":
        body = urlencode(arguments)
        return Answer(client.post("/oai/", body, "application/x-www-form-urlencoded"))
    return Answer(client.get("/oai/", arguments))


def harvest(client, verb="ListIdentifiers", **arguments):
    """Every page of a list, following the resumption tokens: the Answers in order."""
    answers = [oai(client, verb=verb, **arguments)]
    while (token := answers[-1].token) is not None and token.text:
        answers.append(oai(client, verb=verb, resumptionToken=token.text))
    return answers


def records_of(content):
    """Each ``<record>`` of an answer's bytes as sent, by its identifier."""
    records = re.findall(rb"<record>.*?</record>", content, flags=re.DOTALL)
    return {re.search(rb"<identifier>(.*?)</identifier>", r).group(1).decode(): r for r in records}
