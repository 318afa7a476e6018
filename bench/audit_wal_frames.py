#!/usr/bin/env python3
"""Pages (WAL frames) that one SQLite write transaction commits, with and without its audit entry.

The audit log's cost on SQLite is mostly the extra pages each commit writes (perf: kernel pwrite of
WAL frames dominates). Timings move by +-10 points on a shared machine; page counts do not, so this
gives the floor behind zq_bench_audit's ratios. Usage, on a database zq_bench_audit has run on
(it has the bench_writes table and a migrated schema):

    bench/audit_wal_frames.py /tmp/audit.db [TRANSACTIONS]

The audit entry is written as AuditLog::Append writes it on SQLite (advance audit_head, insert the
entry); "without head" leaves audit_head alone, to show what folding the head into the newest
entry would save. Writes rows with ids from 10^9 upwards and entries after the stored head; run it
on a scratch copy.
"""
import sqlite3
import sys

HASH = "a" * 64


def tiny(i, seq):
    return [f"INSERT INTO bench_writes (id, name, region_code) VALUES ({i}, '企业{i}', '370102')"]


def entry(i, seq, with_head=True):
    out = []
    if with_head:
        out.append(f"UPDATE audit_head SET seq = {seq}, hash = '{HASH}' WHERE id = 1")
    out.append(
        "INSERT INTO audit_log (seq, at, actor, role, action, object, request_id, source, detail, "
        f"prev_hash, hash) VALUES ({seq}, '2026-11-24T00:00:00.000Z', 'system', 'platform_admin', "
        f"'bench.write', 'bench:{i}', '', '', '', '{HASH}', '{HASH}')")
    return out


def frames_per_transaction(path, statements, n, first_id):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seq = max(con.execute("SELECT seq FROM audit_head").fetchone()[0],
              con.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_log").fetchone()[0])
    for k in range(n):
        con.execute("BEGIN IMMEDIATE")
        for sql in statements(first_id + k, seq + k + 1):
            con.execute(sql)
        con.execute("COMMIT")
    log_frames = con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
    con.close()
    return log_frames / n


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    indexes = [r[0] for r in sqlite3.connect(path).execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'")]
    print(f"{path}: audit_log indexes {indexes or 'none'} (besides its seq key); {n} transactions")
    base = frames_per_transaction(path, tiny, n, 10**9)
    full = frames_per_transaction(path, lambda i, s: tiny(i, s) + entry(i, s), n, 2 * 10**9)
    headless = frames_per_transaction(path, lambda i, s: tiny(i, s) + entry(i, s, False), n,
                                      3 * 10**9)
    print(f"  tiny row alone:               {base:5.2f} pages per commit (baseline)")
    print(f"  with its audit entry:         {full:5.2f} (+{100 * (full / base - 1):.0f}%)")
    print(f"  with the entry, head folded:  {headless:5.2f} (+{100 * (headless / base - 1):.0f}%)")


if __name__ == "__main__":
    main()
