"""The API's reference page, read from its OpenAPI 3 schema: the operations grouped by tag,
each with its parameters, the fields it takes and gives back, the token it needs and a curl
command. Plain functions over the schema as a dict, so the page can never describe an
operation the schema does not have, nor miss one it has."""

import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

METHODS = ("get", "post", "put", "patch", "delete")
# Formats that only say how big a number is stored.
SIZE_FORMATS = {"int32", "int64", "float", "double"}
MEANINGLESS_MAXIMUM = 2**31 - 1


@dataclass(frozen=True)
class Field:
    name: str  # dotted for the fields of an object written out in place: `gate.reason`
    type: str
    required: bool
    read_only: bool
    description: str
    schema: str = ""  # the anchor of the schema its value is (or holds a list of), if any


@dataclass(frozen=True)
class Schema:
    """An object the API answers with, described once and linked from each operation."""

    name: str
    anchor: str
    description: str
    fields: list[Field]


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # path, query or header
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    content_type: str
    type: str  # `Exercise`, `array of Decision`, `string`; empty without a body
    schema: str  # the anchor of the schema the body is (or holds a list of), if any


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Parameter]
    request_fields: list[Field]
    request_required: bool
    responses: list[Response]
    writes: bool
    curl: str


@dataclass(frozen=True)
class Tag:
    name: str
    anchor: str
    description: str
    operations: list[Operation] = field(default_factory=list)


@dataclass(frozen=True)
class Reference:
    tags: list[Tag]
    schemas: list[Schema]


def _component(schema: dict, document: dict) -> tuple[str, dict]:
    """A schema with its `$ref` (or a single `allOf` of one) followed, and the name of the
    component it came from ("" for an inline schema)."""
    if "allOf" in schema and len(schema["allOf"]) == 1:
        inner = schema["allOf"][0]
        name, resolved = _component(inner, document)
        extra = {key: value for key, value in schema.items() if key != "allOf"}
        return name, resolved | extra
    ref = schema.get("$ref")
    if not ref:
        return "", schema
    name = ref.rsplit("/", 1)[1]
    return name, document["components"]["schemas"][name]


def type_text(schema: dict, document: dict) -> str:
    """How a value's type reads on the page: `integer 0–10`, `string (date)`, `one of kg, lb`,
    `array of string`, with `or null` where null is allowed."""
    name, schema = _component(schema, document)
    kind = schema.get("type", "object")
    if "enum" in schema:
        text = "one of " + ", ".join(str(value) for value in schema["enum"] if value is not None)
    elif kind == "array":
        text = "array of " + type_text(schema.get("items", {}), document)
    elif kind == "object":
        text = name or "object"
    else:
        text = kind
        if schema.get("format") and schema["format"] not in SIZE_FORMATS:
            text += f" ({schema['format']})"
        # A column's storage limit (2**31 - 1 and up) says nothing to the reader; a rule does.
        if schema.get("maximum", MEANINGLESS_MAXIMUM) < MEANINGLESS_MAXIMUM:
            text += f" {schema.get('minimum', '')}–{schema['maximum']}"
        elif "minimum" in schema:
            text += f" ≥ {schema['minimum']}"
        if "maxLength" in schema:
            text += f", at most {schema['maxLength']} characters"
    return text + (" or null" if schema.get("nullable") else "")


def schema_anchor(schema: dict, document: dict) -> str:
    """The anchor of the object schema a value is, or holds a list of; "" for anything else
    (numbers, strings, enums, objects written in place)."""
    name, resolved = _component(schema, document)
    if resolved.get("type") == "array":
        return schema_anchor(resolved.get("items", {}), document)
    if name and resolved.get("properties"):
        return anchor("schema", name)
    return ""


def fields_of(schema: dict, document: dict, prefix: str = "") -> list[Field]:
    """The fields of an object schema. A field whose value is a schema of its own links to
    it; an object written in place has its fields listed after it, dotted."""
    _, schema = _component(schema, document)
    required = set(schema.get("required", []))
    found = []
    for name, spec in schema.get("properties", {}).items():
        component, resolved = _component(spec, document)
        full = f"{prefix}.{name}" if prefix else name
        found.append(
            Field(
                name=full,
                type=type_text(spec, document),
                required=name in required,
                read_only=bool(spec.get("readOnly") or resolved.get("readOnly")),
                description=_description(spec, resolved),
                schema=schema_anchor(spec, document),
            )
        )
        if not component and resolved.get("properties"):
            found += fields_of(resolved, document, full)
    return found


def _refs(value) -> set[str]:
    """The names of the components a piece of the schema refers to, directly."""
    if isinstance(value, dict):
        found = {value["$ref"].rsplit("/", 1)[1]} if "$ref" in value else set()
        for inner in value.values():
            found |= _refs(inner)
        return found
    if isinstance(value, list):
        return set().union(*map(_refs, value)) if value else set()
    return set()


