#!/usr/bin/env python3
"""Writes gbt2828_single_sampling.tsv from a public cell-by-cell transcription of GB/T 2828.1-2012
(= ISO 2859-1:1999) Tables 2-A, 2-B and 2-C, and prints the tables in the arrow notation of
sampling_plan.cc.

Source: github.com/nihantao-crosis/quality-platform at commit
3715756c6cae4291e30ec7ae0336d0273c7e08e5, files
src/core/__tests__/fixtures/gbt2828-1-2012-tables-2abc-full16.tsv (AQL 0.010-10) and
src/core/__tests__/fixtures/gbt2828-1-2012-tables-2abc-aql15-1000.tsv (AQL 15-1000).
Each cell there is "final code letter / n / Ac / Re" after following the arrows, or "-" where the
printed table has no plan. Their headers state how the cells were read from a scan of the printed
standard (pages 21-23, printed pages 15-17): two transcribers per table, compared by machine and
against a factory spreadsheet, Re written out per cell rather than computed as Ac + 1.

Usage:
  /usr/bin/python3 convert_gbt2828_transcription.py DIR > gbt2828_single_sampling.tsv
  /usr/bin/python3 convert_gbt2828_transcription.py DIR --arrows   # rows for sampling_plan.cc
DIR holds the two source files.
"""
import os
import sys

LETTERS = "ABCDEFGHJKLMNPQRS"
FILES = ["gbt2828-1-2012-tables-2abc-full16.tsv", "gbt2828-1-2012-tables-2abc-aql15-1000.tsv"]
TABLES = ["normal", "tightened", "reduced"]


def load(directory):
    """{(table, code letter): {aql text: cell}} with cells as (letter, n, ac, re) or None."""
    cells = {}
    for name in FILES:
        header = None
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                parts = line.rstrip("\n").split("\t")
                if parts[0] == "state":
                    header = parts
                    continue
                row = cells.setdefault((parts[0], parts[4]), {})
                for column, value in zip(header[5:], parts[5:]):
                    aql = column.removeprefix("aql_")
                    if value == "-":
                        row[aql] = None
                        continue
                    letter, n, ac, re = value.split("/")
                    if int(re) != int(ac) + 1:
                        sys.exit(f"{parts[0]} {parts[4]} {aql}: Re {re} is not Ac + 1")
                    row[aql] = (letter, int(n), int(ac), int(re))
    return cells


def aqls(cells):
    return list(cells[("normal", "A")].keys())


def write_reference(cells):
    print("# GB/T 2828.1-2012 Tables 2-A, 2-B, 2-C, arrows resolved, code letters A-R; written by")
    print("# convert_gbt2828_transcription.py from github.com/nihantao-crosis/quality-platform")
    print("# @3715756c6cae4291e30ec7ae0336d0273c7e08e5 (see README.md)")
    print("# table\tcode_letter\taql\tplan_letter\tn\tac\tre")
    for table in TABLES:
        for letter in LETTERS[:16]:
            for aql in aqls(cells):
                plan_letter, n, ac, re = cells[(table, letter)][aql]
                print(f"{table}\t{letter}\t{aql}\t{plan_letter}\t{n}\t{ac}\t{re}")


def write_arrows(cells):
    """A cell whose plan is its own row prints Ac; otherwise v (plan below) or ^ (plan above);
    "-" where the printed table is blank."""
    for table in TABLES:
        print(table)
        for letter in LETTERS:
            row = cells.get((table, letter))
            if row is None:
                continue
            tokens = []
            for aql in aqls(cells):
                cell = row[aql]
                if cell is None:
                    tokens.append("-")
                elif cell[0] == letter:
                    tokens.append(str(cell[2]))
                else:
                    tokens.append("v" if LETTERS.index(cell[0]) > LETTERS.index(letter) else "^")
            print(f'    "{" ".join(tokens)}",  // {letter}')


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] != "--arrows"):
        sys.exit(__doc__)
    data = load(sys.argv[1])
    if len(sys.argv) == 3:
        write_arrows(data)
    else:
        write_reference(data)
