# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# The command line: commands, help, options, strict numbers.

luod
want_rc 2
want_err "missing command"
ok "no command"

luod frobnicate
want_rc 2
want_err "invalid command 'frobnicate'"
ok "unknown command"

luod check
want_rc 2
want_err "give one IMAGE"
ok "check without an image"

luod versions --frob
want_rc 2
want_err "unknown option '--frob'"
ok "unknown option"

luod check --type
want_rc 2
want_err "needs an argument"
ok "missing option argument"

luod check --help
want_rc 0
want_out "^usage: luod check"
ok "command help"

luod help
want_rc 0
for c in versions check matrix update incoming daemon client help; do
	want_out "^  $c"
done
ok "help lists every command"

luod help check
want_rc 0
want_out "^usage: luod check \[--all\]"
want_lines 2
ok "help CMD helps with CMD"

luod help client
want_rc 0
want_out "^usage: luod client REQUEST"
want_out "^  retrieve SESSION TOKEN"
ok "help client: its requests"

luod help client preserve
want_rc 0
want_out "^usage: luod client preserve SESSION TOKEN"
ok "help client preserve"

luod client help retrieve
want_rc 0
want_out "^usage: luod client retrieve SESSION TOKEN"
ok "client help REQUEST"

luod client retrieve --help
want_rc 0
want_out "^usage: luod client retrieve"
ok "client REQUEST --help"

luod help frobnicate
want_rc 2
want_err "help: no command 'frobnicate'"
ok "help of an unknown command"

luod client
want_rc 2
want_err "client: missing request"
ok "client without a request"

luod client frob
want_rc 2
want_err "invalid command 'client frob'"
ok "client with an unknown request"

luod -V
want_rc 0
want_out "^luod "
ok "version"

# Numbers are numbers: "abc" is no descriptor 0 (stdin).
for arg in abc -1 3x "" 0x3 99999999999; do
	luod --socket "$T/none.sock" client preserve vm 1 --fd "$arg"
	want_bad "client preserve: --fd takes a number from 0 to 2147483647, not '$arg'"
	ok "client preserve --fd '$arg' is refused"
done
luod --socket "$T/none.sock" client retrieve vm 1 --fd x -- true
want_bad "client retrieve: --fd takes a number"
ok "client retrieve --fd x is refused"
luod --socket "$T/none.sock" client preserve vm 1x --memfd </dev/null
want_bad "bad token '1x'"
ok "a token that is not a number"
luod --socket "$T/none.sock" client preserve vm 1 --fd 99 </dev/null
want_bad "fd 99: Bad file descriptor"
ok "--fd of a descriptor that is not open"
luod --socket "$T/none.sock" --daemon-user nosuchuser-luod client status
want_bad "--daemon-user: no user 'nosuchuser-luod'"
ok "--daemon-user of no user"
luod daemon --group nosuchgroup-luod --socket "$T/none.sock"
want_bad "daemon: --group: no group 'nosuchgroup-luod'"
ok "daemon --group of no group"
