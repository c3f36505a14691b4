"""Every spec against the models of Tencent's official Python SDKs.

For each spec/<service>/<version>.json: its actions, request, response and shape objects,
their members and the members' types are compared with the classes of
tencentcloud-sdk-python (generated from the Chinese edition of the description, the one
the service implements) and tencentcloud-sdk-python-intl-en (the English edition). The
SDKs' models carry no required flags, so those are compared with the two editions of the
official CLI's description (tccli, tccli-intl-en): a member the spec requires must be
required by every edition that describes its object.

What the merge rule of spec/README.md ("Where the editions disagree") explains is counted
as such: what only the English edition (and so only the international SDK) has, and the
disagreements spec/IMPORT.md lists. Anything else is a mismatch; the script prints a summary
table, the first mismatches of each kind, and exits 1 if there is any.

Usage: check.py SPEC_DIR REQUIREMENTS DOWNLOAD_DIR
Reads the wheels REQUIREMENTS pins from DOWNLOAD_DIR, without installing them.
"""

import collections
import glob
import json
import os
import re
import sys
import zipfile

# The spec's service name → the SDK's and tccli's package directory.
PACKAGE_DIR = {"as": "autoscaling"}

CLASS = re.compile(r"^class (\w+)\(AbstractModel\):\n", re.M)
TYPE = re.compile(r"^ *:type (\w+): (.+?) *$", re.M)
FIELD = re.compile(r"^        self\._(\w+) = None$", re.M)
METHOD = re.compile(r"^    def (\w+)\(self, request", re.M)
CLASS_REF = re.compile(r":class:`[\w.]*\.(\w+)`")

SCALAR = {
    "string": "str",
    "datetime": "str",
    "binary": "binary",
    "int64": "int",
    "uint64": "int",
    "float": "float",
    "bool": "bool",
}


def python_type(spec_type):
    """The docstring type the SDK gives a member of this spec type."""
    if spec_type == "list<uint64>":
        # The one place the SDK's docstrings tell uint64 from int64.
        return "list of int non-negative"
    if spec_type.startswith("list<"):
        return "list of " + python_type(spec_type[5:-1])
    return SCALAR.get(spec_type, spec_type)


class Sdk:
    """One SDK wheel: per service version, its actions and its models' members."""

    def __init__(self, wheel):
        self.zip = zipfile.ZipFile(wheel)
        self.names = set(self.zip.namelist())
        self.version = re.search(r"-(\d[\w.]*?)-py", os.path.basename(wheel)).group(1)

    def service(self, service, version):
        package = PACKAGE_DIR.get(service, service)
        base = f"tencentcloud/{package}/v{version.replace('-', '')}/"
        if base + "models.py" not in self.names:
            return None
        models = self.zip.read(base + "models.py").decode("utf-8")
        client = self.zip.read(f"{base}{package}_client.py").decode("utf-8")
        classes = {}
        starts = list(CLASS.finditer(models))
        for i, start in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(models)
            body = models[start.end() : end]
            init = body.split("\n    @property", 1)[0]
            types = {
                name: CLASS_REF.sub(r"\1", ty).replace("list of :class:", "list of ")
                for name, ty in TYPE.findall(init)
            }
            classes[start.group(1)] = {name: types.get(name) for name in FIELD.findall(init)}
        return set(METHOD.findall(client)), classes


class Tccli:
    """One tccli wheel's descriptions."""

    def __init__(self, wheel):
        self.zip = zipfile.ZipFile(wheel)
        self.names = set(self.zip.namelist())

    def objects(self, service, version):
        package = PACKAGE_DIR.get(service, service)
        name = f"tccli/services/{package}/v{version.replace('-', '')}/api.json"
        if name not in self.names:
            return None
        return json.loads(self.zip.read(name))["objects"]


