"""The six verbs. Each takes the Repository and the request's checked arguments and
returns the verb's element, or raises the OAIError the protocol names."""

import datetime
import functools
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from opendata.oai import dc_listing, harvest, tokens
from opendata.oai.arguments import TOKEN, Window, read_window
from opendata.oai.errors import (
    BadResumptionToken,
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoRecordsMatch,
)
from opendata.oai.harvest import Selection
from opendata.oai.lido import LIDO, LIDO_NAMESPACE, LIDO_SCHEMA, lido_records
from opendata.oai.markup import GRANULARITY, XSI_NAMESPACE, datestamp, element, text
from opendata.oai.records import OAI_DC, OAI_DC_NAMESPACE, OAI_DC_SCHEMA, Shared, oai_dc_records
from opendata.oai.repository import Repository
from opendata.oai.sets import all_sets, membership

OAI_IDENTIFIER_NAMESPACE = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str
    records: object  # records(pks, site_url) -> {pk: metadata element}


FORMATS = {
    OAI_DC: MetadataFormat(OAI_DC, OAI_DC_SCHEMA, OAI_DC_NAMESPACE, oai_dc_records),
    LIDO: MetadataFormat(LIDO, LIDO_SCHEMA, LIDO_NAMESPACE, lido_records),
}


def metadata_format(prefix):
    if prefix not in FORMATS:
        raise CannotDisseminateFormat(_("This repository does not give records in this format."))
    return FORMATS[prefix]


def identify(repository, arguments):
    parts = [
        "<Identify>",
        element("repositoryName", repository.name),
        element("baseURL", repository.base_url),
        "<protocolVersion>2.0</protocolVersion>",
        *(element("adminEmail", email) for email in repository.admin_emails),
        element("earliestDatestamp", datestamp(harvest.earliest_datestamp())),
        "<deletedRecord>persistent</deletedRecord>",
        element("granularity", GRANULARITY),
    ]
    if repository.has_domain_identifier:
        parts += [
            "<description>",
            f'<oai-identifier xmlns="{OAI_IDENTIFIER_NAMESPACE}" xmlns:xsi="{XSI_NAMESPACE}" '
            f'xsi:schemaLocation="{OAI_IDENTIFIER_NAMESPACE} {OAI_IDENTIFIER_SCHEMA}">',
            "<scheme>oai</scheme>",
            element("repositoryIdentifier", repository.identifier),
            "<delimiter>:</delimiter>",
            element("sampleIdentifier", repository.oai_identifier(1)),
            "</oai-identifier></description>",
        ]
    return "".join([*parts, "</Identify>"])


def list_metadata_formats(repository, arguments):
    if "identifier" in arguments:
        header_of(repository, arguments["identifier"])
    formats = "".join(
        "<metadataFormat>"
        + element("metadataPrefix", f.prefix)
        + element("schema", f.schema)
        + element("metadataNamespace", f.namespace)
        + "</metadataFormat>"
        for f in FORMATS.values()
    )
    return f"<ListMetadataFormats>{formats}</ListMetadataFormats>"


def list_sets(repository, arguments):
    if TOKEN in arguments:
        # Every set fits in one response: this repository never hands out a token here.
        raise BadResumptionToken(_("This resumption token was not issued here."))
    sets = "".join(
        f"<set>{element('setSpec', spec)}{element('setName', name)}</set>"
        for spec, name in all_sets()
    )
    return f"<ListSets>{sets}</ListSets>"


def get_record(repository, arguments):
    header = header_of(repository, arguments["identifier"])
    records = metadata_format(arguments["metadataPrefix"]).records
    harvest.add_sets([header])
    metadata = {} if header.is_deleted else records([header.pk], repository.site_url)
    return f"<GetRecord>{record_xml(repository, header, metadata)}</GetRecord>"


def list_identifiers(repository, arguments):
    return _listing(repository, arguments, "ListIdentifiers")


def list_records(repository, arguments):
    return _listing(repository, arguments, "ListRecords")


def header_of(repository, identifier):
    pk = repository.object_id(identifier)
    header = harvest.header(pk) if pk is not None else None
    if header is None:
        raise IdDoesNotExist(_("This repository has no record with this identifier."))
    return header


def header_xml(repository, header):
    status = ' status="deleted"' if header.is_deleted else ""
    sets = "".join(_set_spec(spec) for spec in header.sets)
    # The identifier's text is its prefix's and the id's (digits): text() escapes
    # character by character, and a harvest writes hundreds of thousands of headers.
    return (
        f"<header{status}><identifier>{_identifier_prefix(repository.identifier)}{header.pk}"
        f"</identifier><datestamp>{datestamp(header.datestamp)}</datestamp>{sets}</header>"
    )


