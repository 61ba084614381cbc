#!/usr/bin/env python3
"""`make bench`: authflux and Keycloak measured side by side on this machine with wrk.

    bench/bench.py run [--quick] [--no-keycloak]   measure, write bench/results/<run>.json + .md
    bench/bench.py report RESULTS.json             regenerate the Markdown report from a JSON file

Python 3 standard library only. Processes are started with the project's own scripts:
db/local-postgres.sh (start, env, bindir) and service/run-local.sh (start, stop, with its own
AUTHFLUX_RUN_DIR so that `make run`'s instance is left alone). See bench/README.md.
"""

import argparse
import base64
import concurrent.futures
import datetime
import html
import json
import os
import random
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
WORK = ROOT / ".run" / "bench"
RAW = WORK / "raw"
CLK_TCK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1
KC_OIDC = "/realms/bench/protocol/openid-connect"

# Every row by name (BENCH_ONLY), in the order they run; the full mode's own rows apart.
ROWS = ["jwks", "me", "introspect", "userinfo", "client-credentials", "floor", "refresh", "oauth-refresh", "login",
        "compat", "kc-userinfo", "kc-introspect", "kc-client-credentials", "kc-refresh", "kc-login"]
FULL_ROWS = ["seed-auth", "storm", "me1m", "refresh1m", "login1m", "enum"]
# Rows that use the seeded sessions' tokens.
SESSION_ROWS = {"me", "introspect", "userinfo", "refresh", "storm", "me1m", "refresh1m"}
KC_SESSION_ROWS = {"kc-userinfo", "kc-introspect", "kc-refresh"}


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# settings


def settings_from_env(quick, keycloak):
    env = os.environ.get

    def num(name, default, kind=int):
        value = env(name)
        try:
            return kind(value) if value not in (None, "") else default
        except ValueError:
            raise BenchError(f"{name} must be a number (got {value!r})")

    def conns(name, default):
        return [int(c) for c in env(name, default).split()]

    warmup = num("BENCH_WARMUP", 3 if quick else 30)
    only = rows_from_env(env("BENCH_ONLY", ""), quick)
    return {
        "mode": "quick" if quick else "full",
        "duration_s": num("BENCH_DURATION", 3 if quick else 20),
        "warmup_s": warmup,
        "keycloak_warmup_s": num("BENCH_KEYCLOAK_WARMUP", (2 if quick else 3) * warmup),
        "threads": num("BENCH_THREADS", 2),
        "conns": conns("BENCH_CONNS", "64" if quick else "16 64"),
        "login_conns": conns("BENCH_LOGIN_CONNS", "4" if quick else "4 64"),
        "storm_conns": num("BENCH_STORM_CONNS", 256),
        "storm_factor": num("BENCH_STORM_FACTOR", 3, float),
        "users": num("BENCH_USERS", 20 if quick else 100),
        "sessions": num("BENCH_SESSIONS", 200 if quick else 1000),
        "filler_sessions": num("BENCH_FILLER_SESSIONS", 1_000_000),
        "filler_users": num("BENCH_FILLER_USERS", 10_000),
        "hashes": num("BENCH_HASHES", 10 if quick else 20),
        "port": num("BENCH_PORT", 18099),
        "management_port": num("BENCH_MANAGEMENT_PORT", 18098),
        "timeout_s": num("BENCH_TIMEOUT", 2),
        "quiet_max": num("BENCH_QUIET_MAX", 0.15, float),
        "quiet_wait_s": num("BENCH_QUIET_WAIT", 0 if quick else 60),
        "seed_parallel": num("BENCH_SEED_PARALLEL", 4),
        "java_opts": env("BENCH_JAVA_OPTS", ""),
        "db_name": env("AUTHFLUX_BENCH_DB_NAME", "authflux_bench"),
        "keycloak": keycloak and env("BENCH_KEYCLOAK", "1") == "1",
        "keycloak_version": env("BENCH_KEYCLOAK_VERSION", "26.7.3"),
        "keycloak_port": num("BENCH_KEYCLOAK_PORT", 18180),
        "keycloak_management_port": num("BENCH_KEYCLOAK_MANAGEMENT_PORT", 18190),
        "keycloak_db_name": env("BENCH_KEYCLOAK_DB_NAME", "keycloak_bench"),
        # The quick mode measures the headline paths only; the full mode every row.
        "extended_rows": not quick,
        # BENCH_ONLY: the rows to run (null: all of the mode's).
        "only": only,
    }


def rows_from_env(value, quick):
    """The rows BENCH_ONLY names, each of ours with its Keycloak counterpart; None for all."""
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        return None
    known = ROWS + ([] if quick else FULL_ROWS)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise BenchError(f"BENCH_ONLY names no row of the {'quick' if quick else 'full'} mode: "
                         f"{', '.join(unknown)} (rows: {', '.join(known)})")
    selected = set(names)
    selected |= {COUNTERPARTS[name] for name in names if name in COUNTERPARTS}
    if "storm" in selected:
        selected.add("login")  # the storm offers a multiple of the login row's rate
    return sorted(selected, key=lambda name: (ROWS + FULL_ROWS).index(name))


# ---------------------------------------------------------------------------------------------
# processes, HTTP, /proc


def run(command, env=None, check=True, capture=True):
    result = subprocess.run(command, env=env, text=True, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE if capture else sys.stderr, stderr=subprocess.PIPE if capture else None)
    if check and result.returncode != 0:
        raise BenchError(f"{' '.join(map(str, command))} failed ({result.returncode}): {(result.stderr or '')[-2000:]}")
    return result.stdout if capture else ""


