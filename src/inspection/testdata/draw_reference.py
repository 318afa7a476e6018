#!/usr/bin/env python3
"""Independent reference implementation of the zq-draw-v1 random draw (docs/random-draw.md).

Written from the document, not from the C++ code, so that the two can check each other.
Needs Python 3.9+ with hashlib's 'sm3' (Debian's Python gets it from OpenSSL 3).

  draw_reference.py make-case > draw_case.json        # a small, varied input record
  draw_reference.py draw draw_case.json > draw_expected.json
  draw_reference.py make-example > draw_example.json  # the worked example of the document (§8)
  draw_reference.py draw draw_example.json > draw_example_expected.json

A record with "contributions" (party, commitment, secret) draws with the seed derived from them
(§1.2); "excluded" rows with region and categories give scope_hash and exclusions_hash (§1.1).
"""
import hashlib
import hmac
import json
import random
import sys

ALGORITHM = "zq-draw-v1"
CLASSES = "ABCD"


def sm3(data: bytes) -> bytes:
    return hashlib.new("sm3", data).digest()


def frame_bytes(frame):
    lines = []
    for f in sorted(frame, key=lambda f: f["uscc"].encode()):
        cats = ",".join(sorted(set(f["product_categories"]), key=str.encode))
        lines.append(f"{f['uscc']}\t{f['region_code']}\t{f['risk_class']}\t{cats}\n")
    return "".join(lines).encode()


def pool_bytes(pool):
    lines = []
    for i in sorted(pool, key=lambda i: i["id"].encode()):
        quals = ",".join(sorted(set(i["qualifications"]), key=str.encode))
        conflicts = ",".join(sorted(set(i.get("conflicts", [])), key=str.encode))
        lines.append(f"{i['id']}\t{i['unit']}\t{i['region_code']}\t{quals}\t{conflicts}\n")
    return "".join(lines).encode()


def parameters_bytes(p):
    def quota(q):
        return f"rate:{q['rate_bp']}" if "rate_bp" in q else f"fixed:{q['fixed']}"
    cats = ",".join(sorted(set(p["product_categories"]), key=str.encode))
    text = (f"algorithm={ALGORITHM}\nplan_id={p['plan_id']}\nauthority={p['authority']}\n"
            f"draw_date={p['draw_date']}\nproduct_categories={cats}\n")
    for c in CLASSES:
        text += f"quota.{c}={quota(p['quotas'][c])}\n"
    text += (f"rounding={p['rounding']}\ninspectors_per_task={p['inspectors_per_task']}\n"
             f"max_tasks_per_inspector={p['max_tasks_per_inspector']}\n"
             f"locality={p['locality']}\nrecheck_months={p['recheck_months']}\n")
    return text.encode()


def joined(values):
    return ",".join(sorted(set(values), key=str.encode))


def scope_bytes(frame, excluded):
    rows = [(f["uscc"], f["region_code"], f["product_categories"]) for f in frame]
    rows += [(e["uscc"], e.get("region_code", ""), e.get("product_categories", []))
             for e in excluded]
    rows.sort(key=lambda r: r[0].encode())
    return "".join(f"{u}\t{r}\t{joined(c)}\n" for u, r, c in rows).encode()


def exclusions_bytes(excluded):
    lines = sorted(f"{e['uscc']}\t{e['reason']}\t{e.get('evidence', '')}\n" for e in excluded)
    return "".join(sorted(lines, key=str.encode)).encode()


def contributions_commitment(parties, beacon_source=""):
    lines = [f"{c['party']}\t{c['commitment']}\n"
             for c in sorted(parties, key=lambda c: c["party"].encode())]
    if beacon_source:
        lines.append(f"\tbeacon\t{beacon_source}\n")
    return sm3("".join(lines).encode()).hex()


def contributions_seed(parties):
    for c in parties:
        assert sm3(bytes.fromhex(c["secret"])).hex() == c["commitment"], c["party"]
    lines = [f"{c['party']}\t{c['secret']}\n"
             for c in sorted(parties, key=lambda c: c["party"].encode())]
    return sm3("".join(lines).encode()).hex()


class Stream:
    """Block i = SM3(K || label || 0x00 || u64be(i)); 64-bit big-endian words in order."""

    def __init__(self, key: bytes, label: str):
        self.prefix = key + label.encode() + b"\x00"
        self.counter = 0
        self.words = []

    def next64(self):
        if not self.words:
            block = sm3(self.prefix + self.counter.to_bytes(8, "big"))
            self.counter += 1
            self.words = [int.from_bytes(block[k:k + 8], "big") for k in range(0, 32, 8)]
        return self.words.pop(0)

    def below(self, n):
        rem = (2**64) % n
        while True:
            x = self.next64()
            if x < 2**64 - rem:
                return x % n


