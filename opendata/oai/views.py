"""The OAI-PMH endpoint, ``/oai/``: the arguments from the query string (GET) or from a
form-encoded body (POST), as the protocol allows both; every answer is XML with HTTP 200,
errors included.

Answers hold both languages and depend on nothing but the address, so anonymous GETs
are kept by the page cache (core.cache) like any page, and made stale by the same
changes; but for the pages asked for by a resumption token, which nobody asks for
twice. The view names no dependency keys (any change renews its answers) and declares
no ``query_parameters``: an argument the protocol does not know must reach it, to be
answered with badArgument, not dropped.
"""

from django.http import HttpResponse, QueryDict
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from opendata.oai import verbs
from opendata.oai.arguments import TOKEN, read_arguments
from opendata.oai.arguments import echoed as echoed_arguments
from opendata.oai.errors import OAIError
from opendata.oai.markup import envelope
from opendata.oai.repository import Repository

VERBS = {
    "Identify": verbs.identify,
    "ListMetadataFormats": verbs.list_metadata_formats,
    "ListSets": verbs.list_sets,
    "GetRecord": verbs.get_record,
    "ListIdentifiers": verbs.list_identifiers,
    "ListRecords": verbs.list_records,
}
FORM = "application/x-www-form-urlencoded"


@csrf_exempt  # harvesters POST without a session, and the endpoint changes nothing
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    repository = Repository.for_request(request)
    query = request.GET
    if request.method == "POST":
        # The protocol's POST is a form-encoded body; anything else holds no arguments.
        query = request.POST if request.content_type == FORM else QueryDict()
    echoed = {}
    try:
        verb, arguments = read_arguments(query)
        echoed = echoed_arguments(verb, arguments)
        body = VERBS[verb](repository, arguments)
    except OAIError as error:
        echoed = echoed if error.echoes_request else {}
        body = error.xml()
    response = HttpResponse(
        envelope(repository.base_url, echoed, body), content_type="text/xml; charset=utf-8"
    )
    if TOKEN in query:
        # A page asked for by its token is asked for once: the token names the moment it
        # was issued. Kept by the page cache, a harvest would write every page of the
        # collection there (compressed, hundreds of kilobytes each) for nobody, and push
        # out the pages visitors ask for again.
        response["Cache-Control"] = "no-store"
    return response