def disagreements(import_md):
    """spec/IMPORT.md's "Where the editions disagree": (service, version) → {path: kind}."""
    settled = collections.defaultdict(dict)
    at = None
    with open(import_md, encoding="utf-8") as f:
        for line in f:
            heading = re.match(r"^### (\S+) (\S+)$", line)
            if heading:
                at = heading.groups()
                continue
            row = re.match(r"^\| `([\w.]+)` \| ([\w ]+) \|", line)
            if at and row:
                settled[at][row.group(1)] = row.group(2)
            if line.startswith("## Warnings"):
                break
    return settled


def spec_objects(spec):
    """(SDK class name, spec path prefix, members) for every object of a spec."""
    for name, action in spec["actions"].items():
        yield f"{name}Request", f"{name}.input.", action.get("input", [])
        yield f"{name}Response", f"{name}.output.", action.get("output", [])
    for name, shape in spec.get("shapes", {}).items():
        yield name, f"{name}.", shape.get("members", [])


class Tally:
    def __init__(self):
        self.rows = collections.OrderedDict()
        self.problems = collections.defaultdict(list)

    def count(self, what, column, n=1):
        self.rows.setdefault(what, collections.Counter())[column] += n

    def problem(self, what, text):
        self.count(what, "unexplained")
        self.problems[what].append(text)