def response_schemas(document: dict) -> list[Schema]:
    """Every object schema the API answers with, and those they hold, by name."""
    components = document["components"]["schemas"]
    waiting = set()
    for item in document["paths"].values():
        for method in METHODS:
            waiting |= _refs(item.get(method, {}).get("responses", {}))
    seen: set[str] = set()
    while waiting:
        name = waiting.pop()
        if name not in seen:
            seen.add(name)
            waiting |= _refs(components[name])
    return [
        Schema(
            name=name,
            anchor=anchor("schema", name),
            description=components[name].get("description", ""),
            fields=fields_of(components[name], document),
        )
        for name in sorted(seen)
        if components[name].get("properties")
    ]


def _description(spec: dict, resolved: dict) -> str:
    """A field's own words, else its component's; an enum's component only lists its
    choices again (in Markdown), which the field's type already names."""
    if spec.get("description"):
        return spec["description"]
    return "" if "enum" in resolved else resolved.get("description", "")


def anchor(*parts: str) -> str:
    """An id for the page's table of contents: `get-api-v1-sets-id`."""
    return re.sub(r"[^a-z0-9]+", "-", " ".join(parts).lower()).strip("-")


def example_body(schema: dict, examples: dict, document: dict) -> dict | None:
    """The request's first example from the schema, else its required fields with a value of
    their type."""
    for example in examples.values():
        if "value" in example:
            return example["value"]
    _, schema = _component(schema, document)
    typed = {"integer": 1, "number": 1, "boolean": False, "array": [], "string": "text"}
    return {
        name: typed.get(_component(spec, document)[1].get("type", ""), {})
        for name, spec in schema.get("properties", {}).items()
        if name in schema.get("required", [])
    }


def curl_command(method: str, path: str, body: dict | None, base_url: str) -> str:
    """A curl command for the operation: the token from `$TOKEN`, each path argument from a
    shell variable of its name (`{client_id}` → `$CLIENT_ID`)."""
    url = base_url.rstrip("/") + re.sub(r"\{(\w+)\}", lambda m: "$" + m[1].upper(), path)
    lines = ['curl -H "Authorization: Bearer $TOKEN"']
    if method != "get":
        lines.append(f"-X {method.upper()}")
    if body is not None:
        lines.append('-H "Content-Type: application/json"')
        lines.append("-d " + shlex.quote(json.dumps(body)))
    lines.append(f'"{url}"')
    return " \\\n  ".join(lines)


def _operation(
    method: str, path: str, spec: dict, document: dict, base_url: str, writes: bool
) -> Operation:
    description = spec.get("description", "").strip()
    summary = spec.get("summary", "")
    parameters = [
        Parameter(
            name=p["name"],
            where=p["in"],
            type=type_text(p.get("schema", {}), document),
            required=bool(p.get("required")),
            description=p.get("description", ""),
        )
        for p in spec.get("parameters", [])
    ]
    request_fields, body = [], None
    request = spec.get("requestBody")
    if request:
        content_type, media = next(iter(request["content"].items()))
        request_fields = fields_of(media.get("schema", {}), document)
        if content_type == "application/json":
            body = example_body(media.get("schema", {}), media.get("examples", {}), document)
    responses = []
    for status, answer in spec.get("responses", {}).items():
        content_type, media = next(iter(answer.get("content", {}).items()), ("", {}))
        schema = media.get("schema")
        responses.append(
            Response(
                status=status,
                description=answer.get("description", ""),
                content_type=content_type,
                type=type_text(schema, document) if schema else "",
                schema=schema_anchor(schema, document) if schema else "",
            )
        )
    return Operation(
        method=method.upper(),
        path=path,
        anchor=anchor(method, path),
        summary=summary,
        description=description,
        parameters=parameters,
        request_fields=request_fields,
        request_required=bool(request and request.get("required")),
        responses=responses,
        writes=writes,
        curl=curl_command(method, path, body, base_url),
    )


def reference(document: dict, *, base_url: str, writes: Callable[[str], bool]) -> Reference:
    """The schema's operations grouped by tag, tags in the schema's order (then by name),
    operations in the order of their paths, and the schemas they answer with. `writes(method)`
    says whether an operation needs a token that may write."""
    described = {tag["name"]: tag.get("description", "") for tag in document.get("tags", [])}
    tags: dict[str, Tag] = {}
    for path, item in document["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            spec = item[method]
            name = (spec.get("tags") or ["api"])[0]
            description = described.get(name, "")
            tag = tags.setdefault(
                name, Tag(name=name, anchor=anchor("tag", name), description=description)
            )
            tag.operations.append(
                _operation(method, path, spec, document, base_url, writes(method))
            )
    order = list(described)
    ordered = sorted(
        tags.values(),
        key=lambda tag: (order.index(tag.name) if tag.name in order else len(order), tag.name),
    )
    return Reference(tags=ordered, schemas=response_schemas(document))
