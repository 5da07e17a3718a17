"""OAI-PMH responses validated against the protocol's published schemas (``schemas/``),
offline: the schemas import each other by address, and each address is read from the
copy kept here. Every format a response can carry is known to the validator, so the
records inside are validated too (the protocol's schema asks for that: "strict")."""

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).parent / "schemas"
COPIES = {
    "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd": "OAI-PMH.xsd",
    "http://www.openarchives.org/OAI/2.0/oai_dc.xsd": "oai_dc.xsd",
    "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd": "oai-identifier.xsd",
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
    "http://www.w3.org/2001/xml.xsd": "xml.xsd",
    "http://www.lido-schema.org/schema/v1.1/lido-v1.1.xsd": "lido-v1.1.xsd",
}
# One schema importing all the others.
ALL = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/"
             schemaLocation="http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/"
             schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai-identifier"
             schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"/>
  <xs:import namespace="http://www.lido-schema.org"
             schemaLocation="http://www.lido-schema.org/schema/v1.1/lido-v1.1.xsd"/>
</xs:schema>"""


class KeptCopies(etree.Resolver):
    def resolve(self, url, public_id, context):
        if url.startswith(str(SCHEMAS)):
            return None  # imported by a relative path, from the folder itself (LIDO's)
        if url not in COPIES:
            raise LookupError(f"The schemas import {url}, which tests/opendata/schemas lacks.")
        return self.resolve_filename(str(SCHEMAS / COPIES[url]), context)


@cache
def oai_schema():
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(KeptCopies())
    return etree.XMLSchema(etree.fromstring(ALL, parser))


def validated(content):
    """The parsed response; AssertionError naming every place it breaks the schemas."""
    document = etree.fromstring(content, etree.XMLParser(no_network=True))
    schema = oai_schema()
    if not schema.validate(document):
        raise AssertionError("\n".join(str(error) for error in schema.error_log))
    return document
