"""The protocol's error conditions (OAI-PMH 2.0, section 3.6). Each is answered with HTTP
200 and an ``<error>`` element, whose message is in Vietnamese and English."""

from opendata.oai.markup import attribute, in_both_languages, text


class OAIError(Exception):
    code = ""
    # After badVerb and badArgument the request element names no arguments: the
    # protocol wants only requests it understood echoed.
    echoes_request = True

    def __init__(self, message, *params):
        super().__init__(message, *params)
        self.message, self.params = message, params

    def __str__(self):
        return in_both_languages(self.message, *self.params)

    def xml(self):
        return f'<error code="{attribute(self.code)}">{text(str(self))}</error>'


class BadVerb(OAIError):
    code = "badVerb"
    echoes_request = False


class BadArgument(OAIError):
    code = "badArgument"
    echoes_request = False


class BadResumptionToken(OAIError):
    code = "badResumptionToken"


class CannotDisseminateFormat(OAIError):
    code = "cannotDisseminateFormat"


class IdDoesNotExist(OAIError):
    code = "idDoesNotExist"


class NoRecordsMatch(OAIError):
    code = "noRecordsMatch"
