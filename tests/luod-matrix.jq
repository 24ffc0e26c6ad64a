# What "luod -j matrix" says of each pair of kernels, a line each:
#   FROM -> TO: yes TYPE-vN...      (the versions chosen)
#   FROM -> TO: no TYPE: REASON; ... (what is refused: the rule, and why)
.pairs[] | "\(.from) -> \(.to): " +
	if .compatible then
		"yes " + ([.types[] | select(.verdict == "ok") |
			   "\(.type)-v\(.version)"] | join(" "))
	else
		"no " + ([.types[] | select(.verdict == "refused") |
			  "\(.type): \(.reason)"] + [.reason // empty] |
			 join("; "))
	end
