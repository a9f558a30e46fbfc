#!/usr/bin/env python3
"""Turn a catalog from make_catalog.py into a modelsite site root (the modelsite side of the benchmark).

    python3 to_modelsite.py /tmp/catalog.json /tmp/ms-site [--force] [--repo /work/main]
    modelsite build --no-check --root /tmp/ms-site --out /tmp/ms-out

Site layout written under OUTDIR (see the "Content" section of the repository README):
  site.json                                 locales en, ar, ko, zh (the same four as the Hugo site), default en
  locales/{en,ar,ko,zh}.json                copied from the repository
  templates/                                copied from the repository
  content/endpoints/*.json                  copied from the repository
  content/providers/<provider>.json         { id, name, website }
  content/models/<provider>/<id>.json       the model's structured fields
  content/models/<provider>/<id>.md         the English GFM description (no translations: modelsite
                                            falls back to English and warns, as Hugo shows the
                                            English text on every language's page)

Mapping from the neutral catalog:
  id                 "<provider>/<slug>" -> "<provider>-<slug>" (modelsite ids are global, match
                     ^[a-z0-9][a-z0-9._-]*$ and are file names, so the '/' cannot stay; the provider
                     prefix keeps equal slugs of different providers apart).  Other characters outside
                     [a-z0-9._-] become '-'; a leftover collision gets "-2", "-3", ... in catalog order.
  release_date       released
  modalities         kept if in text|image|audio|video|pdf (the catalog's "file" is dropped)
  endpoints          "/v1/chat/completions" -> "chat.completions" etc.; unknown ones (/v1/messages) dropped
  features           "function_calling" -> "function-calling" etc.; unknown ones (logprobs) dropped
  prices             input_tokens / output_tokens per 1,000,000 as exact decimal strings (the JSON
                     numbers are parsed with decimal.Decimal, never as floats); official_prices become
                     list_price, omitted when the price is above the official price
  status             "active" (the catalog has no status)

Python 3 standard library only.  Same catalog => byte-identical site.
"""

import argparse
import decimal
import json
import os
import re
import shutil
import sys

LOCALES = ["en", "ar", "ko", "zh"]
DEFAULT_LOCALE = "en"
SNIPPETS = ["curl", "python-openai", "python-requests", "js-fetch", "js-openai"]

# modelsite's vocabularies (src/catalog/catalog.cc).
MODALITIES = ["text", "image", "audio", "video", "pdf"]
ENDPOINTS = ["chat.completions", "responses", "completions", "embeddings", "images.generations",
             "audio.speech", "audio.transcriptions", "moderations"]
CAPABILITIES = ["function-calling", "parallel-function-calling", "json-mode", "structured-outputs",
                "streaming", "vision", "reasoning", "prompt-caching", "reproducible-outputs",
                "fine-tuning", "batch", "web-search"]

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
PER = {"per_million_tokens": 1000000, "per_thousand_tokens": 1000, "per_token": 1}


def sanitize_id(text):
    """Deterministic modelsite id: lower-case, anything outside [a-z0-9._-] -> '-', no leading junk."""
    s = re.sub(r"[^a-z0-9._-]+", "-", text.lower())
    s = re.sub(r"^[^a-z0-9]+", "", s)
    return s or "x"


def unique(base, used):
    if base not in used:
        used.add(base)
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    used.add(f"{base}-{n}")
    return f"{base}-{n}"


def dec(value):
    """Exact decimal string of a JSON number (already parsed as Decimal/int) without exponent."""
    if isinstance(value, (float, bool)):
        raise TypeError(f"price must be parsed exactly, got {type(value).__name__} {value!r}")
    d = decimal.Decimal(value)          # Decimal, int or str: exact
    if not d.is_finite():
        raise ValueError(f"not a finite price: {value!r}")
    d = d.normalize()
    text = format(d, "f")
    return "0" if text in ("-0", "0") else text


def keep(values, vocabulary, mapping=lambda v: v):
    out = []
    for v in values or []:
        m = mapping(v)
        if m in vocabulary and m not in out:
            out.append(m)
    return out


def endpoint_name(path):
    p = path.strip("/")
    if p.startswith("v1/"):
        p = p[3:]
    return p.replace("/", ".")


