#!/usr/bin/env python3
"""Checks deploy/ without Docker or a cluster: python3 deploy/check.py (needs PyYAML:
apt-get install python3-yaml). Uses kubectl and caddy when they are installed.

- every YAML file parses; the Dockerfile's stages, targets and COPY sources exist;
- Kubernetes: selectors match pod labels, named ports exist, referenced ConfigMaps/Secrets/Services
  exist, every pod and container carries the restricted security settings and memory limits;
- compose: depends_on, volumes and build targets exist, every ${VAR} is in .env.example;
- every setting a config file reads is a row of the README's settings tables.
Prints one line per failure and ends with 'N passed, N failed'.
"""
import glob
import os
import re
import shutil
import subprocess
import sys

try:
    import yaml
except ImportError:
    sys.exit("PyYAML is missing: apt-get install python3-yaml (or pip install pyyaml)")

DEPLOY = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(DEPLOY)
passed, failed = 0, 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


# ---- YAML ----------------------------------------------------------------------------------------
docs = {}
for path in sorted(glob.glob(os.path.join(DEPLOY, "**", "*.yaml"), recursive=True)):
    rel = os.path.relpath(path, ROOT)
    try:
        docs[rel] = [d for d in yaml.safe_load_all(read(rel)) if d is not None]
        check(True, rel)
    except yaml.YAMLError as e:
        check(False, f"{rel}: {e}")

# ---- Dockerfile ----------------------------------------------------------------------------------
dockerfile = re.sub(r"\\\n\s*", " ", read("deploy/docker/Dockerfile"))
stages = re.findall(r"^FROM \S+ AS (\S+)", dockerfile, re.M)
for frm in re.findall(r"^FROM (\S+) AS", dockerfile, re.M):
    check(frm.startswith("${") or ":" in frm or frm in stages, f"Dockerfile: FROM {frm} is neither an image nor a stage")
for src, _dst in re.findall(r"^COPY (?!--from)(\S+) (\S+)", dockerfile, re.M):
    if src != ".":
        check(os.path.exists(os.path.join(ROOT, src)), f"Dockerfile: COPY source {src} is not in the repository")
        if src.startswith("deploy/"):  # deploy/ is ignored as a whole, but for what is re-included
            check(f"!{src}" in read("deploy/docker/Dockerfile.dockerignore"), f"Dockerfile.dockerignore: {src} is not re-included")
for stage in re.findall(r"--from=(\S+)", dockerfile):
    check(stage in stages, f"Dockerfile: --from={stage} names no stage")
for pkg in re.findall(r"--filter=(@yui/[a-z-]+)", dockerfile):
    names = [yaml.safe_load(read(p)).get("name") for p in glob.glob("*/package.json", root_dir=ROOT) + glob.glob("*/*/package.json", root_dir=ROOT)]
    check(pkg in names, f"Dockerfile: no workspace package {pkg}")
for path in re.findall(r"cp -r ((?:apps|db)/[a-z/]+) ", dockerfile):
    # Build output does not exist before a build; its parent package must.
    check(os.path.exists(os.path.join(ROOT, os.path.dirname(path))), f"Dockerfile: cp source {path} has no package")

