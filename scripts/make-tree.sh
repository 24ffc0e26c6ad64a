#!/usr/bin/env bash
# Build the kernel git tree under build/linux: the pinned base as one
# reproducible commit tagged 'base', then patches/series applied with
# git am. An existing tree is reused (reset to base) but never clobbered
# while it holds work that is not in patches/; one already made from the
# same BASE and patches is left as it is, so that nothing gets rebuilt.
. "$(dirname "$0")/lib.sh"

base_msg="Debian $PKG $DEBVER (sha256 $SHA256)"
# In the tree's git directory (build/linux/.git may be a worktree's file).
applied_stamp() { echo "$(tgit rev-parse --absolute-git-dir)/luo-applied"; }

# Print the stable patch-ids of a list of patch files or of base..HEAD.
patch_ids_of_files() {
	local p
	for p in "$@"; do
		case "$p" in *cover-letter*) continue ;; esac
		git patch-id --stable <"$p" | cut -d' ' -f1
	done | sort
}
patch_ids_of_tree() {
	local c
	tgit rev-list base..HEAD | while read -r c; do
		tgit show "$c" | git patch-id --stable | cut -d' ' -f1
	done | sort
}

series_files() {
	[ -f "$TOP/patches/series" ] || return 0
	grep -v -e '^#' -e '^[[:space:]]*$' "$TOP/patches/series" | sed "s#^#$TOP/patches/#"
}

refuse_if_unsaved() {
	local dirty
	dirty=$(tgit status --porcelain --untracked-files=no)
	if [ -n "$dirty" ]; then
		echo "$dirty" >&2
		die "$TREE has uncommitted changes; commit them and 'make export', or remove the tree"
	fi
	if tgit rev-parse -q --verify HEAD >/dev/null &&
	   [ "$(patch_ids_of_tree)" != "$(mapfile -t f < <(series_files); patch_ids_of_files "${f[@]}")" ]; then
		tgit log --oneline base..HEAD >&2
		die "$TREE holds commits that differ from patches/; run 'make export' first (or remove the tree to discard them)"
	fi
}

# Whether the tree, exported, gives patches/ byte for byte (a tree that
# was edited and then exported): then applying again changes nothing.
exports_as_patches() {
	local tmp rc=0
	tmp=$(mktemp -d)
	"$TOP/scripts/export.sh" "$tmp" >/dev/null 2>&1 &&
		diff -rq -x '*cover-letter*' "$tmp" "$TOP/patches" >/dev/null || rc=1
	rm -rf "$tmp"
	return $rc
}

unpack_base() {
	local deb tmp
	deb=$("$TOP/scripts/fetch-base.sh")
	tmp=$BUILD/unpack.$$
	rm -rf "$tmp" && mkdir -p "$tmp"
	note "unpacking $deb"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$PKG.tar.xz" |
		xz -T"$JOBS" -d | tar -x -C "$tmp"
	rm -rf "$TREE"
	mv "$tmp/$PKG" "$TREE"
	rmdir "$tmp"

	# Debian's .gitignore ends by ignoring the whole top level; drop that
	# block so the base commit holds every file.
	sed -i '/^# Debian packaging: ignore everything/,$d' "$TREE/.gitignore"
	sed -i -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$TREE/.gitignore"
	sed -i '$ { /^#$/d }' "$TREE/.gitignore"

	note "committing the base (about half a minute)"
	tgit init -q -b main
	tgit config gc.auto 0
	tgit config core.abbrev 12
	tgit add -A -f
	GIT_AUTHOR_NAME=$BASE_IDENT_NAME GIT_AUTHOR_EMAIL=$BASE_IDENT_EMAIL \
	GIT_COMMITTER_NAME=$BASE_IDENT_NAME GIT_COMMITTER_EMAIL=$BASE_IDENT_EMAIL \
	GIT_AUTHOR_DATE=$BASE_DATE GIT_COMMITTER_DATE=$BASE_DATE \
		tgit commit -q -m "$base_msg"
	GIT_COMMITTER_NAME=$BASE_IDENT_NAME GIT_COMMITTER_EMAIL=$BASE_IDENT_EMAIL \
	GIT_COMMITTER_DATE=$BASE_DATE tgit tag -a -m "$base_msg" base
}

# The stamp of an applied tree: its inputs (BASE, the series, the patches)
# and the HEAD git am made of them.
stamp() {
	echo "$(cat "$TOP/BASE" "$TOP/patches/series" "${patches[@]}" | sha256sum | cut -d' ' -f1)" \
		"$(tgit rev-parse HEAD)"
}

mapfile -t patches < <(series_files)
if [ -e "$TREE/.git" ] && tgit rev-parse -q --verify base >/dev/null; then
	refuse_if_unsaved
	if [ "$(tgit tag -l --format='%(contents:subject)' base)" != "$base_msg" ]; then
		die "$TREE was made from another base than BASE pins; remove it to rebuild"
	fi
	applied=$(applied_stamp)
	if [ "$(cat "$applied" 2>/dev/null)" = "$(stamp)" ] || exports_as_patches; then
		stamp >"$applied"
		note "tree ready: $TREE at $(tgit describe --always --tags) (patches already applied)"
		exit 0
	fi
	rm -f "$applied"
	note "reusing the base commit in $TREE"
	tgit checkout -q -B "$(tgit symbolic-ref -q --short HEAD || echo main)" base
	tgit reset -q --hard base
else
	unpack_base
fi

if [ ${#patches[@]} -gt 0 ]; then
	note "applying ${#patches[@]} patches"
	GIT_COMMITTER_NAME=$AM_IDENT_NAME GIT_COMMITTER_EMAIL=$AM_IDENT_EMAIL \
		tgit am -q --3way --committer-date-is-author-date "${patches[@]}" ||
		die "git am failed; resolve in $TREE (git am --continue) then 'make export'"
fi
stamp >"$(applied_stamp)"
note "tree ready: $TREE at $(tgit describe --always --tags)"
