#!/bin/bash
# kernel-vm.sh: run one shell command inside a throwaway qemu guest that boots a real Debian
# kernel with DAMON sysfs. The guest runs this host's own userland (node, node_modules), shared
# read-only over virtio-9p; the project directory is shared read-write at the same path.
#
#   KERNEL=7.3 bash scripts/kernel-vm.sh <project-dir> '<command run in project-dir in the guest>'
#
# KERNEL   which kernel to boot (default 7.3):
#            7.3  newest 7.3.x from trixie-backports (has contexts/N/pause)
#            7.2  newest 7.2.x from sid               (has pause)
#            7.1, 7.0, 6.18  newest of that series from trixie-backports, if still published
#            6.12 newest 6.12.x from bookworm-security (no pause)
#            or an exact Debian flavour version such as 6.12.117+deb12-amd64
# SUITE, KPATTERN   override the suite and the flavour regex that KERNEL selects
# WORK     cache and scratch directory (default /tmp/damon-lens-vm)
# OUT      directory for this run's results (default: a fresh one under $WORK/runs); the guest sees
#          it as /tmp/out (writable). It receives run.log, exit-code and console.log.
# TIMEOUT  seconds for the whole guest run (default 900); on timeout qemu is killed and we exit 124
# MEM      guest MiB (default 2048)      SMP guest CPUs (default 2)      APPEND extra kernel cmdline
# QUIET=1  do not echo run.log at the end (callers that read $OUT/run.log themselves)
#
# Exit status: the guest command's; 124 on timeout; 125 if the guest never reported one;
# 2 for a usage or setup error.
#
# The guest cmdline contains damon_test_vm=1 and damon_stat.enabled=N (Debian >= 6.18 kernels
# otherwise start damon_stat, which holds DAMON exclusively). Tests that write DAMON sysfs must
# check for damon_test_vm=1 in /proc/cmdline before writing anything.
# Needs root (apt installs, 9p with security_model=none).
set -euo pipefail

usage() { sed -n '2,27p' "$0" >&2; exit 2; }
[ $# -eq 2 ] || usage
PROJ=$(realpath "$1") || usage
CMD=$2
case "$PROJ" in *[[:space:]]*) echo "kernel-vm: project path must not contain spaces: $PROJ" >&2; exit 2;; esac
[ -d "$PROJ" ] || { echo "kernel-vm: not a directory: $PROJ" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "kernel-vm: needs root" >&2; exit 2; }

KERNEL=${KERNEL:-7.3}
WORK=${WORK:-/tmp/damon-lens-vm}
TIMEOUT=${TIMEOUT:-900}
MEM=${MEM:-2048}
SMP=${SMP:-2}
T0=$(date +%s.%N)
say() { printf '[kernel-vm %s +%.1fs] %s\n' "$KERNEL" "$(echo "$(date +%s.%N) - $T0" | bc)" "$*" >&2; }
command -v bc >/dev/null || say() { printf '[kernel-vm %s] %s\n' "$KERNEL" "$*" >&2; }

# ---------------------------------------------------------------- 1. host tools
export DEBIAN_FRONTEND=noninteractive
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
command -v xz >/dev/null || need+=(xz-utils)
command -v zstd >/dev/null || need+=(zstd)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${need[@]}" >/dev/null
fi

# ---------------------------------------------------------------- 2. which kernel
SERIES=
case "$KERNEL" in
  7.3|7.3.x) SERIES=7.3; : "${SUITE:=trixie-backports}"; : "${KPATTERN:=7\.3\.[0-9]+\+deb13-amd64}";;
  7.2|7.2.x) SERIES=7.2; : "${SUITE:=sid}";              : "${KPATTERN:=7\.2\.[0-9]+\+deb14-amd64}";;
  7.1|7.1.x) SERIES=7.1; : "${SUITE:=trixie-backports}"; : "${KPATTERN:=7\.1\.[0-9]+\+deb13-amd64}";;
  7.0|7.0.x) SERIES=7.0; : "${SUITE:=trixie-backports}"; : "${KPATTERN:=7\.0\.[0-9]+\+deb13-amd64}";;
  6.18|6.18.x) SERIES=6.18; : "${SUITE:=trixie-backports}"; : "${KPATTERN:=6\.18\.[0-9]+\+deb13-amd64}";;
  6.12|6.12.x) SERIES=6.12; : "${SUITE:=bookworm-security}"; : "${KPATTERN:=6\.12\.[0-9]+\+deb12-amd64}";;
  *+deb12-*) KVER=$KERNEL; : "${SUITE:=bookworm-security}";;
  *+deb13-*) KVER=$KERNEL; : "${SUITE:=trixie-backports}";;
  *+deb14-*) KVER=$KERNEL; : "${SUITE:=sid}";;
  *) echo "kernel-vm: unknown KERNEL=$KERNEL (use 7.3, 7.2, 7.1, 7.0, 6.18, 6.12 or an exact flavour version)" >&2; exit 2;;
