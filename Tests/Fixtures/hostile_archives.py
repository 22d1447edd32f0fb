"""Writes the hostile project archives of ServerArchiveCorpusTests into a folder, with
cases.json: [{"file", "kind", "expect" ("400" or "200"), "message" (a part of the 400 message)}].

Usage: python3 hostile_archives.py OUT_DIR
"""
import gzip
import io
import json
import os
import sys
import tarfile
import zlib

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
CASES = []
WORKFLOW = b"+t:\n  echo>: hi\n"


def info(name, data=b"", kind=tarfile.REGTYPE, link="", mode=0o644):
    entry = tarfile.TarInfo(name)
    entry.type = kind
    entry.size = len(data) if kind == tarfile.REGTYPE else 0
    entry.linkname = link
    entry.mode = mode
    return entry, (io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def tar_bytes(entries, fmt=tarfile.PAX_FORMAT):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        for entry in entries:
            t.addfile(*entry)
    return buf.getvalue()


def case(name, kind, payload, expect="400", message=""):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(payload)
    CASES.append({"file": name, "kind": kind, "expect": expect, "message": message})


def targz(entries, **kw):
    return gzip.compress(tar_bytes(entries, **kw), compresslevel=6)


def ok():
    return info("wf.dig", WORKFLOW)


# Paths out of the project.
for i, bad in enumerate(["../evil.dig", "/abs.dig", "a/../../x.dig", "./../x.dig", "a/b/../../../x.dig"]):
    case(f"traversal-{i}.tar.gz", "path traversal", targz([ok(), info(bad, WORKFLOW)]), message="Bad zip entry")
# Symlinks out, and files written through a symlink.
case("symlink-out.tar.gz", "symlink out", targz([ok(), info("out", kind=tarfile.SYMTYPE, link="../../etc/passwd")]),
     message="Archive includes an invalid symlink: out -> ../../etc/passwd")
case("symlink-abs.tar.gz", "symlink out", targz([ok(), info("etc", kind=tarfile.SYMTYPE, link="/etc")]))
case("symlink-through.tar.gz", "write through symlink",
     targz([ok(), info("d", kind=tarfile.SYMTYPE, link="."), info("d/../../x.dig", WORKFLOW)]))
case("symlink-chain.tar.gz", "symlink out",
     targz([ok(), info("a", kind=tarfile.SYMTYPE, link="b/.."), info("b", kind=tarfile.SYMTYPE, link=".."),
            info("a/x.dig", WORKFLOW)]))
# Hard links out of the archive.
case("hardlink-out.tar.gz", "hard link out", targz([ok(), info("h", kind=tarfile.LNKTYPE, link="/etc/passwd")]))
case("hardlink-up.tar.gz", "hard link out", targz([ok(), info("h", kind=tarfile.LNKTYPE, link="../x")]))
case("hardlink-missing.tar.gz", "hard link to nothing", targz([ok(), info("h", kind=tarfile.LNKTYPE, link="nope")]))
# Device files and FIFOs.
for kind, name in [(tarfile.CHRTYPE, "chr"), (tarfile.BLKTYPE, "blk"), (tarfile.FIFOTYPE, "fifo")]:
    case(f"device-{name}.tar.gz", "device file", targz([ok(), info(name, kind=kind)]),
         message="which a project cannot hold")
# gzip bomb: 1 GiB of zeros in one entry, about 1 MB compressed.
bomb_entry = tarfile.TarInfo("bomb.dig")
bomb_entry.size = 1 << 30
header = bomb_entry.tobuf(format=tarfile.USTAR_FORMAT)
compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
parts = [compressor.compress(header)]
chunk = bytes(1 << 20)
for _ in range(1 << 10):
    parts.append(compressor.compress(chunk))
parts.append(compressor.compress(bytes(1024)))
parts.append(compressor.flush())
case("gzip-bomb.tar.gz", "gzip bomb", b"".join(parts), message="exceeds limit")
# Truncated and damaged streams.
good = targz([ok(), info("lib.yml", b"a: 1\n" * 2000)])
case("truncated-gzip.tar.gz", "truncated gzip", good[: len(good) // 2], message="Unexpected end of gzip data")
case("truncated-tar.tar.gz", "truncated tar", gzip.compress(tar_bytes([ok(), info("lib.yml", b"a: 1\n" * 2000)])[:1500]))
damaged = bytearray(good)
damaged[len(damaged) // 2] ^= 0xFF
case("damaged-gzip.tar.gz", "damaged gzip", bytes(damaged))
case("not-gzip.tar.gz", "not gzip", b"PK\x03\x04 this is a zip, not a tar.gz", message="Input is not in the .gz format")
case("empty-body.tar.gz", "empty body", b"")
case("garbage-tar.tar.gz", "garbage tar", gzip.compress(os.urandom(4096)))
# Names: invalid UTF-8, very long PAX paths, a file under a file, duplicates.
raw = bytearray(tar_bytes([ok(), info("x" * 10 + ".dig", WORKFLOW)], fmt=tarfile.USTAR_FORMAT))
name_offset = 1024  # second header
raw[name_offset:name_offset + 14] = b"\xff\xfe\xfd.dig" + bytes(6)
checksum = sum(raw[name_offset:name_offset + 148]) + 8 * 32 + sum(raw[name_offset + 156:name_offset + 512])
raw[name_offset + 148:name_offset + 156] = b"%06o\x00 " % checksum
case("invalid-utf8-name.tar.gz", "invalid UTF-8 name", gzip.compress(bytes(raw)), expect="any")
case("long-pax-path.tar.gz", "100 KB path", targz([ok(), info("d/" * 50000 + "x.dig", WORKFLOW)]),
     message="Archive includes a path longer than 4096 bytes")
case("file-under-file.tar.gz", "file under a file", targz([ok(), info("wf.dig/x.dig", WORKFLOW)]))
case("duplicate-entries.tar.gz", "duplicate entries", targz([ok(), ok(), info("wf.dig", b"+u:\n  echo>: again\n")]),
     expect="any")
case("invalid-workflow.tar.gz", "invalid workflow", targz([info("wf.dig", b"+t:\n  echo>: [unclosed\n")]),
     message="workflow wf.dig while parsing a flow sequence")
case("binary-workflow.tar.gz", "binary .dig", targz([info("wf.dig", os.urandom(2000))]))
# 100,000 tiny entries.
many = [info(f"f/{i}.txt", b"") for i in range(100_000)]
case("many-entries.tar.gz", "100,000 entries", targz([ok()] + many, fmt=tarfile.USTAR_FORMAT),
     message="Number of entries in the archive exceeds limit (10000)")

with open(os.path.join(OUT, "cases.json"), "w") as f:
    json.dump(CASES, f, indent=1)
print(len(CASES))