def port_in_use(port):
    """service/launch.sh's port_in_use: something listens on the port."""
    return subprocess.run(["bash", "-c", f". '{ROOT}/service/launch.sh' && port_in_use {int(port)}"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def http(method, url, body=None, headers=None, timeout=60):
    """(status, headers, text); never raises for an HTTP status."""
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.headers, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return 0, {}, ""


def post_json(url, value, **kw):
    return http("POST", url, json.dumps(value), {"Content-Type": "application/json"}, **kw)


def post_form(url, fields, headers=None, **kw):
    all_headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    return http("POST", url, urllib.parse.urlencode(fields), all_headers, **kw)


def patiently(call):
    """call() again after Retry-After while it answers 503 (a busy machine fills the hash queue)."""
    for _ in range(20):
        status, headers, body = call()
        if status != 503:
            break
        retry_after = headers.get("Retry-After") or "1"
        time.sleep(min(float(retry_after) if retry_after.isdigit() else 1, 2))
    return status, headers, body


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


NO_REDIRECTS = urllib.request.build_opener(_NoRedirects)


def browse(method, url, cookies, body=None, headers=None):
    """One request of a browser that follows no redirect: (status, Location, text); the
    cookies it sets are kept in `cookies` (a dict, sent back with every request)."""
    all_headers = dict(headers or {})
    if cookies:
        all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        answer = NO_REDIRECTS.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        answer = error
    with answer:
        for header in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        location = answer.headers.get("Location")
        return answer.status, location and urllib.parse.urljoin(url, location), \
            answer.read().decode("utf-8", "replace")


def hidden_fields(page):
    """The hidden inputs of an HTML form, as our login page writes them."""
    return {html.unescape(name): html.unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', page)}


def check_grant(url, authorization):
    """One client credentials request before the rows, so that a broken setup fails loudly."""
    status, _, body = post_form(url, {"grant_type": "client_credentials"}, {"Authorization": authorization})
    if status != 200 or "access_token" not in body:
        raise BenchError(f"the client credentials grant at {url} answered {status}: {body[:200]}")


def until_not_503(call):
    """patiently() for browse()'s answers, which carry no headers: the login page answers a
    full hash queue with 503 too."""
    for _ in range(20):
        answer = call()
        if answer[0] != 503:
            break
        time.sleep(1)
    return answer


def basic_auth(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def proc_jiffies(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError):
        return 0


def children_of(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return found


class Cpu:
    """Who used the cores between two snapshots: the measured server, PostgreSQL, wrk, the rest."""

    def __init__(self, postmaster):
        self.postmaster = postmaster
        self.server_pid = None

    def snapshot(self, wrk_pids=()):
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
        busy = sum(fields[:3]) + sum(fields[5:7])  # user nice system irq softirq
        postgres = 0
        if self.postmaster:
            postgres = sum(proc_jiffies(p) for p in [self.postmaster] + children_of(self.postmaster))
        return {"t": time.monotonic(), "busy": busy, "steal": fields[7] if len(fields) > 7 else 0,
                "server": proc_jiffies(self.server_pid) if self.server_pid else 0, "postgres": postgres,
                "wrk": sum(proc_jiffies(p) for p in wrk_pids)}

    @staticmethod
    def usage(before, after, wrk_after=None):
        seconds = max(after["t"] - before["t"], 1e-3)
        cores = {k: (after[k] - before[k]) / CLK_TCK / seconds for k in ("busy", "steal", "server", "postgres")}
        cores["wrk"] = (wrk_after if wrk_after is not None else after["wrk"] - before["wrk"]) / CLK_TCK / seconds
        cores["other"] = max(cores["busy"] - cores["server"] - cores["postgres"] - cores["wrk"], 0.0)
        del cores["busy"]
        return {k: round(v, 2) for k, v in cores.items()}


def children_cpu_jiffies():
    times = os.times()
    return (times.children_user + times.children_system) * CLK_TCK


# ---------------------------------------------------------------------------------------------
# the database (db/local-postgres.sh)


class Database:
    def __init__(self):
        self.script = str(ROOT / "db" / "local-postgres.sh")
        self.started_here = False
        self.postmaster = None

    def open(self):
        if os.environ.get("AUTHFLUX_DB_HOST"):
            self.host = os.environ["AUTHFLUX_DB_HOST"]
            self.port = os.environ.get("AUTHFLUX_DB_PORT", "5432")
            self.user = os.environ.get("AUTHFLUX_DB_USER", "authflux")
            self.password = os.environ.get("AUTHFLUX_DB_PASSWORD", "")
            self.admin_db = os.environ.get("AUTHFLUX_DB_NAME", "postgres")
            log(f"using your PostgreSQL at {self.host}:{self.port} (AUTHFLUX_DB_HOST)")
        else:
            self.started_here = subprocess.run([self.script, "status"], stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL).returncode != 0
            run([self.script, "start"], capture=False)
            values = {}
            for line in run([self.script, "env"]).splitlines():
                match = re.match(r"export (AUTHFLUX_DB_\w+)=(.*)", line)
                if match:
                    values[match[1]] = shlex.split(match[2])[0] if match[2] else ""
            self.host, self.port = values["AUTHFLUX_DB_HOST"], values["AUTHFLUX_DB_PORT"]
            self.user, self.password = values["AUTHFLUX_DB_USER"], values["AUTHFLUX_DB_PASSWORD"]
            self.admin_db = values["AUTHFLUX_DB_NAME"]
            pid_file = ROOT / ".run" / "postgres" / "data" / "postmaster.pid"
            try:
                self.postmaster = int(pid_file.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                self.postmaster = None
        bindir = subprocess.run([self.script, "bindir"], text=True, capture_output=True).stdout.strip()
        self.psql = f"{bindir}/psql" if bindir and os.access(f"{bindir}/psql", os.X_OK) else shutil.which("psql")
        if not self.psql:
            raise BenchError("psql not found (install the PostgreSQL client)")

    def sql(self, database, statement=None, file=None, variables=None):
        command = [self.psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", self.host, "-p", str(self.port),
                   "-U", self.user, "-d", database]
        for key, value in (variables or {}).items():
            command += ["-v", f"{key}={value}"]
        command += ["-f", str(file)] if file else ["-c", statement]
        env = dict(os.environ, PGPASSWORD=self.password, PGCONNECT_TIMEOUT="10")
        return run(command, env=env).strip()

    def recreate(self, name):
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name == self.admin_db:
            raise BenchError(f"refusing to drop database {name!r}")
        log(f"recreating database {name}")
        self.sql(self.admin_db, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.sql(self.admin_db, f"CREATE DATABASE {name} ENCODING 'UTF8'")

    def close(self):
        if self.started_here:
            subprocess.run([self.script, "stop"], stdout=sys.stderr)


# ---------------------------------------------------------------------------------------------
# the two servers


def java_home():
    if os.environ.get("BENCH_JAVA"):
        return str(Path(os.environ["BENCH_JAVA"]).resolve().parent.parent)
    java = run(["bash", "-c", f". '{ROOT}/service/launch.sh' && pick_java"]).strip()
    return str(Path(java).resolve().parent.parent)


def memory_mib(pid):
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(rest.split()[0]) / 1024)
    return {"rss_mib": values.get("VmRSS"), "hwm_mib": values.get("VmHWM")}


class Authflux:
    name = "authflux"

    def __init__(self, s, db):
        self.s, self.db = s, db
        self.base = f"http://127.0.0.1:{s['port']}"
        self.run_dir = WORK / "service"
        self.introspection_secret = secrets.token_hex(24)
        self.basic = basic_auth("authflux-bench", self.introspection_secret)
        self.admin_secret = secrets.token_hex(24)
        self.login_url = self.base + "/api/v1/sessions"

    def env(self):
        return dict(os.environ, JAVA_HOME=java_home(), AUTHFLUX_RUN_DIR=str(self.run_dir), PORT=str(self.s["port"]),
                    AUTHFLUX_MANAGEMENT_PORT=str(self.s["management_port"]), AUTHFLUX_JAVA_OPTS=self.s["java_opts"],
                    AUTHFLUX_DB_HOST=self.db.host, AUTHFLUX_DB_PORT=str(self.db.port),
                    AUTHFLUX_DB_NAME=self.s["db_name"], AUTHFLUX_DB_USER=self.db.user,
                    AUTHFLUX_DB_PASSWORD=self.db.password, AUTHFLUX_INTROSPECTION_CLIENT_ID="authflux-bench",
                    AUTHFLUX_INTROSPECTION_CLIENT_SECRET=self.introspection_secret,
                    AUTHFLUX_ADMIN_CLIENT_ID="bench-admin", AUTHFLUX_ADMIN_CLIENT_SECRET=self.admin_secret,
                    AUTHFLUX_TOKEN_ACCESS_TOKEN_TTL="6h", AUTHFLUX_THROTTLE_ACCOUNT_MAX_FAILURES="2147483647",
                    AUTHFLUX_THROTTLE_IP_MAX_FAILURES="2147483647", AUTHFLUX_START_TIMEOUT="180")

    def start(self):
        """service/run-local.sh start; start-to-ready from Spring Boot's own 'process running for'."""
        for port in (self.s["port"], self.s["management_port"]):
            if port_in_use(port):
                raise BenchError(f"port {port} is in use (BENCH_PORT, BENCH_MANAGEMENT_PORT)")
        log(f"starting the service on port {self.s['port']} (service/run-local.sh)")
        run([str(ROOT / "service" / "run-local.sh"), "start"], env=self.env(), capture=False)
        self.pid = int((self.run_dir / "service.pid").read_text())
        text = (self.run_dir / "service.log").read_text(errors="replace")
        match = re.findall(r"process running for ([0-9.]+)\)", text)
        return round(float(match[-1]) * 1000) if match else None

    def stop(self):
        subprocess.run([str(ROOT / "service" / "run-local.sh"), "stop"], env=self.env(), stdout=sys.stderr)

    def register(self, index):
        username, password = f"bench-user-{index:05d}", f"bench-password-{index}"
        status, _, body = patiently(
            lambda: post_json(self.base + "/api/v1/users", {"username": username, "password": password}))
        if status != 201:
            raise BenchError(f"registering {username} answered {status}: {body[:200]}")
        return username, password

    def login(self, username, password):
        return post_json(self.login_url, {"username": username, "password": password})

    def machine_client(self):
        """A client of the client credentials grant, registered through the admin API: its
        token request's Basic header, checked once."""
        status, _, body = http("POST", self.base + "/api/v1/admin/clients",
                               json.dumps({"client_name": "bench machine", "grant_types": ["client_credentials"]}),
                               {"Content-Type": "application/json",
                                "Authorization": basic_auth("bench-admin", self.admin_secret)})
        if status != 201:
            raise BenchError(f"registering the machine client answered {status}: {body[:200]}")
        client = json.loads(body)
        header = basic_auth(client["client_id"], client["client_secret"])
        check_grant(self.base + "/oauth2/token", header)
        return header

    def web_app(self):
        """A confidential first-party client of the code flow with refresh tokens, registered
        through the admin API; its Basic header is kept in web_app_basic."""
        self.redirect_uri = self.base + "/bench/callback"  # never called: the code is read from the redirect
        status, _, body = http("POST", self.base + "/api/v1/admin/clients", json.dumps(
            {"client_name": "bench web app", "grant_types": ["authorization_code", "refresh_token"],
             "redirect_uris": [self.redirect_uri], "token_endpoint_auth_method": "client_secret_basic",
             "scope": "openid offline_access", "skip_consent": True}),
            {"Content-Type": "application/json", "Authorization": basic_auth("bench-admin", self.admin_secret)})
        if status != 201:
            raise BenchError(f"registering the web app answered {status}: {body[:200]}")
        client = json.loads(body)
        self.web_app_id = client["client_id"]
        self.web_app_basic = basic_auth(client["client_id"], client["client_secret"])

    def code_flow(self, username, password):
        """A browser through the code flow (authorization endpoint, login page, back with the
        code) and the web app's code exchange: the token endpoint's answer (status, text)."""
        cookies, state = {}, secrets.token_urlsafe(12)
        query = urllib.parse.urlencode({"response_type": "code", "client_id": self.web_app_id,
                                        "redirect_uri": self.redirect_uri, "scope": "openid offline_access",
                                        "state": state})
        status, login, _ = browse("GET", f"{self.base}/oauth2/authorize?{query}", cookies)
        if status != 303 or not login:
            raise BenchError(f"the authorization endpoint answered {status} (to {login}), not the login page")
        status, _, page = browse("GET", login, cookies)
        fields = hidden_fields(page)
        if status != 200 or "_csrf" not in fields:
            raise BenchError(f"the login page answered {status} without its form: {page[:200]}")
        fields.update(username=username, password=password)
        status, back, page = until_not_503(lambda: browse(
            "POST", self.base + "/login", cookies, urllib.parse.urlencode(fields),
            {"Content-Type": "application/x-www-form-urlencoded"}))
        if status != 303 or not back:
            raise BenchError(f"signing in on the login page answered {status}: {page[:200]}")
        status, callback, page = browse("GET", back, cookies)
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(callback or "").query)
        if status != 303 or not callback.startswith(self.redirect_uri + "?") or params.get("state") != [state] \
                or "code" not in params:
            raise BenchError(f"the authorization endpoint answered {status} to {callback}, not with a code: "
                             f"{page[:200]}")
        status, _, body = post_form(self.base + "/oauth2/token",
                                    {"grant_type": "authorization_code", "code": params["code"][0],
                                     "redirect_uri": self.redirect_uri}, {"Authorization": self.web_app_basic})
        return status, body

    def check(self, token):
        status, _, _ = http("GET", self.base + "/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        _, _, body = post_form(self.base + "/api/v1/introspect", {"token": token}, {"Authorization": self.basic})
        if status != 200 or '"active":true' not in body:
            raise BenchError(f"a seeded token does not work: /me {status}, introspection {body[:200]}")

    def metric(self, pattern):
        _, _, text = http("GET", f"http://127.0.0.1:{self.s['management_port']}/actuator/prometheus", timeout=10)
        return sum(float(line.split()[-1]) for line in text.splitlines() if re.match(pattern, line))


class Keycloak:
    name = "keycloak"

    def __init__(self, s, db):
        self.s, self.db = s, db
        self.base = f"http://127.0.0.1:{s['keycloak_port']}"
        self.home = ROOT / ".run" / "keycloak" / f"keycloak-{s['keycloak_version']}"
        self.client_secret, self.resource_secret = secrets.token_hex(18), secrets.token_hex(18)
        self.machine_secret = secrets.token_hex(18)
        # Kept beside the distribution: the quick mode reuses the database, and with it the admin
        # that Keycloak bootstrapped with this password on its first start.
        password_file = self.home.parent / "bench-admin-password"
        if not password_file.exists():
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.touch(0o600)
            password_file.write_text(secrets.token_hex(18))
        self.admin_password = password_file.read_text().strip()
        self.basic = basic_auth("bench-resource-server", self.resource_secret)
        self.login_url = self.base + KC_OIDC + "/token"
        self.login_form = {"grant_type": "password", "scope": "openid", "client_id": "bench-client",
                           "client_secret": self.client_secret}
        self.process = None

    def usable(self):
        """None if Keycloak can be measured, else why not."""
        if not self.s["keycloak"]:
            return "left out (BENCH_KEYCLOAK=0 or --no-keycloak)"
        text = subprocess.run([f"{java_home()}/bin/java", "-XshowSettings:properties", "-version"],
                              capture_output=True, text=True).stderr
        match = re.search(r"java.specification.version = (\d+)", text)
        if not match or int(match[1]) < 21:
            return "Keycloak needs Java 21 or newer"
        if port_in_use(self.s["keycloak_port"]) or port_in_use(self.s["keycloak_management_port"]):
            return "its ports are in use (BENCH_KEYCLOAK_PORT, BENCH_KEYCLOAK_MANAGEMENT_PORT)"
        return None

    def install(self):
        """The server distribution from Maven Central, unpacked and built for PostgreSQL once."""
        kc_dir, version = self.home.parent, self.s["keycloak_version"]
        kc_dir.mkdir(parents=True, exist_ok=True)
        zip_file = kc_dir / f"keycloak-quarkus-dist-{version}.zip"
        if not (self.home / "bin" / "kc.sh").exists():
            if not zip_file.exists():
                log(f"fetching Keycloak {version} from Maven Central (~170 MB, once)")
                run([str(ROOT / "mvnw"), "-q", "-B", "-N", "-f", str(ROOT / "pom.xml"), "dependency:copy",
                     f"-Dartifact=org.keycloak:keycloak-quarkus-dist:{version}:zip", f"-DoutputDirectory={kc_dir}"])
            log(f"unpacking Keycloak into {kc_dir.relative_to(ROOT)}")
            shutil.unpack_archive(zip_file, kc_dir)
            for script in (self.home / "bin").glob("*.sh"):
                script.chmod(0o755)
        options = ["--db=postgres", "--health-enabled=true"]
        marker = self.home / ".bench-build"
        if not marker.exists() or marker.read_text().strip() != " ".join(options):
            log("building Keycloak for PostgreSQL (kc.sh build, about 30 s, once)")
            run([str(self.home / "bin" / "kc.sh"), "build", *options], env=dict(os.environ, JAVA_HOME=java_home()))
            marker.write_text(" ".join(options))

    def start(self):
        """kc.sh start --optimized; start-to-ready: launch to the first 200 of /health/ready."""
        log(f"starting Keycloak on port {self.s['keycloak_port']}")
        db = self.db
        env = dict(os.environ, JAVA_HOME=java_home(),
                   KC_DB_URL=f"jdbc:postgresql://{db.host}:{db.port}/{self.s['keycloak_db_name']}",
                   KC_DB_USERNAME=db.user, KC_DB_PASSWORD=db.password, KC_HTTP_ENABLED="true",
                   KC_HTTP_HOST="127.0.0.1", KC_HTTP_PORT=str(self.s["keycloak_port"]),
                   KC_HTTP_MANAGEMENT_PORT=str(self.s["keycloak_management_port"]), KC_HOSTNAME_STRICT="false",
                   KC_CACHE="local", KC_BOOTSTRAP_ADMIN_USERNAME="bench-admin",
                   KC_BOOTSTRAP_ADMIN_PASSWORD=self.admin_password)
        started = time.monotonic()
        log_file = open(WORK / "keycloak.log", "a")
        self.process = subprocess.Popen([str(self.home / "bin" / "kc.sh"), "start", "--optimized"], env=env,
                                        stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        ready = f"http://127.0.0.1:{self.s['keycloak_management_port']}/health/ready"
        while http("GET", ready, timeout=2)[0] != 200:
            if self.process.poll() is not None or time.monotonic() - started > 240:
                raise BenchError(f"Keycloak did not become ready (log: {(WORK / 'keycloak.log').relative_to(ROOT)})")
            time.sleep(0.2)  # Keycloak logs every probe while it is not ready
        elapsed = round((time.monotonic() - started) * 1000)
        javas = children_of(self.process.pid)
        self.pid = javas[0] if javas else self.process.pid
        return elapsed

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def configure(self, users):
        _, _, body = post_form(self.base + "/realms/master/protocol/openid-connect/token",
                               {"grant_type": "password", "client_id": "admin-cli", "username": "bench-admin",
                                "password": self.admin_password})
        token = json.loads(body or "{}").get("access_token")
        if not token:
            raise BenchError("Keycloak: no admin token")
        auth = {"Authorization": f"Bearer {token}"}
        if http("DELETE", self.base + "/admin/realms/bench", headers=auth, timeout=300)[0] == 204:
            log("Keycloak: deleted realm bench of an earlier run")
        log(f"Keycloak: creating realm bench with {len(users)} users")
        mapper = {"name": "resource-server-audience", "protocol": "openid-connect",
                  "protocolMapper": "oidc-audience-mapper",
                  "config": {"included.client.audience": "bench-resource-server", "access.token.claim": "true",
                             "id.token.claim": "false", "introspection.token.claim": "true"}}
        realm = {"realm": "bench", "enabled": True, "accessTokenLifespan": 21600, "ssoSessionIdleTimeout": 21600,
                 "ssoSessionMaxLifespan": 36000,
                 "clients": [{"clientId": "bench-client", "enabled": True, "publicClient": False,
                              "secret": self.client_secret, "directAccessGrantsEnabled": True,
                              "standardFlowEnabled": False, "protocolMappers": [mapper]},
                             {"clientId": "bench-machine", "enabled": True, "publicClient": False,
                              "secret": self.machine_secret, "serviceAccountsEnabled": True,
                              "directAccessGrantsEnabled": False, "standardFlowEnabled": False},
                             {"clientId": "bench-resource-server", "enabled": True, "publicClient": False,
                              "secret": self.resource_secret, "directAccessGrantsEnabled": False,
                              "standardFlowEnabled": False}],
                 "users": [{"username": u, "enabled": True, "email": f"{u}@bench.example", "emailVerified": True,
                            "firstName": "Bench", "lastName": "User",
                            "credentials": [{"type": "password", "value": p, "temporary": False}]}
                           for u, p in users]}
        status, _, body = http("POST", self.base + "/admin/realms", json.dumps(realm),
                               {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}, timeout=300)
        if status != 201:
            raise BenchError(f"Keycloak: creating the realm answered {status}: {body[:200]}")

    def login(self, username, password):
        return post_form(self.login_url, {**self.login_form, "username": username, "password": password})

    def check(self, token):
        status, _, _ = http("GET", self.base + KC_OIDC + "/userinfo", headers={"Authorization": f"Bearer {token}"})
        _, _, body = post_form(self.base + KC_OIDC + "/token/introspect", {"token": token},
                               {"Authorization": self.basic})
        if status != 200 or '"active":true' not in body:
            raise BenchError(f"Keycloak: a seeded token does not work: userinfo {status}, introspection {body[:200]}")


# ---------------------------------------------------------------------------------------------
# the bench


class Bench:
    def __init__(self, s):
        self.s = s
        self.rows = []
        self.facts = {}
        self.db = Database()
        self.cpu = None
        self.server = None

    def wanted(self, *names):
        """Whether BENCH_ONLY selects any of these rows (every row when it is not set)."""
        return self.s["only"] is None or any(name in self.s["only"] for name in names)

    # --- seeding through the API

    def seed_sessions(self, server, users, prefix):
        def one(i):
            username, password = users[i % len(users)]
            status, _, body = patiently(lambda: server.login(username, password))
            answer = json.loads(body) if status in (200, 201) else {}
            if not answer.get("access_token") or not answer.get("refresh_token"):
                raise BenchError(f"login {i} at {server.login_url} answered {status}: {body[:200]}")
            return answer["access_token"], answer["refresh_token"]

        log(f"seeding {self.s['sessions']} sessions through {server.login_url}")
        with concurrent.futures.ThreadPoolExecutor(self.s["seed_parallel"]) as pool:
            tokens = list(pool.map(one, range(self.s["sessions"])))
        (WORK / f"{prefix}access.txt").write_text("".join(a + "\n" for a, _ in tokens))
        (WORK / f"{prefix}refresh.txt").write_text("".join(r + "\n" for _, r in tokens))
        server.check(tokens[0][0])

    def seed_oauth_refresh(self, server, users):
        """A refresh token chain per seeded session, each from its own code flow (a browser's
        login and the web app's code exchange); False, and the reason in the facts, if the
        code exchange issues no refresh token (a build without the refresh_token grant)."""
        server.web_app()

        def one(i):
            status, body = server.code_flow(*users[i % len(users)])
            answer = json.loads(body) if status == 200 else {}
            if "access_token" not in answer:
                raise BenchError(f"code exchange {i} answered {status}: {body[:200]}")
            return answer.get("refresh_token")

        if not one(0):
            reason = "the code exchange issued no refresh token (no refresh_token grant for OAuth clients)"
            log(f"POST /oauth2/token (refresh_token grant) is not measured: {reason}")
            self.facts["oauth_refresh_skipped"] = reason
            return False
        log(f"seeding {self.s['sessions']} refresh token chains of the code flow (POST /oauth2/token)")
        with concurrent.futures.ThreadPoolExecutor(self.s["seed_parallel"]) as pool:
            tokens = list(pool.map(one, range(self.s["sessions"])))
        if not all(tokens):
            raise BenchError("a code exchange issued no refresh token")
        (WORK / "oauth-refresh.txt").write_text("".join(token + "\n" for token in tokens))
        return True

    # --- wrk

    def wrk_command(self, label, script, conns, seconds, url, env):
        command = ["wrk", "-t", str(self.s["threads"]), "-c", str(conns), "-d", f"{seconds}s",
                   "--timeout", f"{self.s['timeout_s']}s", "--latency", "-s", str(BENCH / script), url]
        return command, dict(os.environ, BENCH_LUA_DIR=str(BENCH), BENCH_THREADS=str(self.s["threads"]), **env)

    @staticmethod
    def parse_wrk(label):
        text = (RAW / f"{label}.txt").read_text(errors="replace")
        lines = [line for line in text.splitlines() if line.startswith("BENCH ")]
        if not lines:
            raise BenchError(f"no BENCH line in the wrk output of {label}:\n{text[-2000:]}")
        r = {k: int(float(v)) for k, v in (pair.split("=", 1) for pair in lines[-1].split()[1:])}
        seconds = r["duration_us"] / 1e6
        out = {"requests": r["requests"], "seconds": round(seconds, 2), "rps": round(r["requests"] / seconds),
               "ok_rps": round((r["requests"] - r["status"]) / seconds), "non_2xx_3xx": r["status"],
               "socket_errors": r["connect"] + r["read"] + r["write"] + r["timeout"], "timeouts": r["timeout"]}
        for key in ("mean", "p50", "p90", "p99", "max"):
            out[f"{key}_ms"] = round(r[f"{key}_us"] / 1000, 2)
        known = {"requests", "duration_us", "bytes", "mean_us", "p50_us", "p90_us", "p95_us", "p99_us", "max_us",
                 "connect", "read", "write", "status", "timeout"}
        out.update({k: v for k, v in r.items() if k not in known})
        return out

    def wait_for_quiet(self):
        """Other processes' cores just before a row; waits up to BENCH_QUIET_WAIT s for a quiet machine."""
        deadline = time.monotonic() + self.s["quiet_wait_s"]
        while True:
            before = self.cpu.snapshot()
            time.sleep(0.5)
            other = Cpu.usage(before, self.cpu.snapshot())["other"]
            if other <= self.s["quiet_max"] or time.monotonic() >= deadline:
                return other

    def run_wrk(self, label, script, conns, seconds, url, env):
        if script == "refresh.lua":
            # Each connection holds a chain; the ones in flight when wrk stops are dropped.
            left = len(Path(env["BENCH_REFRESH_FILE"]).read_text().split())
            if left < conns:
                raise BenchError(f"only {left} refresh chains left for {conns} connections (raise BENCH_SESSIONS)")
        command, full_env = self.wrk_command(label, script, conns, seconds, url, env)
        log(f"wrk {label}: {conns} connections, {seconds} s, {url}")
        before = self.cpu.snapshot()
        children_before = children_cpu_jiffies()
        with open(RAW / f"{label}.txt", "w") as out:
            if subprocess.run(command, env=full_env, stdout=out, stderr=subprocess.STDOUT).returncode != 0:
                raise BenchError(f"wrk failed ({label}): {(RAW / f'{label}.txt').read_text()[-2000:]}")
        cpu = Cpu.usage(before, self.cpu.snapshot(), children_cpu_jiffies() - children_before)
        result = self.parse_wrk(label)
        result["cpu_cores"] = cpu
        log(f"  -> {result['rps']} req/s, p99 {result['p99_ms']} ms, non-2xx {result['non_2xx_3xx']}, "
            f"socket errors {result['socket_errors']}; cores {cpu}")
        return result

    def measure_path(self, server, row_id, title, script, path, conns_list, env, warmup, sessions_sql=None,
                     database=None):
        if not self.wanted(row_id):
            return
        url = server.base + path
        if script == "refresh.lua":
            env = dict(env, BENCH_REFRESH_OUT=str(WORK / "refresh.next"))
        if warmup > 0:
            self.run_wrk(f"{row_id}-warmup", script, max(conns_list), warmup, url, env)
            self.after_refresh(script, env, None)
        for conns in conns_list:
            quiet = self.wait_for_quiet()
            sessions = int(self.db.sql(database, sessions_sql)) if sessions_sql else None
            result = self.run_wrk(f"{row_id}-c{conns}", script, conns, self.s["duration_s"], url, env)
            self.after_refresh(script, env, result)
            self.add_row(server, row_id, title, conns, result, quiet, sessions)

    def add_row(self, server, row_id, title, conns, result, quiet_before, db_sessions):
        row = {"id": f"{row_id}-c{conns}", "path": row_id, "title": title, "server": server.name, "connections": conns,
               "db_sessions": db_sessions, "other_cores_before": round(quiet_before, 2), **result}
        row["busy"] = result["cpu_cores"]["other"] > self.s["quiet_max"]
        self.rows.append(row)
        return row

    @staticmethod
    def after_refresh(script, env, result):
        """Refresh chains: the tokens still pooled become the next run's; in-flight ones are dropped."""
        if script != "refresh.lua":
            return
        out = Path(env["BENCH_REFRESH_OUT"])
        if not out.exists():
            raise BenchError("refresh.lua wrote no refresh tokens")
        out.replace(env["BENCH_REFRESH_FILE"])
        if result is not None:
            result["lost_chains"] = max(result.get("lost", 0) - result.get("starved", 0), 0)
            result["chains_left"] = len(Path(env["BENCH_REFRESH_FILE"]).read_text().split())

    # --- the authflux round

    def measure_hash_cost(self, server, users):
        """The configured hash's cost: the service's own verify timer over sequential logins."""
        pattern = r'authflux_password_hashing_seconds_(sum|count)\{.*operation="verify"'
        sums = lambda: (server.metric(pattern.replace("(sum|count)", "sum")),
                        server.metric(pattern.replace("(sum|count)", "count")))
        before = sums()
        cpu_before = self.cpu.snapshot()
        started = time.monotonic()
        for i in range(self.s["hashes"]):
            status, _, _ = patiently(lambda: server.login(*users[i % len(users)]))
            if status not in (200, 201):
                raise BenchError(f"a sequential login answered {status}")
        wall = (time.monotonic() - started) / self.s["hashes"]
        after = sums()
        count = after[1] - before[1]
        if count <= 0:
            raise BenchError("the service's hash timer (authflux_password_hashing_seconds) did not move")
        hash_ms = (after[0] - before[0]) / count * 1000
        self.facts["hash"] = {"logins": self.s["hashes"], "verify_ms": round(hash_ms, 1),
                              "login_ms": round(wall * 1000, 1),
                              "limit_per_s": round(CORES / (hash_ms / 1000), 1),
                              "cpu_cores": Cpu.usage(cpu_before, self.cpu.snapshot())}
        log(f"hash: {hash_ms:.1f} ms per verification, hash-bound limit {self.facts['hash']['limit_per_s']}/s")

    def measure_signature_cost(self):
        log("measuring the JDK's signature costs (bench/SignatureCost.java, about 15 s)")
        output = run([f"{java_home()}/bin/java", str(BENCH / "SignatureCost.java")])
        costs = {}
        for match in re.finditer(r"^SIGNATURE (\S+) sign_us=(\d+) verify_us=(\d+)", output, re.M):
            costs[match[1]] = {"sign_us": int(match[2]), "verify_us": int(match[3])}
        if "ES256" not in costs:
            raise BenchError(f"bench/SignatureCost.java printed no ES256 line: {output[-500:]}")
        self.facts["signatures"] = costs

    def measure_authflux(self):
        s = self.s
        server = self.server = Authflux(s, self.db)
        self.db.recreate(s["db_name"])
        start_ms = server.start()
        self.cpu.server_pid = server.pid
        self.facts["authflux_start_ms"] = {"fresh": start_ms}
        log(f"seeding {s['users']} users through POST /api/v1/users")
        with concurrent.futures.ThreadPoolExecutor(s["seed_parallel"]) as pool:
            users = list(pool.map(server.register, range(1, s["users"] + 1)))
        (WORK / "users.txt").write_text("".join(f"{u} {p}\n" for u, p in users))
        if self.wanted(*SESSION_ROWS):
            self.seed_sessions(server, users, "")
        if self.wanted("login", "compat"):
            self.measure_hash_cost(server, users)
        if s["extended_rows"] and s["only"] is None:
            self.measure_signature_cost()

        sql = "SELECT count(*) FROM sessions"
        tokens = {"BENCH_TOKEN_FILE": str(WORK / "access.txt"), "BENCH_TOKEN_MODE": "bearer"}
        introspect = dict(tokens, BENCH_TOKEN_MODE="introspect", BENCH_BASIC_AUTH=server.basic)
        refresh = {"BENCH_REFRESH_FILE": str(WORK / "refresh.txt")}
        login = {"BENCH_USERS_FILE": str(WORK / "users.txt")}
        warm = s["warmup_s"]
        path = lambda *a: self.measure_path(server, *a, warm, sql, s["db_name"])
        path("jwks", "GET /.well-known/jwks.json", "report.lua", "/.well-known/jwks.json", s["conns"], {})
        path("me", "GET /api/v1/users/me", "tokens.lua", "/api/v1/users/me", s["conns"], tokens)
        path("introspect", "POST /api/v1/introspect", "tokens.lua", "/api/v1/introspect", s["conns"], introspect)
        path("userinfo", "GET /oauth2/userinfo", "tokens.lua", "/oauth2/userinfo", s["conns"], tokens)
        if self.wanted("client-credentials"):
            grant = {"BENCH_FORM": "grant_type=client_credentials", "BENCH_BASIC_AUTH": server.machine_client()}
            path("client-credentials", "POST /oauth2/token (client_credentials grant)", "grant.lua", "/oauth2/token",
                 s["conns"], grant)
        # After the paths that share its stack, so that it is not measured on the coldest JIT.
        path("floor", "GET /livez (framework floor)", "report.lua", "/livez", s["conns"], {})
        path("refresh", "POST /api/v1/sessions/refresh", "refresh.lua", "/api/v1/sessions/refresh", s["conns"],
             refresh)
        if self.wanted("oauth-refresh") and self.seed_oauth_refresh(server, users):
            oauth_refresh = {"BENCH_REFRESH_FILE": str(WORK / "oauth-refresh.txt"),
                             "BENCH_REFRESH_FORM": "grant_type=refresh_token",
                             "BENCH_BASIC_AUTH": server.web_app_basic}
            path("oauth-refresh", "POST /oauth2/token (refresh_token grant)", "refresh.lua", "/oauth2/token",
                 s["conns"], oauth_refresh)
        path("login", "POST /api/v1/sessions (login)", "login.lua", "/api/v1/sessions", s["login_conns"], login)
        path("compat", "POST /api/auth (original endpoint)", "login.lua", "/api/auth", s["login_conns"], login)
        if s["extended_rows"]:
            if self.wanted("seed-auth"):
                self.measure_seed_auth(server)
            if self.wanted("storm"):
                self.measure_storm(server, tokens, login)
            if self.wanted("me1m", "refresh1m", "login1m"):
                log(f"inserting {s['filler_sessions']} filler sessions for {s['filler_users']} filler users")
                started = time.monotonic()
                self.db.sql(s["db_name"], file=BENCH / "filler.sql",
                            variables={"sessions": s["filler_sessions"], "users": s["filler_users"]})
                self.facts["filler_seconds"] = round(time.monotonic() - started)
            path("me1m", "GET /api/v1/users/me (+filler)", "tokens.lua", "/api/v1/users/me", s["conns"], tokens)
            path("refresh1m", "POST /api/v1/sessions/refresh (+filler)", "refresh.lua", "/api/v1/sessions/refresh",
                 s["conns"], refresh)
            path("login1m", "POST /api/v1/sessions (login, +filler)", "login.lua", "/api/v1/sessions",
                 s["login_conns"], login)
            if self.wanted("enum"):
                self.measure_enumeration(server, users)
        self.facts["refresh_reuse_revoked"] = int(self.db.sql(
            s["db_name"], "SELECT count(*) FROM sessions WHERE revoke_reason = 'refresh_token_reuse'"))
        self.finish(server)

    def finish(self, server):
        """After a server's last row: its resident memory under load, then (full mode) how long
        a restart on the loaded database takes."""
        self.facts[f"{server.name}_memory"] = memory_mib(server.pid)
        server.stop()
        if self.s["extended_rows"]:
            self.facts[f"{server.name}_start_ms"]["restart"] = server.start()
            server.stop()
        self.cpu.server_pid = None

    def measure_seed_auth(self, server):
        """The original service's k6 test replayed with wrk: 300 connections, each its own user,
        3 s between calls; once with k6's stages (0→300→0 over 20 s), once with all 300 throughout."""
        conns = 300
        for label, ramp, seconds in (("seed-auth-ramp", "1", 22), ("seed-auth", "0", self.s["duration_s"])):
            env = {"BENCH_SEED_NAMES": str(conns // self.s["threads"]), "BENCH_RUN_ID": f"{int(time.time())}{label}",
                   "BENCH_SEED_RAMP": ramp}
            quiet = self.wait_for_quiet()
            result = self.run_wrk(label, "seed-auth.lua", conns, seconds, server.base + "/api/auth", env)
            title = "POST /api/auth, the original's load test" + (" (k6 stages)" if ramp == "1" else " (300 throughout)")
            self.add_row(server, label, title, conns, result, quiet, None)["id"] = label

    def measure_storm(self, server, tokens, login):
        """A paced login storm offering STORM_FACTOR × the measured login rate, with /me beside it."""
        s = self.s
        top = max(s["login_conns"])
        capacity = next(r["ok_rps"] for r in self.rows if r["id"] == f"login-c{top}")
        offered = max(s["storm_factor"] * capacity, 1)
        pace_ms = round(s["storm_conns"] * 1000 / offered)
        me_conns = max(s["conns"])
        login_env = dict(login, BENCH_PACE_MS=str(pace_ms))

        def storm(suffix, seconds):
            launched = []
            for label, script, conns, path, env in (
                    (f"storm-login{suffix}", "login.lua", s["storm_conns"], "/api/v1/sessions", login_env),
                    (f"storm-me{suffix}", "tokens.lua", me_conns, "/api/v1/users/me", tokens)):
                command, full_env = self.wrk_command(label, script, conns, seconds, server.base + path, env)
                out = open(RAW / f"{label}.txt", "w")
                launched.append((subprocess.Popen(command, env=full_env, stdout=out, stderr=subprocess.STDOUT), out))
            return launched

        if s["warmup_s"] > 0:
            log(f"login storm warm-up: {s['warmup_s']} s")
            for process, out in storm("-warmup", s["warmup_s"]):
                process.wait()
                out.close()
        quiet = self.wait_for_quiet()
        late = r'authflux_password_hashing_rejected_total\{.*stage="late"'
        late_before = server.metric(late)
        log(f"login storm: {s['storm_conns']} connections offering {offered:.0f}/s, /me at {me_conns}")
        before = self.cpu.snapshot()
        children_before = children_cpu_jiffies()
        launched = storm("", s["duration_s"])
        time.sleep(s["duration_s"] / 3 + 0.5)
        samples = []
        while len(samples) < 5 and launched[0][0].poll() is None:
            started = time.monotonic()
            status, headers, _ = server.login("bench-user-00001", "bench-password-1")
            if status == 503:
                samples.append({"retry_after": headers.get("Retry-After"),
                                "ms": round((time.monotonic() - started) * 1000, 1)})
        for process, out in launched:
            if process.wait() != 0:
                raise BenchError("wrk failed in the storm")
            out.close()
        cpu = Cpu.usage(before, self.cpu.snapshot(), children_cpu_jiffies() - children_before)
        self.facts["storm"] = {"offered_per_s": round(offered), "pace_ms": pace_ms,
                               "late_refusals": round(server.metric(late) - late_before), "sampled_503": samples}
        for label, title, conns in (("storm-login", "POST /api/v1/sessions — login storm", s["storm_conns"]),
                                    ("storm-me", "GET /api/v1/users/me — during the storm", me_conns)):
            result = self.parse_wrk(label)
            result["cpu_cores"] = cpu
            self.add_row(server, label, title, conns, result, quiet, None)["id"] = label

    def measure_enumeration(self, server, users):
        """Wrong password vs unknown name (401 after one hash each), then both throttled (429)."""
        wrong = [(u, "wrong-" + p) for u, p in users[:50]]
        unknown = [(f"nobody-{i:05d}", f"some-password-{i}") for i in range(1, 51)]
        files = {}
        for label, pairs in (("wrong", wrong), ("unknown", unknown)):
            files[label] = WORK / f"enum-{label}.txt"
            files[label].write_text("".join(f"{u} {p}\n" for u, p in pairs))
        url = server.base + "/api/v1/sessions"
        for prefix in ("enum", "enum-throttled"):
            if prefix == "enum-throttled":
                names = ",".join(u for u, _ in wrong + unknown)
                # Blocked for unknown clients and for wrk's own (127.0.0.1, known to the seeded users).
                self.db.sql(self.s["db_name"], f"""INSERT INTO login_failures
                    (scope, key, client, failures, window_start, last_failure, blocked_until)
                    SELECT s.scope, lower(name), s.client, 5, now(), now(), now() + interval '1 hour'
                    FROM unnest(string_to_array('{names}', ',')) AS name,
                         (VALUES ('account', ''), ('account_client', 'net:127.0.0.1')) AS s (scope, client)
                    ON CONFLICT (scope, key, client) DO UPDATE SET blocked_until = EXCLUDED.blocked_until""")
            for label in ("wrong", "unknown"):
                quiet = self.wait_for_quiet()
                result = self.run_wrk(f"{prefix}-{label}", "login.lua", CORES, self.s["duration_s"], url,
                                      {"BENCH_USERS_FILE": str(files[label])})
                title = f"login, {'wrong password' if label == 'wrong' else 'unknown name'}" + (
                    ", throttled" if prefix == "enum-throttled" else "")
                self.add_row(server, f"{prefix}-{label}", title, CORES, result, quiet, None)["id"] = f"{prefix}-{label}"

    # --- the Keycloak round

    def measure_keycloak(self):
        s = self.s
        server = Keycloak(s, self.db)
        reason = server.usable()
        if reason is None and not self.wanted(*(row for row in ROWS if row.startswith("kc-"))):
            reason = "no Keycloak row in BENCH_ONLY"
        if reason is None:
            try:
                server.install()
            except BenchError as error:
                reason = f"could not install it: {error}"
        if reason:
            log(f"Keycloak is not measured: {reason}")
            self.facts["keycloak_skipped"] = reason
            return
        self.server = server
        # Keycloak's first start on an empty database creates its schema and master realm (a minute
        # or more on two cores); the quick mode keeps them from the previous run, realm bench aside.
        kept = not s["extended_rows"] and self.db.sql(
            self.db.admin_db, f"SELECT count(*) FROM pg_database WHERE datname = '{s['keycloak_db_name']}'") == "1"
        if not kept:
            self.db.recreate(s["keycloak_db_name"])
        self.facts["keycloak_start_ms"] = {"schema kept" if kept else "fresh": server.start()}
        self.cpu.server_pid = server.pid
        users = [tuple(line.split()) for line in (WORK / "users.txt").read_text().splitlines() if line]
        try:
            server.configure(users)
        except BenchError:
            if not kept:
                raise
            log("Keycloak: the kept database does not know the bench admin; starting on an empty one")
            server.stop()
            self.db.recreate(s["keycloak_db_name"])
            self.facts["keycloak_start_ms"] = {"fresh": server.start()}
            self.cpu.server_pid = server.pid
            server.configure(users)
        if self.wanted(*KC_SESSION_ROWS):
            self.seed_sessions(server, users, "kc-")
        form = server.login_form
        tokens = {"BENCH_TOKEN_FILE": str(WORK / "kc-access.txt"), "BENCH_TOKEN_MODE": "bearer"}
        introspect = dict(tokens, BENCH_TOKEN_MODE="introspect", BENCH_BASIC_AUTH=server.basic)
        refresh = {"BENCH_REFRESH_FILE": str(WORK / "kc-refresh.txt"), "BENCH_REFRESH_FORM": urllib.parse.urlencode(
            {"grant_type": "refresh_token", "client_id": "bench-client", "client_secret": server.client_secret})}
        login = {"BENCH_USERS_FILE": str(WORK / "users.txt"), "BENCH_LOGIN_FORM": urllib.parse.urlencode(form)}
        sql = "SELECT count(*) FROM offline_user_session WHERE offline_flag = '0'"
        warm = s["keycloak_warmup_s"]
        path = lambda *a: self.measure_path(server, *a, warm, sql, s["keycloak_db_name"])
        path("kc-userinfo", "Keycloak: GET …/userinfo", "tokens.lua", KC_OIDC + "/userinfo", s["conns"], tokens)
        path("kc-introspect", "Keycloak: POST …/token/introspect", "tokens.lua", KC_OIDC + "/token/introspect",
             s["conns"], introspect)
        grant = {"BENCH_FORM": "grant_type=client_credentials",
                 "BENCH_BASIC_AUTH": basic_auth("bench-machine", server.machine_secret)}
        if self.wanted("kc-client-credentials"):
            check_grant(server.base + KC_OIDC + "/token", grant["BENCH_BASIC_AUTH"])
        path("kc-client-credentials", "Keycloak: POST …/token (client_credentials grant)", "grant.lua",
             KC_OIDC + "/token", s["conns"], grant)
        path("kc-refresh", "Keycloak: POST …/token (refresh_token grant)", "refresh.lua", KC_OIDC + "/token",
             s["conns"], refresh)
        path("kc-login", "Keycloak: POST …/token (password grant)", "login.lua", KC_OIDC + "/token",
             s["login_conns"], login)
        self.finish(server)

    # --- the whole run

    def run(self):
        for tool in ("wrk", "curl"):
            if not shutil.which(tool):
                raise BenchError(f"{tool} is needed (Debian/Ubuntu: apt-get install {tool})")
        shutil.rmtree(RAW, ignore_errors=True)
        RAW.mkdir(parents=True)
        RESULTS.mkdir(exist_ok=True)
        started = time.monotonic()
        date = datetime.datetime.now(datetime.timezone.utc)
        # The tree the jar is built from, read before the build: commits made during the run
        # are not measured.
        measured = commit()
        self.db.open()
        self.cpu = Cpu(self.db.postmaster)
        try:
            self.measure_authflux()
            self.measure_keycloak()
        finally:
            if self.server:
                self.server.stop()
            self.db.close()
        result = {"format": 1, "date": date.isoformat(timespec="seconds"), "commit": measured,
                  "machine": machine(), "java": java_home(), "settings": self.s,
                  "wall_seconds": round(time.monotonic() - started), "facts": self.facts, "rows": self.rows}
        partial = self.s["only"] is not None
        stem = date.strftime("%Y%m%dT%H%M%SZ") + f"-{self.s['mode']}" + ("-only" if partial else "")
        json_file = RESULTS / f"{stem}.json"
        json_file.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        report_file = write_report(json_file)
        # The latest whole run of each mode under a fixed name: these two are the committed ones.
        for source in (json_file, report_file) if not partial else ():
            shutil.copyfile(source, RESULTS / f"latest-{self.s['mode']}{source.suffix}")
        print(headline(result))
        log(f"done in {result['wall_seconds']} s: {json_file.relative_to(ROOT)}, {report_file.relative_to(ROOT)}")


def commit():
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                         text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return sha + ("-dirty" if dirty else "")


def machine():
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown")
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), None)
    return {"cpu": model, "cores": CORES, "memory_mib": memory, "kernel": os.uname().release}


# ---------------------------------------------------------------------------------------------
# the report, from the JSON alone

# Our rows and their Keycloak counterparts, for the side-by-side ratios.
COUNTERPARTS = {"me": "kc-userinfo", "userinfo": "kc-userinfo", "introspect": "kc-introspect",
                "client-credentials": "kc-client-credentials", "refresh": "kc-refresh",
                "oauth-refresh": "kc-refresh", "login": "kc-login", "compat": "kc-login"}


def find(rows, row_id):
    return next((r for r in rows if r["id"] == row_id), None)


def ratios(result):
    """(label, ours, theirs, ×rps, p99 theirs/ours) for each path with a Keycloak counterpart."""
    rows, out = result["rows"], []
    for row in rows:
        counterpart = COUNTERPARTS.get(row["path"])
        theirs = counterpart and find(rows, f"{counterpart}-c{row['connections']}")
        if theirs:
            out.append((f"{row['title']} @{row['connections']}", row, theirs,
                        row["ok_rps"] / max(theirs["ok_rps"], 1), theirs["p99_ms"] / max(row["p99_ms"], 0.01)))
    return out


def headline(result):
    lines = [f"headline ({result['settings']['mode']} mode, {result['machine']['cores']} cores, "
             f"commit {result['commit']}):"]
    for label, ours, theirs, rps, p99 in ratios(result):
        times = f"{rps:.2f}×" if theirs["ok_rps"] else "— (Keycloak answered none)"
        lines.append(f"  {label}: {ours['ok_rps']}/s vs Keycloak {theirs['ok_rps']}/s = {times}; "
                     f"p99 {ours['p99_ms']} ms vs {theirs['p99_ms']} ms")
    if "keycloak_skipped" in result["facts"]:
        lines.append(f"  Keycloak not measured: {result['facts']['keycloak_skipped']}")
    if "oauth_refresh_skipped" in result["facts"]:
        lines.append(f"  POST /oauth2/token (refresh_token grant) not measured: "
                     f"{result['facts']['oauth_refresh_skipped']}")
    hash_fact = result["facts"].get("hash")
    if hash_fact:
        for row in result["rows"]:
            if row["path"] == "login":
                lines.append(f"  login @{row['connections']}: {row['ok_rps']}/s = "
                             f"{row['ok_rps'] / hash_fact['limit_per_s']:.2f} of the hash-bound limit "
                             f"{hash_fact['limit_per_s']}/s ({result['machine']['cores']} cores ÷ "
                             f"{hash_fact['verify_ms']} ms)")
    for userinfo in (r for r in result["rows"] if r["path"] == "userinfo"):
        me = find(result["rows"], f"me-c{userinfo['connections']}")
        if me:
            lines.append(f"  userinfo @{userinfo['connections']}: {userinfo['ok_rps'] / max(me['ok_rps'], 1):.2f} "
                         f"of /me ({me['ok_rps']}/s)")
    floor = next((r for r in result["rows"] if r["path"] == "floor"), None)
    me = floor and find(result["rows"], f"me-c{floor['connections']}")
    if me:
        lines.append(f"  /me at {me['connections']}: {me['ok_rps'] / max(floor['ok_rps'], 1):.2f} of the floor "
                     f"(GET /livez, {floor['ok_rps']}/s)")
    return "\n".join(lines)


def table(rows, with_ratio=None):
    head = "| Row | conns | req/s | mean ms | p50 ms | p90 ms | p99 ms | non-2xx | sock err | cores srv/pg/wrk/other |"
    out = [head + (" ×Keycloak |" if with_ratio else ""), "|" + "---|" * (head.count("|") - 1 + bool(with_ratio))]
    for r in rows:
        c = r["cpu_cores"]
        line = (f"| {r['title']}{' ⚠' if r.get('busy') else ''} | {r['connections']} | {r['ok_rps']:,} | "
                f"{r['mean_ms']} | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {r['non_2xx_3xx']} | "
                f"{r['socket_errors']} | {c['server']}/{c['postgres']}/{c['wrk']}/{c['other']} |")
        if with_ratio:
            line += f" {with_ratio.get(r['id'], '')} |"
        out.append(line)
    return "\n".join(out)


def starts(values):
    return ", ".join(f"{ms:,} ms ({label})" for label, ms in (values or {}).items() if ms is not None) or "—"


def report(result):
    s, f, m = result["settings"], result["facts"], result["machine"]
    ours = [r for r in result["rows"] if r["server"] == "authflux"]
    theirs = [r for r in result["rows"] if r["server"] == "keycloak"]
    ratio = {ours_row["id"]: f"{x:.2f}×" if kc["ok_rps"] else "—" for _, ours_row, kc, x, _ in ratios(result)}
    out = [f"# authflux bench, {s['mode']} mode", "",
           f"Commit `{result['commit']}`, {result['date']}, {m['cpu']} × {m['cores']} cores, "
           f"{m['memory_mib']} MiB; java `{result['java']}`; {result['wall_seconds']} s.", "",
           f"wrk -t{s['threads']}, {s['duration_s']} s per row after {s['warmup_s']} s of warm-up per path "
           f"(Keycloak: {s['keycloak_warmup_s']} s); {s['users']} users, {s['sessions']} sessions seeded through "
           "the API. req/s counts answers that were not errors; ⚠: other processes used more than "
           f"{s['quiet_max']} cores during the row. Generated by `bench/bench.py report` from the JSON beside it."
           + (f" Only these rows (BENCH_ONLY): {', '.join(s['only'])}." if s.get("only") else ""),
           "", "## Headline", "", "```", headline(result), "```", "", "## authflux", "", table(ours, ratio), ""]
    if theirs:
        out += ["## Keycloak", "", table(theirs), ""]
    else:
        out += [f"Keycloak not measured: {f.get('keycloak_skipped')}.", ""]
    answers = [r for r in result["rows"] if "status_2xx" in r or "status_200" in r]
    if answers:
        out += ["## Login answers", "", "| Row | conns | 2xx | 401 | 429 | 503 | other | 503 without Retry-After |",
                "|---|---|---|---|---|---|---|---|"]
        for r in answers:
            ok = r.get("status_2xx", r.get("status_200", 0))
            out.append(f"| {r['title']} | {r['connections']} | {ok} | {r.get('status_401', '')} | "
                       f"{r.get('status_429', '')} | {r.get('status_503', '')} | {r.get('status_other', '')} | "
                       f"{r.get('retry_after_missing', '')} |")
        out.append("")
    chains = [r for r in result["rows"] if "refreshed" in r]
    if chains:
        out += ["## Refresh chains", ""]
        out += [f"- {r['title']} @{r['connections']}: {r['refreshed']} refreshed of {r['taken']} taken, "
                f"{r['lost_chains']} chains lost, {r['starved']} starved, {r['chains_left']} left" for r in chains]
        out.append("")
    if "hash" in f:
        h = f["hash"]
        out += ["## In-process costs", "",
                f"- Password hash (argon2id as configured): {h['verify_ms']} ms per verification, from the "
                f"service's `authflux_password_hashing_seconds` timer over {h['logins']} logins one at a time "
                f"({h['login_ms']} ms per whole login); hash-bound login limit {m['cores']} ÷ that = "
                f"{h['limit_per_s']}/s."]
        for name, c in f.get("signatures", {}).items():
            out.append(f"- {name}: sign {c['sign_us']} µs, verify {c['verify_us']} µs (JDK, one thread, "
                       "bench/SignatureCost.java)")
        out.append("")
    if "storm" in f:
        st = f["storm"]
        out += ["## Login storm", "",
                f"Offered {st['offered_per_s']}/s ({s['storm_factor']}× the login rate), paced at {st['pace_ms']} ms; "
                f"503s after a wait in the hash queue: {st['late_refusals']}; sampled 503s: "
                + (", ".join(f"Retry-After {x['retry_after']} in {x['ms']} ms" for x in st["sampled_503"]) or "none"),
                ""]
    out += ["## Memory, start-up, integrity", "",
            f"- authflux: resident {f.get('authflux_memory', {}).get('rss_mib')} MiB (peak "
            f"{f.get('authflux_memory', {}).get('hwm_mib')}); start to ready {starts(f.get('authflux_start_ms'))}",
            f"- sessions revoked for refresh-token reuse: {f.get('refresh_reuse_revoked')} (must be 0)"]
    if "keycloak_memory" in f:
        out.append(f"- Keycloak: resident {f['keycloak_memory']['rss_mib']} MiB (peak {f['keycloak_memory']['hwm_mib']}); "
                   f"start to ready {starts(f.get('keycloak_start_ms'))}")
    if "filler_seconds" in f:
        out.append(f"- filler: {s['filler_sessions']:,} sessions inserted in {f['filler_seconds']} s")
    return "\n".join(out) + "\n"


def write_report(json_file):
    result = json.loads(Path(json_file).read_text())
    report_file = Path(json_file).with_suffix(".md")
    report_file.write_text(report(result))
    return report_file


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command")
    run_parser = commands.add_parser("run", help="measure (the default)")
    run_parser.add_argument("--quick", action="store_true", help="the headline paths, short rows (< 5 minutes)")
    run_parser.add_argument("--no-keycloak", action="store_true", help="leave Keycloak out")
    report_parser = commands.add_parser("report", help="regenerate the Markdown report of a JSON result")
    report_parser.add_argument("json", type=Path)
    args = parser.parse_args(sys.argv[1:] or ["run"])
    try:
        if args.command == "report":
            try:
                print(write_report(args.json))
            except (OSError, ValueError, KeyError) as error:
                raise BenchError(f"cannot make a report of {args.json}: {error!r}")
            return 0
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        quick = args.quick or os.environ.get("BENCH_QUICK") == "1"
        Bench(settings_from_env(quick, not args.no_keycloak)).run()
        return 0
    except BenchError as error:
        log(f"failed: {error} (work files in {WORK.relative_to(ROOT)})")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