esac
KVER=${KVER:-}
mkdir -p "$WORK"
exec 9>"$WORK/.lock-$SUITE"   # serialises apt and extraction per suite; released before booting

APT=$WORK/apt/$SUITE
mkdir -p "$APT"/{lists/partial,cache/archives/partial}
MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$MIRROR" ] || MIRROR=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$MIRROR" ] || MIRROR=http://deb.debian.org/debian
MIRROR=${MIRROR%/}
case "$SUITE" in *-security) MIRROR=${MIRROR%/debian}/debian-security;; esac
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR $SUITE main" > "$APT/sources.list"
cat > "$APT/apt.conf" <<EOF
Dir::Etc::SourceList "$APT/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$APT/lists";
Dir::State::Status "/var/lib/dpkg/status";
Dir::Cache "$APT/cache";
APT::Sandbox::User "root";
EOF
export APT_CONFIG=$APT/apt.conf

flock 9
apt_update() { say "apt-get update ($SUITE, private config)"; apt-get update -qq >/dev/null; touch "$APT/.updated"; }
resolve_kver() {
  if [ -n "${KPATTERN:-}" ]; then
    apt-cache search --names-only "^linux-image-${KPATTERN}\$" 2>/dev/null \
      | awk '{sub("^linux-image-","",$1); print $1}' | grep -v -- '-unsigned$' | sort -V | tail -1
  fi
}
# The series -> exact version answer is cached for 6 h; an exact KVER needs no index when cached.
CACHED_KVER=
if [ -z "$KVER" ] && [ -f "$WORK/kver-$KERNEL" ] && [ -n "$(find "$WORK/kver-$KERNEL" -mmin -360)" ]; then
  CACHED_KVER=$(cat "$WORK/kver-$KERNEL")
  [ -f "$WORK/kernels/$CACHED_KVER/.done" ] && KVER=$CACHED_KVER
fi
if [ -z "$KVER" ] || [ ! -f "$WORK/kernels/$KVER/.done" ]; then
  [ -f "$APT/.updated" ] && [ -n "$(find "$APT/.updated" -mmin -360)" ] || apt_update
  [ -n "$KVER" ] || KVER=$(resolve_kver)
  if [ -z "$KVER" ]; then apt_update; KVER=$(resolve_kver); fi
  [ -n "$KVER" ] || { echo "kernel-vm: no kernel matching ^linux-image-$KPATTERN\$ in $SUITE" >&2; exit 2; }
  [ -n "$SERIES" ] && echo "$KVER" > "$WORK/kver-$KERNEL"
fi

# ---------------------------------------------------------------- 3. kernel download and extract (cached)
KDIR=$WORK/kernels/$KVER
if [ ! -f "$KDIR/.done-init2" ]; then
  rm -rf "$KDIR"; mkdir -p "$KDIR/debs" "$KDIR/root"
  if apt-cache show "linux-binary-$KVER" >/dev/null 2>&1; then   # 7.x: split packages
    pkgs=("linux-binary-$KVER" "linux-modules-$KVER" "linux-base-$KVER")
  else                                                             # up to 6.18: one package
    pkgs=("linux-image-$KVER")
  fi
  say "downloading ${pkgs[*]}"
  (cd "$KDIR/debs" && apt-get download -qq "${pkgs[@]}")
  for f in "$KDIR"/debs/*.deb; do dpkg-deb -x "$f" "$KDIR/root"; done
  VMLINUZ=$(find "$KDIR/root" -name 'vmlinuz*' | head -1)
  CONFIG=$(find "$KDIR/root" \( -name "config-$KVER" -o -path "*/$KVER/config" \) | head -1)
  [ -n "$VMLINUZ" ] && [ -n "$CONFIG" ] || { echo "kernel-vm: no vmlinuz or config in ${pkgs[*]}" >&2; exit 2; }
  grep -q '^CONFIG_DAMON_SYSFS=y' "$CONFIG" || { echo "kernel-vm: $KVER has no CONFIG_DAMON_SYSFS" >&2; exit 2; }
  cp "$VMLINUZ" "$KDIR/vmlinuz"; cp "$CONFIG" "$KDIR/config"
  # initramfs: static busybox, the 9p modules (when built as modules), and our /init
  IR=$KDIR/initramfs; mkdir -p "$IR"/{bin,proc,sys,dev,tmp,mods,host}
  cp /bin/busybox "$IR/bin/busybox"
  for m in netfs 9pnet 9pnet_virtio 9p; do
    f=$(find "$KDIR/root" -name "$m.ko*" | head -1); [ -n "$f" ] || continue   # absent: built in
    case "$f" in *.xz) xz -dc "$f";; *.zst) zstd -dcq "$f";; *.gz) gzip -dc "$f";; *) cat "$f";; esac > "$IR/mods/$m.ko"
    echo "$m" >> "$IR/mods/order"
  done
  grep -Eq '^CONFIG_9P_FS=[ym]' "$CONFIG" || { echo "kernel-vm: $KVER has no 9p (use the -amd64 flavour, not -cloud)" >&2; exit 2; }
  cat > "$IR/init" <<'INIT'