def pinned(requirements):
    """Package name → pinned version, from `name==version` lines."""
    pins = {}
    with open(requirements, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                name, version = line.split("==")
                pins[name.strip()] = version.strip()
    return pins


def check(spec_dir, requirements, download):
    pins = pinned(requirements)

    def wheel(package):
        pattern = f"{package.replace('-', '_')}-{pins[package]}-*.whl"
        found = glob.glob(os.path.join(download, pattern))
        if len(found) != 1:
            sys.exit(f"expected one {pattern} in {download}, found {len(found)}")
        return found[0]

    zh_sdk = Sdk(wheel("tencentcloud-sdk-python"))
    en_sdk = Sdk(wheel("tencentcloud-sdk-python-intl-en"))
    editions = [("zh", Tccli(wheel("tccli"))), ("en", Tccli(wheel("tccli-intl-en")))]
    settled_all = disagreements(os.path.join(spec_dir, "IMPORT.md"))
    t = Tally()
    versions = 0
    for path in sorted(glob.glob(os.path.join(spec_dir, "*", "*.json"))):
        if path.endswith(".overlay.json"):
            continue
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
        service, version = spec["service"]["name"], spec["service"]["version"]
        at = f"{service} {version}"
        versions += 1
        settled = settled_all.get((service, version), {})
        zh = zh_sdk.service(service, version)
        en = en_sdk.service(service, version) or (set(), {})
        if zh is None:
            t.problem("service versions", f"{at}: not in tencentcloud-sdk-python")
            continue
        t.count("service versions", "match")
        zh_actions, zh_classes = zh
        en_actions, en_classes = en
        for action in spec["actions"]:
            if action in zh_actions:
                t.count("actions", "match")
            elif action in en_actions:
                t.count("actions", "English only")
            else:
                t.problem("actions", f"{at}: {action} is in neither SDK")
        for action in sorted(zh_actions - set(spec["actions"])):
            t.problem("actions", f"{at}: {action} (tencentcloud-sdk-python) is not in the spec")

        descriptions = [(lang, tccli.objects(service, version) or {}) for lang, tccli in editions]
        seen = set()
        for cls, prefix, members in spec_objects(spec):
            seen.add(cls)
            if cls in zh_classes:
                sdk_members, english_object = zh_classes[cls], False
                t.count("objects", "match")
            elif cls in en_classes:
                sdk_members, english_object = en_classes[cls], True
                t.count("objects", "English only")
            else:
                t.problem("objects", f"{at}: {cls} is in neither SDK")
                continue
            names = {m["name"] for m in members}
            for m in members:
                member = f"{at}: {prefix}{m['name']}"
                kind = settled.get(prefix + m["name"])
                if m["name"] in sdk_members:
                    column = "English only" if english_object else "match"
                    t.count("members", column)
                    sdk_type = sdk_members[m["name"]]
                    # The international SDK has the English edition's type; where it
                    # differs, IMPORT.md must say the rule took the Chinese one.
                    en_type = en_classes.get(cls, {}).get(m["name"])
                    if sdk_type != python_type(m["type"]):
                        t.problem("types", f"{member}: spec {m['type']}, SDK {sdk_type}")
                    elif english_object or not en_type or en_type == sdk_type:
                        t.count("types", column)
                    elif kind == "type":
                        t.count("types", "settled")
                    else:
                        t.problem(
                            "types",
                            f"{member}: tencentcloud-sdk-python-intl-en has {en_type}, "
                            "and IMPORT.md lists no type disagreement",
                        )
                elif m["name"] in en_classes.get(cls, {}) and kind == "English only":
                    t.count("members", "settled")
                    en_type = en_classes[cls][m["name"]]
                    if en_type == python_type(m["type"]):
                        t.count("types", "settled")
                    else:
                        t.problem("types", f"{member}: spec {m['type']}, intl SDK {en_type}")
                elif m["name"] in en_classes.get(cls, {}):
                    t.problem(
                        "members",
                        f"{member}: only tencentcloud-sdk-python-intl-en's {cls} has it, and "
                        "IMPORT.md does not list it as English only",
                    )
                else:
                    t.problem("members", f"{member} is in neither SDK's {cls}")
                said = []
                for lang, objects in descriptions:
                    obj = objects.get(cls)
                    if obj is None:
                        continue
                    published = [p for p in obj["members"] if p["name"] == m["name"]]
                    if published:
                        said.append((lang, "required" if published[0].get("required") else "optional"))
                    elif lang == "zh":
                        said.append((lang, "absent"))
                if not m.get("required"):
                    # Optional where an edition requires it: IMPORT.md lists it. (In a
                    # response, the English edition writes "always returned" as required.)
                    if kind in ("required", "English only") and any(w == "required" for _, w in said):
                        t.count("required flags", "settled")
                else:
                    # Every edition that describes the member must require it, and the
                    # Chinese one must describe it wherever it describes the object.
                    if said and all(word == "required" for _, word in said):
                        t.count("required flags", "match")
                    else:
                        t.problem(
                            "required flags",
                            f"{member}: the spec requires it; "
                            + ", ".join(f"{lang} {word}" for lang, word in said),
                        )
            for name in sdk_members:
                if name not in names:
                    t.problem("members", f"{at}: {cls}.{name} (SDK) is not in the spec")
        for cls in sorted(set(zh_classes) - seen):
            t.problem("objects", f"{at}: {cls} (tencentcloud-sdk-python) is not in the spec")

    print(
        f"{versions} spec versions against tencentcloud-sdk-python {zh_sdk.version} "
        f"(Chinese edition) and tencentcloud-sdk-python-intl-en {en_sdk.version} "
        "(English edition); required flags against tccli and tccli-intl-en\n"
    )
    columns = ["match", "English only", "settled", "unexplained"]
    print("| What | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for what, counts in t.rows.items():
        print(f"| {what} | " + " | ".join(str(counts[c]) for c in columns) + " |")
    print(
        "\nmatch: as the Chinese SDK has it (required flags: the spec requires it and so does "
        "every edition that describes it). English only: in an action or object that only "
        "the English edition and the international SDK have. settled: the editions disagree, "
        "the spec follows the merge rule and spec/IMPORT.md lists it (members and their "
        "types: only the international SDK has the member; types: it has the English "
        "edition's type, which the rule did not take; required flags: an edition requires "
        "what the spec leaves optional)."
    )
    failed = False
    for what, problems in t.problems.items():
        failed = True
        print(f"\n{what}: {len(problems)} unexplained")
        for p in problems[:20]:
            print(f"  {p}")
        if len(problems) > 20:
            print(f"  … and {len(problems) - 20} more")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(check(*sys.argv[1:]))