# ---- Kubernetes ----------------------------------------------------------------------------------
k8s = [(rel, d) for rel, ds in docs.items() if rel.startswith("deploy/k8s/") for d in ds if "metadata" in d and "kind" in d]
objects = {(d["kind"], d["metadata"]["name"]): d for _, d in k8s}
pods = {}  # name -> (pod template spec, labels)
for rel, d in k8s:
    kind, name = d["kind"], d["metadata"]["name"]
    if kind in ("Deployment", "StatefulSet", "Job"):
        tpl = d["spec"]["template"]
        labels = tpl["metadata"]["labels"]
        pods[name] = (tpl["spec"], labels)
        if kind != "Job":
            sel = d["spec"]["selector"]["matchLabels"]
            check(all(labels.get(k) == v for k, v in sel.items()), f"{rel}: {name} selector does not match its pod labels")
        spec = tpl["spec"]
        psc = spec.get("securityContext", {})
        check(psc.get("runAsNonRoot") is True and isinstance(psc.get("runAsUser"), int), f"{rel}: {name} pod must run as a numeric non-root user")
        check(psc.get("seccompProfile", {}).get("type") == "RuntimeDefault", f"{rel}: {name} needs seccompProfile RuntimeDefault")
        check(spec.get("automountServiceAccountToken") is False, f"{rel}: {name} should not mount a service account token")
        for c in spec["containers"]:
            csc = c.get("securityContext", {})
            check(csc.get("allowPrivilegeEscalation") is False, f"{rel}: {name}/{c['name']} allowPrivilegeEscalation")
            check(csc.get("readOnlyRootFilesystem") is True, f"{rel}: {name}/{c['name']} readOnlyRootFilesystem")
            check(csc.get("capabilities", {}).get("drop") == ["ALL"], f"{rel}: {name}/{c['name']} must drop ALL capabilities")
            check("memory" in c.get("resources", {}).get("limits", {}), f"{rel}: {name}/{c['name']} needs a memory limit")
            ports = {p.get("name") for p in c.get("ports", [])}
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                port = c.get(probe, {}).get("httpGet", {}).get("port")
                if isinstance(port, str):
                    check(port in ports, f"{rel}: {name}/{c['name']} {probe} port {port} is not a container port")
            mounts = {m["name"] for m in c.get("volumeMounts", [])}
            volumes = {v["name"] for v in spec.get("volumes", [])} | {t["metadata"]["name"] for t in d["spec"].get("volumeClaimTemplates", [])}
            check(mounts <= volumes, f"{rel}: {name}/{c['name']} mounts undeclared volumes {mounts - volumes}")
            for ref in c.get("envFrom", []):
                for key, kind2 in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                    if key in ref:
                        check((kind2, ref[key]["name"]) in objects, f"{rel}: {name} uses missing {kind2} {ref[key]['name']}")
            for env in c.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    secret = objects.get(("Secret", ref["name"]))
                    check(secret is not None and ref["key"] in secret.get("stringData", {}), f"{rel}: {name} uses missing secret key {ref['name']}/{ref['key']}")


def selects(selector, labels):
    return all(labels.get(k) == v for k, v in selector.items())