@functools.lru_cache(maxsize=64)
def _identifier_prefix(identifier):
    return text(Repository.oai_identifier_prefix(identifier))


@functools.lru_cache(maxsize=1024)
def _set_spec(spec):
    return element("setSpec", spec)


def record_xml(repository, header, metadata):
    if header.is_deleted:
        return f"<record>{header_xml(repository, header)}</record>"
    return (
        f"<record>{header_xml(repository, header)}"
        f"<metadata>{metadata[header.pk]}</metadata></record>"
    )


def _listing(repository, arguments, verb):
    """ListIdentifiers and ListRecords: a page of the list, and the token of the next."""
    if TOKEN in arguments:
        resumption = tokens.read(arguments[TOKEN], verb)
        metadata_format(resumption.metadata_prefix)
        selection = Selection(
            Window(*(_moment(value) for value in (resumption.start, resumption.end))),
            membership(resumption.set_spec),
        )
        moment, pk = resumption.after
        position, cursor, size = (_moment(moment), pk), resumption.cursor, resumption.size
    else:
        window = read_window(arguments.get("from"), arguments.get("until"))
        selection = Selection(window, membership(arguments.get("set")))
        metadata_format(arguments["metadataPrefix"])
        position, cursor, size = None, 0, None
        resumption = tokens.Resumption(
            verb=verb,
            metadata_prefix=arguments["metadataPrefix"],
            set_spec=arguments.get("set"),
            start=window.start and window.start.isoformat(),
            end=window.end and window.end.isoformat(),
            after=(),
            cursor=0,
            size=0,
        )
    limit = settings.OAI_PAGE_SIZE
    if verb == "ListRecords" and resumption.metadata_prefix == OAI_DC:
        listing = dc_listing.listing(
            selection,
            position,
            limit,
            Shared(repository.site_url),
            _identifier_prefix(repository.identifier),
        )
        if not listing.count:
            raise NoRecordsMatch(_("No record matches these arguments."))
        # The records as UTF-8, as PostgreSQL sent them: markup.envelope() joins them.
        body, shown, more = listing.records, listing.count, listing.more
        moment, pk = listing.last
        last = (dc_listing.moment_of(moment), pk)
    else:
        headers = harvest.page(selection, position, limit + 1)
        more, headers = len(headers) > limit, headers[:limit]
        if not headers:
            raise NoRecordsMatch(_("No record matches these arguments."))
        harvest.add_sets(headers)
        body = _listed(repository, verb, resumption, headers)
        shown, last = len(headers), headers[-1].position
    if more or cursor:
        if size is None:
            size = harvest.count(selection)
        size = max(size, cursor + shown + more)
        token = _token_xml(resumption, last, cursor + shown, size, more, cursor)
    else:
        token = ""
    if isinstance(body, list):
        return [f"<{verb}>".encode(), *body, f"{token}</{verb}>".encode()]
    return f"<{verb}>{body}{token}</{verb}>"


def _listed(repository, verb, resumption, headers):
    """The page's headers (ListIdentifiers), or its records in a format other than
    oai_dc (ListRecords)."""
    if verb != "ListRecords":
        return "".join(header_xml(repository, header) for header in headers)
    records = metadata_format(resumption.metadata_prefix).records
    live = [header.pk for header in headers if not header.is_deleted]
    metadata = records(live, repository.site_url)
    # An object unpublished between the two queries is left for its deleted record,
    # which comes later in the list.
    shown = [h for h in headers if h.is_deleted or h.pk in metadata]
    return "".join(record_xml(repository, header, metadata) for header in shown)


def _token_xml(resumption, last, following_cursor, size, more, cursor):
    """The resumptionToken element after a page that began at the ``cursor``-th record
    of the list and ended at the position ``last``."""
    counts = f'completeListSize="{size}" cursor="{cursor}"'
    if not more:
        # The last page of a list sent in parts ends with an empty token.
        return f"<resumptionToken {counts}/>"
    moment, pk = last
    following = replace(
        resumption, after=(moment.isoformat(), pk), cursor=following_cursor, size=size
    )
    token, expires = tokens.issue(following)
    return (
        f'<resumptionToken expirationDate="{datestamp(expires)}" {counts}>'
        f"{text(token)}</resumptionToken>"
    )


def _moment(value):
    return datetime.datetime.fromisoformat(value) if value else None