def quota_size(n, q, rounding):
    if "fixed" in q:
        return min(q["fixed"], n)
    bp = q["rate_bp"]
    k = -(-n * bp // 10000) if rounding == "ceil" else (n * bp + 5000) // 10000
    if n > 0 and bp > 0:
        k = max(k, 1)
    return min(k, n)


def territory(region):
    if region.endswith("0000"):
        return region[:2]
    if region.endswith("00"):
        return region[:4]
    return region


def draw(record):
    p = record["parameters"]
    seed = bytes.fromhex(record["seed"])
    key = hmac.new(seed, ALGORITHM.encode() + b"\x00" + record.get("beacon", "").encode(),
                   "sm3").digest()
    frame = sorted(record["frame"], key=lambda f: f["uscc"].encode())
    tasks = []
    for c in CLASSES:
        stratum = [f for f in frame if f["risk_class"] == c]
        k = quota_size(len(stratum), p["quotas"][c], p["rounding"])
        stream = Stream(key, "targets/" + c)
        for i in range(k):
            j = i + stream.below(len(stratum) - i)
            stratum[i], stratum[j] = stratum[j], stratum[i]
            tasks.append({"number": len(tasks) + 1, "firm": stratum[i]})
    pool = sorted(record["pool"], key=lambda i: i["id"].encode())
    plan = set(p["product_categories"])
    m = p["inspectors_per_task"]
    cap = p["max_tasks_per_inspector"]
    load = {i["id"]: 0 for i in pool}
    stream = Stream(key, "inspectors")
    out = []
    for t in tasks:
        firm = t["firm"]
        cats = {c for c in firm["product_categories"] if not plan or c in plan}
        qualified = []
        for i in pool:
            if "general" not in i["qualifications"] and not cats & set(i["qualifications"]):
                continue
            if firm["uscc"] in i.get("conflicts", []):
                continue
            local = firm["region_code"].startswith(territory(i["region_code"]))
            if (p["locality"] == "local" and not local) or \
               (p["locality"] == "cross_region" and local):
                continue
            qualified.append(i["id"])
        candidates = [i for i in qualified if cap == 0 or load[i] < cap]
        team, unstaffed = [], None
        if len(candidates) < m:
            unstaffed = "too_few_qualified" if len(qualified) < m else "cap_reached"
        else:
            for i in range(m):
                j = i + stream.below(len(candidates) - i)
                candidates[i], candidates[j] = candidates[j], candidates[i]
                team.append(candidates[i])
                load[candidates[i]] += 1
        out.append({"number": t["number"], "uscc": firm["uscc"], "risk_class": firm["risk_class"],
                    "inspectors": team, "unstaffed": unstaffed})
    return out


def uscc(rng):
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + rng.choice(["370102", "370103", "370211", "371302"])
    body += "".join(rng.choice(alphabet) for _ in range(9))
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    check = (31 - sum(alphabet.index(ch) * w for ch, w in zip(body, weights)) % 31) % 31
    return body + alphabet[check]


def make_case():
    rng = random.Random(20261124)
    categories = ["wire-cable", "fertiliser", "child-car-seat", "helmet"]
    frame = []
    for n in range(60):
        frame.append({"uscc": uscc(rng), "region_code": "37" + rng.choice(["0102", "0103", "0211",
                                                                           "1302"]),
                      "risk_class": rng.choice("AABBBBBCCD"),
                      "product_categories": rng.sample(categories, rng.randint(1, 2))})
    pool = []
    units = [("370100", "济南市市场监督管理局"), ("370200", "青岛市市场监督管理局"),
             ("371300", "临沂市市场监督管理局"), ("370000", "山东省市场监督管理局")]
    for n in range(14):
        region, unit = rng.choice(units)
        quals = ["general"] if rng.random() < 0.2 else rng.sample(categories, rng.randint(1, 2))
        conflicts = [f["uscc"] for f in rng.sample(frame, rng.randint(0, 3))]
        pool.append({"id": f"INSP-{n:03d}", "unit": unit, "region_code": region,
                     "qualifications": quals, "conflicts": conflicts})
    parameters = {"plan_id": "SD-2026-QS-007", "authority": "370000", "draw_date": "2026-11-24",
                  "product_categories": ["wire-cable", "helmet", "fertiliser"],
                  "quotas": {"A": {"rate_bp": 500}, "B": {"rate_bp": 2000},
                             "C": {"fixed": 6}, "D": {"rate_bp": 10000}},
                  "rounding": "ceil", "inspectors_per_task": 2, "max_tasks_per_inspector": 3,
                  "locality": "cross_region", "recheck_months": 6}
    seed = bytes(range(32)).hex()
    return {"algorithm": ALGORITHM, "parameters": parameters, "frame": frame, "pool": pool,
            "beacon": "福彩3D 2026-11-24: 527", "seed": seed}


def make_example():
    """The worked example of docs/random-draw.md §8, chosen by hand."""
    def party(name, secret):
        return {"party": name, "commitment": sm3(secret).hex(), "secret": secret.hex()}
    frame = [
        {"uscc": "91370102MA3C4XYK1Q", "region_code": "370102", "risk_class": "A",
         "product_categories": ["helmet"]},
        {"uscc": "91370102MA3D0TQH5B", "region_code": "370102", "risk_class": "B",
         "product_categories": ["child-car-seat", "helmet"]},
        {"uscc": "91370211MA3E7PLW2N", "region_code": "370211", "risk_class": "B",
         "product_categories": ["wire-cable"]},
        {"uscc": "91371302MA3F2RDJ8K", "region_code": "371302", "risk_class": "B",
         "product_categories": ["wire-cable"]},
        {"uscc": "91370211MA3G9HNC4U", "region_code": "370211", "risk_class": "D",
         "product_categories": ["wire-cable"]},
    ]
    excluded = [
        {"uscc": "91370103MA3H1KQX6T", "reason": "recently_checked", "evidence": "draw:7#3",
         "region_code": "370103", "product_categories": ["helmet"]},
        {"uscc": "91370102MA3J5WRB0P", "reason": "already_drawn_in_plan",
         "evidence": "draw:11#2", "region_code": "370102", "product_categories": ["wire-cable"]},
        {"uscc": "91371302MA3K8MTF3L", "reason": "out_of_scope",
         "evidence": "categories:fertiliser", "region_code": "371302",
         "product_categories": ["fertiliser"]},
    ]
    pool = [
        {"id": "INSP-1", "unit": "济南市市场监督管理局", "region_code": "370100",
         "qualifications": ["general"], "conflicts": ["91370102MA3C4XYK1Q"]},
        {"id": "INSP-2", "unit": "济南市市场监督管理局", "region_code": "370100",
         "qualifications": ["helmet"], "conflicts": []},
        {"id": "INSP-3", "unit": "青岛市市场监督管理局", "region_code": "370200",
         "qualifications": ["general"], "conflicts": []},
        {"id": "INSP-4", "unit": "临沂市市场监督管理局", "region_code": "371300",
         "qualifications": ["helmet"], "conflicts": []},
        {"id": "INSP-5", "unit": "青岛市市场监督管理局", "region_code": "370200",
         "qualifications": ["wire-cable"], "conflicts": []},
    ]
    parameters = {"plan_id": "SD-2026-EX-1", "authority": "山东省市场监督管理局",
                  "draw_date": "2026-11-24", "product_categories": ["helmet", "wire-cable"],
                  "quotas": {"A": {"fixed": 1}, "B": {"rate_bp": 5000},
                             "C": {"fixed": 1}, "D": {"rate_bp": 10000}},
                  "rounding": "ceil", "inspectors_per_task": 2, "max_tasks_per_inspector": 2,
                  "locality": "cross_region", "recheck_months": 6}
    contributions = [party("bureau", bytes(range(32))), party("纪检监察组", b"\x11" * 16),
                     party("公证处", b"\x22" * 16)]
    return {"algorithm": ALGORITHM, "parameters": parameters, "frame": frame,
            "excluded": excluded, "pool": pool, "contributions": contributions,
            "beacon_source": "福彩3D 2026-11-24 开奖号码", "beacon": "福彩3D 2026-11-24: 527"}


def main():
    if len(sys.argv) >= 2 and sys.argv[1] in ("make-case", "make-example"):
        made = make_case() if sys.argv[1] == "make-case" else make_example()
        json.dump(made, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    if len(sys.argv) != 3 or sys.argv[1] != "draw":
        sys.exit(__doc__)
    with open(sys.argv[2], encoding="utf-8") as f:
        record = json.load(f)
    result = {
        "frame_hash": sm3(frame_bytes(record["frame"])).hex(),
        "pool_hash": sm3(pool_bytes(record["pool"])).hex(),
        "parameters_hash": sm3(parameters_bytes(record["parameters"])).hex(),
    }
    if record.get("contributions"):
        record["seed"] = contributions_seed(record["contributions"])
        result["commitment"] = contributions_commitment(record["contributions"],
                                                        record.get("beacon_source", ""))
        result["seed"] = record["seed"]
    else:
        result["commitment"] = sm3(bytes.fromhex(record["seed"])).hex()
    if "excluded" in record:
        result["scope_hash"] = sm3(scope_bytes(record["frame"], record["excluded"])).hex()
        result["exclusions_hash"] = sm3(exclusions_bytes(record["excluded"])).hex()
    result["tasks"] = draw(record)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
