"""Offline JSON-LD document loader for pasture and bovine.

bovine installs a pyld document loader at import time that downloads every context
it does not ship (it only ships ActivityStreams and its own "about:bovine") and
caches it in ./bovine_jsonld_cache.sqlite. The interop suite must not touch the
network beyond Tessera and pasture's own server, so install() replaces that loader
with one that serves the contexts below and answers every other URL with an empty
context, which is what bovine itself falls back to when a download fails.

Bundled contexts (contexts/*.json), byte-for-byte copies of the files in
@fedify/vocab-runtime 2.3.6, src/contexts/ (MIT; installed under
tests/interop/node_modules by tests/interop/package.json), which in turn copy the
documents served at these URLs:
  security-v1.json           https://w3id.org/security/v1
                             W3C Credentials Community Group Security Vocabulary,
                             W3C Software and Document License
  did-v1.json                https://www.w3.org/ns/did/v1
                             W3C DID Core, W3C Software and Document License
  security-multikey-v1.json  https://w3id.org/security/multikey/v1
                             Digital Bazaar multikey-context, BSD-3-Clause
ActivityStreams, about:bovine and LitePub come from the installed bovine package.
"""

from __future__ import annotations

import copy
import json
import os

AS_CONTEXT_URL = "https://www.w3.org/ns/activitystreams"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"

CONTEXTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "contexts")

BUNDLED_FILES = {
    "https://w3id.org/security/v1": "security-v1.json",
    "https://www.w3.org/ns/did/v1": "did-v1.json",
    "https://w3id.org/security/multikey/v1": "security-multikey-v1.json",
}

# What the loader answered, for the report: {"served": {url: n}, "unknown": {url: n}}.
STATS: dict[str, dict[str, int]] = {"served": {}, "unknown": {}}


def _load_bundled() -> dict[str, object]:
    """URL -> the value of "@context" for every context the loader knows."""
    # Imported here: importing bovine.jsonld creates its sqlite cache in the current
    # directory, and the driver changes into --workdir first.
    import bovine.jsonld as bovine_jsonld

    contexts: dict[str, object] = {}
    for url, name in BUNDLED_FILES.items():
        with open(os.path.join(CONTEXTS_DIR, name), encoding="utf-8") as fp:
            contexts[url] = json.load(fp)["@context"]
    contexts[AS_CONTEXT_URL] = bovine_jsonld.activitystreams_context
    contexts[bovine_jsonld.bovine_context_name] = bovine_jsonld.bovine_context
    return contexts


def install() -> dict[str, dict[str, int]]:
    """Replaces pyld's (and so bovine's) document loader; returns the live STATS."""
    from pyld import jsonld
    import bovine.jsonld as bovine_jsonld

    bundled = _load_bundled()

    def lookup(url: str):
        key = url.rstrip("/")
        for candidate in (url, key, key.removesuffix(".jsonld")):
            if candidate in bundled:
                return candidate, bundled[candidate]
        if key.endswith("litepub-0.1.jsonld"):
            # bovine's own fallback for Pleroma's context.
            return url, bovine_jsonld.litepub_context
        return None, None

    def loader(url, options=None, **kwargs):
        name, context = lookup(url)
        if name is None:
            # Unknown (http://joinmastodon.org/ns, a broken URL in an input, ...):
            # an empty context, never a download.
            STATS["unknown"][url] = STATS["unknown"].get(url, 0) + 1
            context = {}
        else:
            STATS["served"][name] = STATS["served"].get(name, 0) + 1
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            # pyld may cache and mutate what it is given.
            "document": {"@context": copy.deepcopy(context)},
        }

    jsonld.set_document_loader(loader)
    return STATS
