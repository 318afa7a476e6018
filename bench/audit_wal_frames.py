#!/usr/bin/env python3
"""Pages (WAL frames) that one SQLite write transaction commits, with and without its audit entry.

The audit log's cost on SQLite is mostly the extra pages each commit writes (perf: kernel pwrite of
WAL frames dominates). Timings move by +-10 points on a shared machine; page counts do not, so this
gives the floor behind zq_bench_audit's ratios. Usage, on a database zq_bench_audit has run on
(it has the bench_writes table and a migrated schema):

    bench/audit_wal_frames.py /tmp/audit.db [TRANSACTIONS]

The audit entry is written as AuditLog::Append writes it on SQLite since auth migration 0004 (move the
tail mark from the previous entry, insert the entry); "with audit_head advanced too" adds the
update of audit_head that every append made before, to show what the tail mark saves. Writes rows
with ids from 10^9 upwards and entries after the newest one; run it on a scratch copy.
"""
import sqlite3
import sys

HASH = "a" * 64
MAC = "v1:" + "b" * 64


def tiny(i, seq):
    return [f"INSERT INTO bench_writes (id, name, region_code) VALUES ({i}, '企业{i}', '370102')"]


def entity(i, seq):
    # A market entity as the registry writes it: the row and its seven indexes.
    return [
        "INSERT INTO entities (uscc, name, legal_representative, region_code, province_code, "
        "industry_code, entity_type, registered_capital_fen, established_on, status, size, address, "
        f"updated_at, legal_representative_index) VALUES ('91370102MA{i:08d}', '济南测试{i}有限公司', "
        f"'v1{i:064d}', '370102', '37', '3831', 'enterprise', 50000000, '2015-06-01', 'active', "
        f"'small', '山东省济南市历下区经十路{i}号', '2026-11-24T00:00:00.000Z', '{i:064x}')"]


def entry(i, seq, with_head=False):
    # The tail mark is the head's MAC ("v1:" + 64 hex, auth migration 0005), as AuditLog writes it.
    out = [f"UPDATE audit_log SET tail = NULL WHERE seq = {seq - 1} AND hash = '{HASH}' AND "
           f"tail = '{MAC}'"]
    if with_head:
        out.append(f"UPDATE audit_head SET seq = {seq}, hash = '{HASH}', mac = '{MAC}' WHERE id = 1")
    out.append(
        "INSERT INTO audit_log (seq, at, actor, role, action, object, request_id, source, detail, "
        f"hash, tail) VALUES ({seq}, '2026-11-24T00:00:00.000Z', 'system', 'platform_admin', "
        f"'bench.write', 'bench:{i}', '', '', '', '{HASH}', '{MAC}')")
    return out


def frames_per_transaction(path, statements, n, first_id):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seq = con.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_log").fetchone()[0]
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
    headed = frames_per_transaction(path, lambda i, s: tiny(i, s) + entry(i, s, True), n,
                                    3 * 10**9)
    print(f"  tiny row alone:                   {base:5.2f} pages per commit (baseline)")
    print(f"  with its audit entry:             {full:5.2f} (+{100 * (full / base - 1):.0f}%)")
    print(f"  with audit_head advanced too:     {headed:5.2f} (+{100 * (headed / base - 1):.0f}%)")
    ent = frames_per_transaction(path, entity, n, 4 * 10**6)
    ent_full = frames_per_transaction(path, lambda i, s: entity(i, s) + entry(i, s), n, 5 * 10**6)
    print(f"  market entity row alone:          {ent:5.2f} pages per commit (baseline)")
    print(f"  with its audit entry:             {ent_full:5.2f} (+{100 * (ent_full / ent - 1):.0f}%)")


if __name__ == "__main__":
    main()
