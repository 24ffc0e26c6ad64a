#!/usr/bin/env bash
# Boot one guest test: qemu-run.sh NAME VARIANT TIMEOUT "GUEST ARGS".
# Serial goes to build/logs/NAME.log (and .ts with host timestamps). The
# verdict is the guest's LUOTEST-RESULT line, overruled by any panic,
# warning, oops or leak report anywhere in the log.
. "$(dirname "$0")/lib.sh"

name=$1 variant=$2 tmo=$3 args=$4
kernel=$OUT/$variant/arch/x86/boot/bzImage
initrd=$INITRD
[ -f "$kernel" ] || die "no kernel for variant $variant; run 'make kernels'"
[ -f "$initrd" ] || die "no initramfs; run 'make initramfs'"
mkdir -p "$LOGS"
log=$LOGS/$name.log

# slub_debug=FZP (slab checks) on every variant but 'bench', the one built
# without debug.config so that make bench measures no debug checks. Guests
# hand their command line on to the kernels they kexec (base_cmdline in
# tests/guest/lib.sh), so a bench run stays without it throughout.
# Words qemu.KEY=VALUE in the arguments set up the emulator, not the guest:
#   qemu.smp=N       vCPUs (default 2)
#   qemu.cpu=MODEL   CPU model (default max)
#   qemu.accel=ACCEL e.g. tcg,thread=single (default: $LUO_QEMU_ACCEL, or
#                    QEMU's own: multi-threaded TCG)
#   qemu.numa=2      two NUMA nodes, half the memory and one vCPU each
#   qemu.efi=1       boot through OVMF (UEFI firmware) with its own
#                    variable store, instead of the legacy BIOS
smp=2 cpu=max mem=${LUO_GUEST_MEM:-3G} accel=${LUO_QEMU_ACCEL:-}
extra=() gargs=()
for w in $args; do
	case $w in
	qemu.smp=*) smp=${w#*=} ;;
	qemu.cpu=*) cpu=${w#*=} ;;
	qemu.accel=*) accel=${w#*=} ;;
	qemu.numa=2)
		half=$(( $(numfmt --from=iec "$mem") / 2 ))
		for n in 0 1; do
			extra+=(-object "memory-backend-ram,id=m$n,size=$half"
				-numa "node,nodeid=$n,memdev=m$n")
		done
		extra+=(-numa cpu,node-id=0,socket-id=0 -numa cpu,node-id=1,socket-id=1)
		smp="2,sockets=2,cores=1,threads=1"
		;;
	qemu.efi=1)
		cp /usr/share/OVMF/OVMF_VARS_4M.fd "$log.efivars"
		extra+=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
			-drive "if=pflash,format=raw,unit=1,file=$log.efivars")
		;;
	qemu.*) die "unknown emulator option $w" ;;
	*) gargs+=("$w") ;;
	esac
done

[ -z "$accel" ] || extra+=(-accel "$accel")

cmdline="console=ttyS0 panic=-1 retain_initrd"
[ "$variant" = bench ] || [ "${LUO_SLUB_DEBUG:-1}" = 0 ] ||
	cmdline="$cmdline slub_debug=FZP"
cmdline="$cmdline luotest=${name%%@*} ${gargs[*]}"

start=$(date +%s.%N)
set +e
timeout --foreground -k 5 "$tmo" qemu-system-x86_64 \
	-machine pc -cpu "$cpu" -smp "$smp" -m "$mem" "${extra[@]}" \
	-display none -monitor none -serial stdio -no-reboot \
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
	</dev/null 2>"$log.qemu" | python3 "$TOP/scripts/serial-stamp.py" "$log"
status=${PIPESTATUS[0]}
set -e
secs=$(echo "$(date +%s.%N) - $start" | bc)

why=
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
	why="timed out after ${tmo}s"
elif grep -a -q -E 'Kernel panic|BUG:|UBSAN:|Oops|WARNING:|general protection fault|kmemleak: [0-9]+ new suspected' "$log"; then
	why="the kernel log has a panic, oops, warning or leak"
elif ! grep -a -q "^LUOTEST-RESULT: ${name%%@*} PASS" "$log"; then
	why=$(grep -a '^LUOTEST-RESULT:' "$log" | tail -1)
	why=${why:-"no verdict from the guest (qemu exit $status)"}
fi
if [ -n "$why" ]; then
	printf 'FAIL %-28s %6.1fs  %s\n' "$name" "$secs" "$why"
	echo "---- last lines of $log ----"
	tail -n 40 "$log" | sed 's/^/  | /'
	[ -s "$log.qemu" ] && sed 's/^/  qemu: /' "$log.qemu"
	exit 1
fi
printf 'PASS %-28s %6.1fs\n' "$name" "$secs"