def pricing(model, currency, per):
    prices = model.get("prices") or {}
    official = model.get("official_prices") or {}
    items = []
    for kind in ("input", "output"):
        if prices.get(kind) is None:
            continue
        item = {"meter": f"{kind}_tokens", "per": per, "price": dec(prices[kind])}
        if official.get(kind) is not None:
            lp = dec(official[kind])
            if decimal.Decimal(item["price"]) <= decimal.Decimal(lp):
                item["list_price"] = lp
        items.append(item)
    return {"currency": currency, "items": items} if items else None


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def copy_tree(src, dst):
    """Copy a folder with sorted traversal (content only, no metadata)."""
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        rel = os.path.relpath(dirpath, src)
        os.makedirs(os.path.join(dst, rel), exist_ok=True)
        for name in sorted(filenames):
            shutil.copyfile(os.path.join(dirpath, name), os.path.join(dst, rel, name))


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Convert a make_catalog.py catalog into a modelsite site root.")
    ap.add_argument("catalog", help="catalog JSON from make_catalog.py")
    ap.add_argument("outdir", help="site root to create")
    ap.add_argument("--repo", default=os.path.dirname(here),
                    help="modelsite repository to copy templates/, locales/ and content/endpoints/ from "
                         "(default: the parent of this script's folder)")
    ap.add_argument("--force", action="store_true", help="delete OUTDIR first if it exists")
    args = ap.parse_args(argv)

    if os.path.exists(args.outdir) and os.listdir(args.outdir):
        if not args.force:
            ap.error(f"{args.outdir} exists and is not empty (use --force)")
        shutil.rmtree(args.outdir)

    with open(args.catalog, encoding="utf-8") as f:
        catalog = json.load(f, parse_float=decimal.Decimal)   # exact prices, never floats

    currency = catalog.get("currency", "USD")
    per = PER.get(catalog.get("price_unit", "per_million_tokens"))
    if per is None:
        sys.exit(f"to_modelsite: unknown price_unit {catalog.get('price_unit')!r}")

    write(os.path.join(args.outdir, "site.json"), dump({
        "title": "Model Catalog",
        "description": "Browse the catalog of AI models, prices and code examples.",
        "base_url": "https://catalog.example.com/",
        "default_locale": DEFAULT_LOCALE,
        "locales": LOCALES,
        "api": {"base_url": "https://api.example.com/v1", "key_env": "API_KEY"},
        "snippets": SNIPPETS,
    }))
    copy_tree(os.path.join(args.repo, "templates"), os.path.join(args.outdir, "templates"))
    copy_tree(os.path.join(args.repo, "content", "endpoints"), os.path.join(args.outdir, "content", "endpoints"))
    for loc in LOCALES:
        src = os.path.join(args.repo, "locales", f"{loc}.json")
        os.makedirs(os.path.join(args.outdir, "locales"), exist_ok=True)
        shutil.copyfile(src, os.path.join(args.outdir, "locales", f"{loc}.json"))

    provider_ids, used_providers = {}, set()
    for p in catalog["providers"]:
        pid = unique(sanitize_id(p["id"]), used_providers)
        provider_ids[p["id"]] = pid
        obj = {"id": pid, "name": p["name"]}
        if p.get("website"):
            obj["website"] = p["website"]
        write(os.path.join(args.outdir, "content", "providers", f"{pid}.json"), dump(obj))

    used_models = set()
    dropped = {"modalities": set(), "endpoints": set(), "features": set()}
    for m in catalog["models"]:
        pid = provider_ids[m["provider"]]
        mid = unique(sanitize_id(m["id"]), used_models)
        assert ID_RE.match(mid) and ID_RE.match(pid)
        mod_in = (m.get("modalities") or {}).get("input") or []
        mod_out = (m.get("modalities") or {}).get("output") or []
        eps = keep(m.get("endpoints"), ENDPOINTS, endpoint_name)
        caps = keep(m.get("features"), CAPABILITIES, lambda f: f.replace("_", "-"))
        dropped["modalities"].update(x for x in mod_in + mod_out if x not in MODALITIES)
        dropped["endpoints"].update(x for x in m.get("endpoints") or [] if endpoint_name(x) not in ENDPOINTS)
        dropped["features"].update(x for x in m.get("features") or [] if x.replace("_", "-") not in CAPABILITIES)
        if not eps:                      # modelsite requires one; every generated model has chat
            eps = ["chat.completions"]

        obj = {"id": mid, "name": m["name"], "provider": pid, "status": "active"}
        if m.get("release_date"):
            obj["released"] = m["release_date"]
        for key in ("context_window", "max_output_tokens"):
            if isinstance(m.get(key), int) and m[key] >= 1:
                obj[key] = m[key]
        modalities = {}
        if keep(mod_in, MODALITIES):
            modalities["input"] = keep(mod_in, MODALITIES)
        if keep(mod_out, MODALITIES):
            modalities["output"] = keep(mod_out, MODALITIES)
        if modalities:
            obj["modalities"] = modalities
        obj["endpoints"] = eps
        if caps:
            obj["capabilities"] = caps
        pr = pricing(m, currency, per)
        if pr:
            obj["pricing"] = pr

        base = os.path.join(args.outdir, "content", "models", pid, mid)
        write(base + ".json", dump(obj))
        write(base + ".md", m.get("description") or "")

    print(f"wrote modelsite site to {args.outdir}: {len(catalog['models'])} models, "
          f"{len(catalog['providers'])} providers, locales {','.join(LOCALES)}"
          + "".join(f"; dropped {k}: {','.join(sorted(v))}" for k, v in dropped.items() if v),
          file=sys.stderr)


if __name__ == "__main__":
    main()
