#!/usr/bin/env bash
# Builds tlrun's fuzz targets with libFuzzer (the Swift toolchain's, linked with its lld) and runs them.
# Usage: bash scripts/fuzz.sh [TARGET ...] [--seconds N]
#   targets: yaml sweep safetensors pth pthviews png jpeg idx csv (default: all, one after the other), N: seconds each (default 60)
# Seeds come from the repository (pipelines, broken-pipeline corpus, fixtures, generated images); libFuzzer's own
# corpus grows in .build/fuzz/corpus/<target>. A crash or hang is written to Fuzz/findings/<target>/ and the
# script exits 1: make it a regression test in the reader's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(yaml sweep safetensors pth pthviews png jpeg idx csv)

seeds=.build/fuzz/seeds
mkdir -p "$seeds"
if [ ! -e "$seeds/.made" ]; then
  mkdir -p "$seeds"/{yaml,sweep,safetensors,pth,pthviews,png,jpeg,idx,csv}
  cp pipelines/sweeps/*.yaml "$seeds/sweep/" 2>/dev/null || true
  printf '\002\001\000\003\001\001\002\002\001\003\001\000\001\000' > "$seeds/pthviews/views"
  cp pipelines/*.yaml pipelines/base/*.yaml Tests/TLGraphTests/Broken/*.yaml "$seeds/yaml/" 2>/dev/null || true
  cp Tests/Fixtures/pth_variants/*.safetensors Tests/Fixtures/seed_cnn.weights.safetensors "$seeds/safetensors/" 2>/dev/null || true
  cp Tests/Fixtures/pth_variants/*.pth Tests/Fixtures/seed_cnn.pth "$seeds/pth/" 2>/dev/null || true
  python3 - "$seeds" <<'PY'
import gzip, struct, sys, zlib
seeds = sys.argv[1]
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
for name, (colour, samples) in {'gray': (0, 1), 'rgb': (2, 3), 'rgba': (6, 4)}.items():
    rows = b''.join(b'\x00' + bytes((x * 37 + y * 11) % 256 for x in range(8 * samples)) for y in range(8))
    png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 8, 8, 8, colour, 0, 0, 0))
    open(f'{seeds}/png/{name}.png', 'wb').write(png + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))
images = bytes([0, 0, 8, 3]) + struct.pack('>III', 2, 4, 4) + bytes(range(32))
open(f'{seeds}/idx/images-idx3-ubyte', 'wb').write(images)
open(f'{seeds}/idx/images-idx3-ubyte.gz', 'wb').write(gzip.compress(images))
open(f'{seeds}/idx/labels-idx1-ubyte', 'wb').write(bytes([0, 0, 8, 1]) + struct.pack('>I', 2) + bytes([1, 0]))
open(f'{seeds}/csv/list.csv', 'w').write('path,label\na/1.png,cat\n"b, c/2.png",dog\n3.png,"quoted ""label"""\n')
# 8x8 gray and colour baseline JPEGs (written by libjpeg at quality 75), as hex.
open(f'{seeds}/jpeg/gray.jpg', 'wb').write(bytes.fromhex('ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080008000801011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00e76dbe1b74fdc7e95fffd9'))
open(f'{seeds}/jpeg/colour.jpg', 'wb').write(bytes.fromhex('ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffdb0043010909090c0b0c180d0d1832211c213232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232ffc00011080008000803012200021101031101ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc4001f0100030101010101010101010000000000000102030405060708090a0bffc400b51100020102040403040705040400010277000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c03010002110311003f00e49347ff00668a28afa63e78ffd9'))
PY
  touch "$seeds/.made"
fi

status=0
for target in "${targets[@]}"; do
  TLRUN_FUZZ=1 swift build -c release --build-path .build/fuzz --product "fuzz-$target" \
    -Xswiftc -sanitize=fuzzer -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld >/dev/null
  corpus=.build/fuzz/corpus/$target findings=Fuzz/findings/$target
  mkdir -p "$corpus" "$findings"
  echo "fuzz-$target: $seconds s"
  # Swift's own crash reporter would take the signal first and libFuzzer would keep no crash input.
  if ! SWIFT_BACKTRACE=enable=no ".build/fuzz/release/fuzz-$target" "$corpus" "$seeds/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
      -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+.*DONE)|ERROR|SUMMARY|artifact"; then
    :
  fi
  if [ -n "$(find "$findings" -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' | head -n 1)" ]; then status=1; fi
done
exit $status
