#!/usr/bin/env python3
"""Extracts operations from an OpenAPI 3.1 document into a 3.0.3 excerpt the request validator reads.

    python3 src/test/fixture-tools/openapi-excerpt.py SOURCE.json OUT.json "GET /v1/contacts" ...

The conversion is mechanical and keeps the meaning: `anyOf: [X, {type: null}]` becomes X with `nullable: true`,
`const: v` becomes `enum: [v]`, 3.1-only keywords (`examples` on schemas, `$schema`) are dropped. Used for Quo's
v1 document, which is OpenAPI 3.1 (the validator's 3.1 support reads string query parameters as JSON).
"""
import json
import sys


def convert(node):
    if isinstance(node, list):
        return [convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {k: v for k, v in node.items() if k not in ("examples", "$schema")}
    for key in ("anyOf", "oneOf"):
        options = node.get(key)
        if isinstance(options, list) and any(o == {"type": "null"} for o in options):
            rest = [o for o in options if o != {"type": "null"}]
            merged = {k: v for k, v in node.items() if k != key}
            if len(rest) == 1:
                merged.update(rest[0])
            else:
                merged[key] = rest
            merged["nullable"] = True
            # 3.0 validators read nullable only next to a type: a nullable choice makes each typed branch nullable
            for inner in ("anyOf", "oneOf"):
                if isinstance(merged.get(inner), list):
                    merged[inner] = [dict(o, nullable=True) if isinstance(o, dict) and "type" in o else o
                                     for o in merged[inner]]
            node = merged
    if "const" in node:
        node["enum"] = [node.pop("const")]
    return {k: convert(v) for k, v in node.items() if k not in ("examples", "$schema")}


def refs(node, found):
    """Names of the component schemas a node refers to."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.split("/")[-1])
        for value in node.values():
            refs(value, found)
    elif isinstance(node, list):
        for item in node:
            refs(item, found)
    return found


def main(source, out, *operations):
    spec = json.load(open(source))
    paths = {}
    for operation in operations:
        method, path = operation.split(" ", 1)
        paths.setdefault(path, {})[method.lower()] = spec["paths"][path][method.lower()]
    excerpt = {
        "openapi": "3.0.3",
        "info": {"title": spec["info"]["title"], "version": spec["info"]["version"],
                 "description": "Excerpt of " + source.split("/")[-1] + ": " + ", ".join(operations)
                 + ". Converted from OpenAPI 3.1 by src/test/fixture-tools/openapi-excerpt.py."},
        "servers": spec.get("servers", []),
        "security": spec.get("security", []),
        "paths": convert(paths),
        "components": {"securitySchemes": spec["components"]["securitySchemes"]},
    }
    # the component schemas the operations use, and the ones those use
    schemas = spec["components"].get("schemas", {})
    wanted, todo = set(), refs(paths, set())
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo |= refs(schemas[name], set())
    if wanted:
        excerpt["components"]["schemas"] = convert({name: schemas[name] for name in sorted(wanted)})
    json.dump(excerpt, open(out, "w"), indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:])
