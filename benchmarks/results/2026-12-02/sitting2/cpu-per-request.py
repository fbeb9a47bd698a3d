#!/usr/bin/env python3
"""CPU per request of each app and of its PostgreSQL backends, at one fixed arrival rate.

Rounds alternate the two apps (order flipping each round); each round drives one app with the load
test for SECS seconds at RATE iterations/s, reads utime+stime of the app's process and of the
backends its pool holds (found by database and user) before and after, and divides by the requests
served. Prints each round and the median of the per-round ratios occ/jpa.

  cpu-per-request.py JARS_DIR DB RATE SECS ROUNDS MIX   (MIX: moves | board-and-move)
"""
import glob, json, os, statistics, subprocess, sys

jars, db, rate, secs, rounds, mix = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6]
apps = {"occ": ("http://127.0.0.1:18080", int(open("/tmp/sitting-occ.pid").read()), "shop_app"),
        "jpa": ("http://127.0.0.1:18090", int(open("/tmp/sitting-jpa.pid").read()), "postgres")}
tick = os.sysconf("SC_CLK_TCK")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "cpu-" + mix)


def cpu(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def backends(user):
    pids = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-At", "-c",
                           f"select pid from pg_stat_activity where datname='{db}' and usename='{user}'"],
                          capture_output=True, text=True, check=True).stdout.split()
    total = 0
    for p in pids:
        try:
            total += cpu(int(p))
        except OSError:
            pass
    return total


res = {name: [] for name in apps}
for r in range(rounds):
    for name in (list(apps) if r % 2 == 0 else list(reversed(list(apps)))):
        url, pid, user = apps[name]
        a0, b0 = cpu(pid), backends(user)
        d = f"{out}/{name}-{r}"
        subprocess.run(["java", "-cp", f"{jars}/benchmarks.jar", "dev.occ.bench.load.LoadTest",
                        "--user", "north-advisor", "--password", "demo-password", "--url", url,
                        "--model", "open", "--mix", mix, "--users", "64", "--rate", rate,
                        "--duration", secs + "s", "--warmup", "0s", "--out", d, "--seed", str(r)],
                       capture_output=True, text=True)
        a1, b1 = cpu(pid), backends(user)
        j = json.load(open(glob.glob(d + "/result-*.json")[0]))
        n = sum(v for v in j["requests"].values() if isinstance(v, int))
        app_us, be_us = (a1 - a0) / tick * 1e6 / n, (b1 - b0) / tick * 1e6 / n
        res[name].append((app_us, be_us))
        print(f"round {r} {name}: {n} requests, app {app_us:.0f} us/request, its backends {be_us:.0f}"
              f" us/request, p95 {j['latency']['all']['p95']} ms, 409s {j['conflicts']['total_409']}", flush=True)
for name, v in res.items():
    print(f"{name}: median app {statistics.median(x[0] for x in v):.0f} us/request,"
          f" backends {statistics.median(x[1] for x in v):.0f} us/request")
for i, label in ((0, "app"), (1, "backends")):
    ratios = sorted(o[i] / p[i] for o, p in zip(res["occ"], res["jpa"]))
    print(f"occ/jpa {label} CPU per request: median {statistics.median(ratios):.3f},"
          f" rounds {[round(x, 3) for x in ratios]}")