#!/bin/busybox sh
# Guest init (written by scripts/kernel-vm.sh): mount the host root read-only, the run's out dir
# and the project read-write, chroot into the host userland, run /tmp/out/run.sh, power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
echo "=== GUEST-UP $(cut -d' ' -f1 /proc/uptime)s kernel=$(uname -r)"
[ -f /mods/order ] && for m in $(cat /mods/order); do insmod /mods/$m.ko || echo "=== insmod $m failed"; done
O=trans=virtio,version=9p2000.L,msize=512000
mount -t 9p -o $O,ro,cache=loose hostroot /host || { echo "=== mount hostroot failed"; poweroff -f; }
mount -t proc proc /host/proc
mount -t sysfs sysfs /host/sys
mount -t devtmpfs devtmpfs /host/dev
mount -t tmpfs tmpfs /host/tmp
mount -t debugfs debugfs /host/sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /host/sys/kernel/tracing 2>/dev/null
mkdir -p /host/tmp/out
mount -t 9p -o $O,rw out /host/tmp/out || { echo "=== mount out failed"; poweroff -f; }
P=
for a in $(cat /proc/cmdline); do case "$a" in projdir=*) P=${a#projdir=};; esac; done
# A project under /tmp (a fresh clone, a CI checkout) lands on the guest's own tmpfs: make its mount point.
if [ -n "$P" ]; then mkdir -p "/host$P" 2>/dev/null; mount -t 9p -o $O,rw proj "/host$P" || { echo "=== mount proj failed"; poweroff -f; }; fi
# Never let anything write through to the host's sysfs: /host/sys must be this guest's own.
[ "$(stat -f -c %T /host/sys)" = sysfs ] || { echo "=== guest sysfs not mounted, refusing"; poweroff -f; }
echo "=== RUN-START $(cut -d' ' -f1 /proc/uptime)s"
chroot /host /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 DAMON_TEST_VM=1 \
  PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin /bin/sh /tmp/out/run.sh > /host/tmp/out/run.log 2>&1
echo $? > /host/tmp/out/exit-code
echo "=== RUN-END rc=$(cat /host/tmp/out/exit-code) $(cut -d' ' -f1 /proc/uptime)s"
sync; umount /host/tmp/out; [ -n "$P" ] && umount "/host$P"
poweroff -f
INIT
  chmod +x "$IR/init"
  (cd "$IR" && find . | cpio -o -H newc --quiet | gzip -1) > "$KDIR/initramfs.cpio.gz"
  rm -rf "$KDIR/debs" "$KDIR/root" "$IR"
  touch "$KDIR/.done-init2"
  say "kernel $KVER cached in $KDIR"
fi
flock -u 9

# ---------------------------------------------------------------- 4. boot
if [ -z "${OUT:-}" ]; then
  mkdir -p "$WORK/runs"
  find "$WORK/runs" -mindepth 1 -maxdepth 1 -mmin +1440 -exec rm -rf {} + 2>/dev/null || true   # old runs
  OUT=$(mktemp -d "$WORK/runs/$KVER.XXXXXX")
fi
mkdir -p "$OUT"; OUT=$(realpath "$OUT")
rm -f "$OUT"/{run.log,exit-code,console.log,run.sh}
printf 'cd %q || exit 99\nexport DAMON_KERNEL=%q\n%s\n' "$PROJ" "$KVER" "$CMD" > "$OUT/run.sh"
say "booting $KVER (TCG, ${MEM} MiB, timeout ${TIMEOUT}s), results in $OUT"
set +e
timeout -k 5 "$TIMEOUT" qemu-system-x86_64 -accel tcg,thread=single -cpu max -smp "$SMP" -m "$MEM" \
  -nographic -no-reboot -nodefaults -display none -serial "file:$OUT/console.log" \
  -kernel "$KDIR/vmlinuz" -initrd "$KDIR/initramfs.cpio.gz" \
  -append "console=ttyS0 panic=-1 quiet damon_stat.enabled=N damon_test_vm=1 projdir=$PROJ ${APPEND:-}" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$OUT,mount_tag=out,security_model=none" \
  -virtfs "local,path=$PROJ,mount_tag=proj,security_model=none"
QRC=$?
set -e
grep -a '=== ' "$OUT/console.log" | sed 's/^[^=]*===/===/' >&2 || true
[ "${QUIET:-0}" = 1 ] || cat "$OUT/run.log" 2>/dev/null || true
if [ "$QRC" = 124 ] || [ "$QRC" = 137 ]; then
  say "TIMEOUT after ${TIMEOUT}s; the guest was killed (console: $OUT/console.log)"
  echo 124 > "$OUT/exit-code"; exit 124
fi
[ "$QRC" = 0 ] || say "qemu exited with $QRC"
if [ ! -s "$OUT/exit-code" ]; then
  say "the guest reported no exit code; last console lines:"; tail -20 "$OUT/console.log" >&2 || true
  exit 125
fi
RC=$(cat "$OUT/exit-code")
say "done, guest command exit code $RC"
exit "$RC"
