#!/usr/bin/python3
"""Builds simulators/nb201/data/nb201_table.bin, the NAS-Bench-201 table built into dsegym, from
the benchmark's CSV files (a data root's nb201/ folder; see its SOURCE.md).

Usage: /usr/bin/python3 simulators/nb201/tools/make_nb201_table.py [NB201_DIR] [OUT]
       (defaults: ../shared/data/nb201 next to the checkout, simulators/nb201/data/nb201_table.bin)

Only the Python standard library is used. Every value is stored exactly: a CSV field with d
decimals is the integer m = field * 10^d; a column stores all its values at its largest d (D) as
fixed-width unsigned integers, so the reader's m / 10^D (both exact doubles, one correctly rounded
division) is the same double as parsing the field. The format (all integers little-endian):

  magic "DSGNB201" | u32 format version (1) | u32 rows (15625) | u32 columns
  per column: u8 name length | name (ASCII "<file stem>:<column>") | u8 D | u8 bits |
              ceil(rows * bits / 8) bytes: value i at bit offset i * bits, LSB first
  u32 CRC-32 (zlib polynomial) of everything before it

Rows are in arch_index order; every file must list the same arch_string for each index (the C++
loader checks those strings against the official order when it reads the CSVs, and a test compares
the built-in table with the CSVs value by value).
"""
import csv
import os
import struct
import sys
import zlib

ROWS = 15625

# (file, columns): what nas/NB201-v0 needs on the tabular backend. flops/params are analytic
# (cost_model.cpp) and checked against the CSVs by the tests; the HELP GPU/CPU latencies do not fit
# the 1 MB budget and stay in the CSV files.
COLUMNS = [
    ("cifar10-valid", ["valid_acc_12", "train_time_per_epoch_s_200", "valid_time_per_epoch_s_200"]),
    ("cifar10", ["test_acc_200"]),
    ("cifar100", ["valid_acc_12", "test_acc_200"]),
    ("ImageNet16-120", ["valid_acc_12", "test_acc_200"]),
    ("hw_metrics", ["hwnasbench_c10_eyeriss_latency_ms", "hwnasbench_c10_fpga_latency_ms",
                    "hwnasbench_c10_pixel3_latency_ms", "hwnasbench_c10_raspi4_latency_ms",
                    "help_pixel2_latency_ms", "help_samsung_a50_latency_ms",
                    "help_samsung_s7_latency_ms", "help_essential_ph_1_latency_ms"]),
]


def decimal(field, where):
    if not field or any(c not in "0123456789." for c in field) or field.count(".") > 1:
        sys.exit("%s: %r is not a plain non-negative decimal number" % (where, field))
    whole, _, frac = field.partition(".")
    return int((whole or "0") + frac), len(frac)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", "..", ".."))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "nb201")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "data", "nb201_table.bin")
    blob = bytearray(b"DSGNB201")
    ncols = sum(len(c) for _, c in COLUMNS)
    blob += struct.pack("<III", 1, ROWS, ncols)
    first_strings = None
    for stem, cols in COLUMNS:
        path = os.path.join(src, stem + ".csv")
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        if len(rows) != ROWS:
            sys.exit("%s: %d rows, expected %d" % (path, len(rows), ROWS))
        for i, r in enumerate(rows):
            if r["arch_index"] != str(i):
                sys.exit("%s: row %d has arch_index %r, expected %d" % (path, i + 2, r["arch_index"], i))
        strings = [r["arch_string"] for r in rows]
        if first_strings is None:
            first_strings = strings
        elif strings != first_strings:
            sys.exit("%s: arch_string differs from %s.csv" % (path, COLUMNS[0][0]))
        for col in cols:
            vals = [decimal(r[col], "%s column %s row %d" % (path, col, i + 2)) for i, r in enumerate(rows)]
            d = max(dd for _, dd in vals)
            ints = [m * 10 ** (d - dd) for m, dd in vals]
            bits = max(1, max(v.bit_length() for v in ints))
            if bits > 52 or d > 22:
                sys.exit("%s column %s: needs %d bits / %d decimals, beyond exact doubles" % (path, col, bits, d))
            name = ("%s:%s" % (stem, col)).encode()
            blob += struct.pack("<B", len(name)) + name + struct.pack("<BB", d, bits)
            acc = 0
            for i, v in enumerate(ints):
                acc |= v << (i * bits)
            blob += acc.to_bytes((ROWS * bits + 7) // 8, "little")
    blob += struct.pack("<I", zlib.crc32(bytes(blob)) & 0xFFFFFFFF)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        f.write(blob)
    print("wrote %s: %d bytes, %d columns" % (out, len(blob), ncols))


if __name__ == "__main__":
    main()