for rel, d in k8s:
    kind, name = d["kind"], d["metadata"]["name"]
    if kind == "Service":
        matched = [p for p, (_, labels) in pods.items() if selects(d["spec"]["selector"], labels)]
        check(matched, f"{rel}: Service {name} selects no pod")
        for port in d["spec"]["ports"]:
            tp = port.get("targetPort")
            if isinstance(tp, str):
                check(all(any(tp == cp.get("name") for c in pods[p][0]["containers"] for cp in c.get("ports", [])) for p in matched),
                      f"{rel}: Service {name} targetPort {tp} is not a port of its pods")
    if kind == "PodDisruptionBudget":
        check(any(selects(d["spec"]["selector"]["matchLabels"], labels) for _, labels in pods.values()), f"{rel}: PDB {name} selects no pod")
    if kind == "HorizontalPodAutoscaler":
        t = d["spec"]["scaleTargetRef"]
        check((t["kind"], t["name"]) in objects, f"{rel}: HPA {name} targets missing {t['kind']} {t['name']}")
    if kind == "Ingress":
        for rule in d["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                svc = path["backend"]["service"]
                s = objects.get(("Service", svc["name"]))
                check(s is not None and any(p.get("name") == svc["port"].get("name") or p.get("port") == svc["port"].get("number") for p in s["spec"]["ports"]),
                      f"{rel}: Ingress backend {svc['name']}:{svc['port']} does not exist")
    if kind == "NetworkPolicy":
        sel = d["spec"]["podSelector"].get("matchLabels")
        if sel:
            check(any(selects(sel, labels) for _, labels in pods.values()), f"{rel}: NetworkPolicy {name} selects no pod")

for kust in glob.glob(os.path.join(DEPLOY, "k8s", "**", "kustomization.yaml"), recursive=True):
    k = yaml.safe_load(open(kust, encoding="utf-8"))
    for res in k.get("resources", []) + k.get("components", []):
        check(os.path.exists(os.path.join(os.path.dirname(kust), res)), f"{os.path.relpath(kust, ROOT)}: {res} does not exist")
listed = set(yaml.safe_load(read("deploy/k8s/kustomization.yaml"))["resources"])
for path in glob.glob(os.path.join(DEPLOY, "k8s", "*.yaml")):
    base = os.path.basename(path)
    if base not in ("kustomization.yaml", "secrets.example.yaml"):
        check(base in listed, f"deploy/k8s/kustomization.yaml does not list {base}")
check("secrets.example.yaml" not in listed, "secrets.example.yaml must stay out of kustomization.yaml (placeholders would overwrite real secrets)")

if shutil.which("kubectl"):
    for target in ("deploy/k8s", "deploy/k8s/migrate"):
        r = subprocess.run(["kubectl", "kustomize", os.path.join(ROOT, target)], capture_output=True, text=True)
        check(r.returncode == 0, f"kubectl kustomize {target}: {r.stderr.strip()}")

# ---- compose -------------------------------------------------------------------------------------
compose = docs["deploy/compose.yaml"][0]
services = compose["services"]
for name, svc in services.items():
    for dep in svc.get("depends_on", {}):
        check(dep in services, f"compose: {name} depends on missing service {dep}")
    for vol in svc.get("volumes", []):
        src = vol.split(":")[0]
        if src.startswith("."):
            check(os.path.exists(os.path.join(DEPLOY, src)), f"compose: {name} mounts missing {src}")
        else:
            check(src in compose.get("volumes", {}), f"compose: {name} uses undeclared volume {src}")
    target = svc.get("build", {}).get("target")
    if target:
        check(target in stages, f"compose: {name} builds missing target {target}")
env_example = read("deploy/.env.example")
for var in sorted(set(re.findall(r"\$\{([A-Z0-9_]+)", read("deploy/compose.yaml")))):
    check(re.search(rf"^#? ?{var}=", env_example, re.M), f"compose uses ${{{var}}} but .env.example does not mention it")
caddy = shutil.which("caddy")
if caddy:
    for address in ("localhost", ":80"):
        r = subprocess.run([caddy, "validate", "--adapter", "caddyfile", "--config", os.path.join(DEPLOY, "caddy", "Caddyfile")],
                           capture_output=True, text=True, env={**os.environ, "YUI_SITE_ADDRESS": address, "HOME": "/tmp", "XDG_DATA_HOME": "/tmp", "XDG_CONFIG_HOME": "/tmp"})
        check(r.returncode == 0, f"caddy validate ({address}): {r.stderr.strip()[-300:]}")

# ---- every setting documented --------------------------------------------------------------------
readme = read("deploy/README.md")
documented = set()
for line in readme.splitlines():
    if line.startswith("| `"):
        documented |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
settings = {}


def found(names, where):
    for n in names:
        settings.setdefault(n, where)


# packages/storage/src/env.ts: the file storage settings, spread into both config schemas.
for path in ("apps/api/src/config.ts", "apps/worker/src/config.ts", "packages/storage/src/env.ts"):
    if os.path.exists(os.path.join(ROOT, path)):
        found(re.findall(r"^\s+([A-Z][A-Z0-9_]+): z\.", read(path), re.M), path)
for pattern in ("db/src/*.ts", "packages/db/src/*.ts", "packages/db/src/testing/*.ts", "scripts/*.mjs", "scripts/lib/stack.mjs"):
    for path in glob.glob(pattern, root_dir=ROOT):
        text = read(path)
        found(re.findall(r"process\.env\.([A-Z][A-Z0-9_]+)", text), path)
        found(re.findall(r"\benv\.([A-Z][A-Z0-9_]+)", text), path)
for path in glob.glob("apps/web/src/**/*.ts", root_dir=ROOT, recursive=True):
    found(re.findall(r"\benv\.([A-Z][A-Z0-9_]+)", read(path)), path)
found(re.findall(r"\b([A-Z][A-Z0-9_]+):", read("scripts/lib/stack.mjs")), "scripts/lib/stack.mjs")
found(re.findall(r"^([A-Z][A-Z0-9_]+)=", env_example.replace("# ", ""), re.M), "deploy/.env.example")
for _, d in k8s:
    if d["kind"] in ("ConfigMap",):
        found(d["data"].keys(), "deploy/k8s/config.yaml")
    if d["kind"] == "Secret":
        found(d["stringData"].keys(), "deploy/k8s/secrets.example.yaml")
# Set by the tooling, not settings of Yui.
ignore = {"CI", "PATH", "HOME", "LISTEN_PID", "LISTEN_FDS", "DATABASE_OWNER_URL"}
for name, where in sorted(settings.items()):
    if name not in ignore:
        check(name in documented, f"setting {name} (read in {where}) has no row in deploy/README.md")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
