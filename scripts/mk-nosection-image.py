#!/usr/bin/env python3
"""Make a bzImage whose kernel lists no live update formats, for tests.

mk-nosection-image.py IN OUT: decompress IN's zstd payload, rename its
.liveupdate_versions section (same length, so nothing else moves),
recompress it and splice it back with the header's payload length fixed.
The result is a well-formed bzImage to load with kexec_file_load(); it is
never booted (its decompressor would find the payload resized).
"""
import struct
import subprocess
import sys

src, dst = sys.argv[1], sys.argv[2]
img = bytearray(open(src, 'rb').read())
setup_sects = img[0x1f1] or 4
start = (setup_sects + 1) * 512
off, plen = struct.unpack_from('<II', img, 0x248)
payload = bytes(img[start + off:start + off + plen])
if payload[:4] != b'\x28\xb5\x2f\xfd':
    sys.exit(f'{src}: not a zstd payload')
elf = subprocess.run(['zstd', '-dc'], input=payload[:-4], check=True,
                     capture_output=True).stdout
# The section names, in .shstrtab (the code has the name as a string too).
shoff, = struct.unpack_from('<Q', elf, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', elf, 0x3a)
stroff, strsize = struct.unpack_from('<QQ', elf, shoff + shstrndx * shentsize + 0x18)
strtab = elf[stroff:stroff + strsize]
name = b'.liveupdate_versions\0'
if strtab.count(name) != 1:
    sys.exit(f'{src}: {name!r} found {strtab.count(name)} times in .shstrtab')
strtab = strtab.replace(name, b'.liveupdate_nothing!\0')
elf = elf[:stroff] + strtab + elf[stroff + strsize:]
packed = subprocess.run(['zstd', '-19', '-c'], input=elf, check=True,
                        capture_output=True).stdout + struct.pack('<I', len(elf))
out = img[:start + off] + packed + img[start + off + plen:]
struct.pack_into('<I', out, 0x24c, len(packed))
open(dst, 'wb').write(out)
